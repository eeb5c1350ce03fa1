using System.Globalization;
using System.Text.Json;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>
/// Converts a caller's value for a schema field into its canonical type (see <see cref="FieldWrite"/>): accepts the
/// canonical type itself, close CLR types (<see cref="int"/> for NUMBER, <see cref="DateTime"/> in UTC for DATE_TIME…)
/// and <see cref="JsonElement"/> as the MCP host receives it.
/// </summary>
public static class FieldValues
{
    /// <summary>The longest TEXT value accepted (characters).</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>Converts a value to the canonical type of <paramref name="field"/>.</summary>
    /// <param name="field">The schema field.</param>
    /// <param name="raw">The caller's value; <see langword="null"/> (or JSON null) clears the field.</param>
    /// <param name="value">The canonical value when the conversion succeeds.</param>
    /// <param name="error">Why the value does not fit the field, naming it, when it fails.</param>
    /// <returns>Whether the value fits.</returns>
    public static bool TryNormalize(SodimoField field, object? raw, out object? value, out string? error)
    {
        ArgumentNullException.ThrowIfNull(field);
        value = null;
        error = null;
        if (raw is JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } || raw is null)
        {
            return true;
        }

        try
        {
            value = field.Type switch
            {
                TwentyFieldType.Text => Text(raw),
                TwentyFieldType.Number => Number(raw),
                TwentyFieldType.Currency => Currency(raw, field.CurrencyCode),
                TwentyFieldType.Date => Date(raw),
                TwentyFieldType.DateTime => DateTime(raw),
                TwentyFieldType.Boolean => Boolean(raw),
                TwentyFieldType.Select => Select(field, raw),
                TwentyFieldType.MultiSelect => Strings(raw).Select(s => Select(field, s)).ToArray(),
                TwentyFieldType.Array => Strings(raw),
                TwentyFieldType.Address => Address(raw),
                TwentyFieldType.FullName => FullName(raw),
                TwentyFieldType.Emails => Emails(raw),
                TwentyFieldType.Phones => Phones(raw),
                TwentyFieldType.Relation => RelationId(raw),
                _ => throw new FormatException($"fields of type {field.Type.ToApiName()} cannot be written through the SDK"),
            };
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException or JsonException)
        {
            error = $"{field.ObjectName}.{field.SodimoName} ({field.Type.ToApiName()}): {ex.Message}.";
            value = null;
            return false;
        }
    }

    /// <summary>Whether two canonical values are equal (lists by content).</summary>
    /// <param name="left">One value.</param>
    /// <param name="right">The other.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool AreEqual(object? left, object? right)
    {
        if (left is IReadOnlyList<string> l && right is IReadOnlyList<string> r)
        {
            return l.SequenceEqual(r, StringComparer.Ordinal);
        }

        if (left is EmailAddresses le && right is EmailAddresses re)
        {
            return string.Equals(le.PrimaryEmail, re.PrimaryEmail, StringComparison.OrdinalIgnoreCase)
                && le.AdditionalEmails.SequenceEqual(re.AdditionalEmails, StringComparer.OrdinalIgnoreCase);
        }

        if (left is Money lm && right is Money rm)
        {
            return lm.Amount == rm.Amount && string.Equals(lm.CurrencyCode, rm.CurrencyCode, StringComparison.OrdinalIgnoreCase);
        }

        return Equals(left, right);
    }

    private static string Text(object raw)
    {
        var s = raw switch
        {
            string str => str,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString()!,
            _ => throw new FormatException("expected a string"),
        };
        if (s.Length > MaxTextLength)
        {
            throw new FormatException($"longer than {MaxTextLength} characters");
        }

        if (s.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw new FormatException("contains control characters");
        }

        return s;
    }

    private static decimal Number(object raw) => raw switch
    {
        decimal d => d,
        int i => i,
        long l => l,
        double d when double.IsFinite(d) => (decimal)d,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDecimal(),
        _ => throw new FormatException("expected a finite number"),
    };

    private static Money Currency(object raw, string? defaultCurrency)
    {
        switch (raw)
        {
            case Money m:
                return Checked(m);
            case JsonElement { ValueKind: JsonValueKind.Object } e:
                var amount = e.TryGetProperty("amount", out var a) ? Number(a) : throw new FormatException("expected {\"amount\": number, \"currencyCode\": \"EUR\"}");
                var code = e.TryGetProperty("currencyCode", out var c) ? Text(c) : defaultCurrency ?? throw new FormatException("a currency code is required");
                return Checked(new Money(amount, code));
            default:
                return Checked(new Money(Number(raw), defaultCurrency ?? throw new FormatException("a currency code is required")));
        }

        static Money Checked(Money m)
        {
            if (m.CurrencyCode is null || m.CurrencyCode.Length != 3 || !m.CurrencyCode.All(char.IsAsciiLetterUpper))
            {
                throw new FormatException($"\"{m.CurrencyCode}\" is not an ISO 4217 currency code");
            }

            // Twenty stores amountMicros as an integer: 6 decimals at most, within ±9.2e12.
            if (decimal.Round(m.Amount, 6) != m.Amount || Math.Abs(m.Amount) > 9_000_000_000_000m)
            {
                throw new FormatException($"{m.Amount.ToString(CultureInfo.InvariantCulture)} has more than 6 decimals or is too large");
            }

            return m;
        }
    }

    private static DateOnly Date(object raw) => raw switch
    {
        DateOnly d => d,
        string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.String } e => DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new FormatException("expected a date yyyy-MM-dd"),
    };

    private static DateTimeOffset DateTime(object raw) => raw switch
    {
        DateTimeOffset d => d,
        System.DateTime { Kind: DateTimeKind.Utc } d => new DateTimeOffset(d),
        string s => ParseInstant(s),
        JsonElement { ValueKind: JsonValueKind.String } e => ParseInstant(e.GetString()!),
        _ => throw new FormatException("expected an ISO 8601 instant with an offset"),
    };

    private static DateTimeOffset ParseInstant(string s)
    {
        // An instant without an offset is ambiguous: refuse it rather than guess the time zone.
        if (!s.EndsWith('Z') && !System.Text.RegularExpressions.Regex.IsMatch(s, @"[+-]\d{2}:\d{2}$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            throw new FormatException($"\"{s}\" has no time-zone offset");
        }

        return DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    private static bool Boolean(object raw) => raw switch
    {
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        _ => throw new FormatException("expected true or false"),
    };

    private static string Select(SodimoField field, object raw)
    {
        var s = Text(raw);
        var option = field.FindOption(s.Trim()) ?? throw new FormatException(
            $"\"{s}\" is not an option; valid: {string.Join(", ", field.Options.Select(o => o.Value))}");
        return option.Value;
    }

    private static string[] Strings(object raw) => raw switch
    {
        IEnumerable<string> list => list.Select(s => Text(s)).ToArray(),
        JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => Text(x)).ToArray(),
        _ => throw new FormatException("expected a list of strings"),
    };

    private static PostalAddress Address(object raw) => raw switch
    {
        PostalAddress a => a,
        JsonElement { ValueKind: JsonValueKind.Object } e => new PostalAddress(
            Optional(e, "street1"), Optional(e, "street2"), Optional(e, "city"), Optional(e, "state"), Optional(e, "postcode"), Optional(e, "country")),
        _ => throw new FormatException("expected an address {street1, street2, city, state, postcode, country}"),
    };

    private static PersonName FullName(object raw) => raw switch
    {
        PersonName n => n,
        JsonElement { ValueKind: JsonValueKind.Object } e => new PersonName(Optional(e, "firstName"), Optional(e, "lastName")),
        _ => throw new FormatException("expected {firstName, lastName}"),
    };

    private static EmailAddresses Emails(object raw) => raw switch
    {
        EmailAddresses m => m,
        string s => EmailAddresses.Of(Text(s)),
        JsonElement { ValueKind: JsonValueKind.String } e => EmailAddresses.Of(Text(e)),
        _ => throw new FormatException("expected an e-mail address"),
    };

    private static PhoneNumbers Phones(object raw) => raw switch
    {
        PhoneNumbers p => p,
        string s => new PhoneNumbers(Text(s)),
        JsonElement { ValueKind: JsonValueKind.String } e => new PhoneNumbers(Text(e)),
        _ => throw new FormatException("expected a phone number"),
    };

    private static Guid RelationId(object raw) => raw switch
    {
        Guid g => g,
        string s => Guid.ParseExact(s, "D"),
        JsonElement { ValueKind: JsonValueKind.String } e => Guid.ParseExact(e.GetString()!, "D"),
        _ => throw new FormatException("expected a record id (UUID)"),
    };

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind != JsonValueKind.Null ? Text(p) : null;
}
