using System.Globalization;
using System.Text.RegularExpressions;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// A value that may go into a Twenty REST filter. Twenty's filter grammar has no escape character, so only values
/// whose type guarantees they hold no quote, comma, bracket or parenthesis can be made: a UUID, an enum (SELECT)
/// value, an ISO date or timestamp, a number, a boolean, or a <c>client_code</c>. Free text has no factory on
/// purpose: it goes through GraphQL variables.
/// </summary>
public readonly partial record struct TwentyFilterValue
{
    private TwentyFilterValue(string text) => Text = text;

    /// <summary>The value as written into the filter string.</summary>
    internal string Text { get; }

    /// <summary>The largest length Twenty allows for an enum value or a client code.</summary>
    public const int MaxTokenLength = 63;

    /// <summary>A record id.</summary>
    /// <param name="id">The UUID.</param>
    /// <returns>The value, written <c>xxxxxxxx-xxxx-…</c>.</returns>
    public static TwentyFilterValue Uuid(Guid id) => new(id.ToString("D", CultureInfo.InvariantCulture));

    /// <summary>A record id given as text; refused unless it is a UUID in the usual 8-4-4-4-12 form.</summary>
    /// <param name="id">The UUID's text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">Not a UUID.</exception>
    public static TwentyFilterValue Uuid(string id) =>
        Guid.TryParseExact(id, "D", out var guid)
            ? Uuid(guid)
            : throw new ArgumentException($"\"{Shorten(id)}\" is not a UUID (8-4-4-4-12 hexadecimal digits).", nameof(id));

    /// <summary>A SELECT or MULTI_SELECT option value (<c>UPPER_SNAKE</c>, as Twenty requires of option values).</summary>
    /// <param name="value">The option value, e.g. <c>PROFORMA_SENT</c>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">Not an UPPER_SNAKE enum value.</exception>
    public static TwentyFilterValue EnumValue(string value) =>
        value is not null && value.Length <= MaxTokenLength && EnumPattern().IsMatch(value)
            ? new TwentyFilterValue(value)
            : throw new ArgumentException($"\"{Shorten(value)}\" is not an enum value (UPPER_SNAKE letters, digits and underscores).", nameof(value));

    /// <summary>A calendar date, written <c>"yyyy-MM-dd"</c>.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The value.</returns>
    public static TwentyFilterValue Date(DateOnly date) => new('"' + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + '"');

    /// <summary>An instant, written in UTC as <c>"yyyy-MM-ddTHH:mm:ss.fffZ"</c>.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The value.</returns>
    public static TwentyFilterValue Timestamp(DateTimeOffset instant) =>
        new('"' + instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + '"');

    /// <summary>An integer.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The value.</returns>
    public static TwentyFilterValue Number(long number) => new(number.ToString(CultureInfo.InvariantCulture));

    /// <summary>A decimal number, written with a dot.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The value.</returns>
    public static TwentyFilterValue Number(decimal number) => new(number.ToString(CultureInfo.InvariantCulture));

    /// <summary>A boolean, written <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns>The value.</returns>
    public static TwentyFilterValue Boolean(bool value) => new(value ? "true" : "false");

    /// <summary>
    /// A Sodiwin client code (Company and Opportunity <c>client_code</c>): upper-case letters and digits, with
    /// <c>-</c> or <c>_</c> inside, at most 63 characters (Sodiwin's codes look like <c>C100007</c>).
    /// </summary>
    /// <param name="clientCode">The code.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">Not a client code.</exception>
    public static TwentyFilterValue ClientCode(string clientCode) =>
        IsClientCode(clientCode)
            ? new TwentyFilterValue(clientCode)
            : throw new ArgumentException($"\"{Shorten(clientCode)}\" is not a client code (upper-case letters and digits, '-' or '_' inside).", nameof(clientCode));

    /// <summary>Whether a text is a well-formed client code (see <see cref="ClientCode"/>).</summary>
    /// <param name="clientCode">The text.</param>
    /// <returns><see langword="true"/> when <see cref="ClientCode"/> would accept it.</returns>
    public static bool IsClientCode(string? clientCode) =>
        clientCode is not null && clientCode.Length <= MaxTokenLength && ClientCodePattern().IsMatch(clientCode);

    /// <inheritdoc />
    public override string ToString() => Text;

    private static string Shorten(string? s) => s is null ? "(null)" : s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnumPattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]{0,31}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ClientCodePattern();
}
