using System.Globalization;
using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary>
/// Sodimo's canonical field values (see <see cref="FieldWrite"/>) to Twenty's JSON and back, field names taken from
/// <see cref="SodimoSchema"/>: a write uses <see cref="SodimoField.WriteName"/>, a read the same key.
/// </summary>
internal static class TwentyFieldMapper
{
    private const decimal MicrosPerUnit = 1_000_000m;

    // Sub-fields of Twenty's composite fields read by name (the typed readers use the same names).
    internal const string AmountMicros = "amountMicros";
    internal const string CurrencyCode = "currencyCode";
    internal const string FirstName = "firstName";
    internal const string LastName = "lastName";
    internal const string PrimaryEmail = "primaryEmail";
    internal const string AdditionalEmails = "additionalEmails";
    internal const string PrimaryPhoneNumber = "primaryPhoneNumber";
    internal const string PrimaryPhoneCallingCode = "primaryPhoneCallingCode";
    internal const string PrimaryPhoneCountryCode = "primaryPhoneCountryCode";

    /// <summary>The Twenty body of a write: each field under its Twenty write name.</summary>
    public static JsonObject ToTwenty(IEnumerable<FieldWrite> fields, JsonObject? into = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var body = into ?? [];
        foreach (var write in fields)
            body[write.Field.WriteName] = ToJson(write.Field, write.Value);
        return body;
    }

    /// <summary>One canonical value as Twenty's JSON.</summary>
    public static JsonNode? ToJson(SodimoField field, object? value)
    {
        if (value is null)
            return null;
        return (field.Type, value) switch
        {
            (TwentyFieldType.Text or TwentyFieldType.Select, string s) => JsonValue.Create(s),
            (TwentyFieldType.Number, decimal d) => JsonValue.Create(d),
            (TwentyFieldType.Currency, Money m) => new JsonObject
            {
                [AmountMicros] = decimal.ToInt64(decimal.Round(m.Amount * MicrosPerUnit)),
                [CurrencyCode] = m.CurrencyCode,
            },
            (TwentyFieldType.Date, DateOnly d) => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            (TwentyFieldType.DateTime, DateTimeOffset t) => JsonValue.Create(Iso(t)),
            (TwentyFieldType.Boolean, bool b) => JsonValue.Create(b),
            (TwentyFieldType.MultiSelect or TwentyFieldType.Array, IEnumerable<string> list) => new JsonArray(list.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
            (TwentyFieldType.Address, PostalAddress a) => new JsonObject
            {
                ["addressStreet1"] = a.Street1,
                ["addressStreet2"] = a.Street2,
                ["addressCity"] = a.City,
                ["addressState"] = a.State,
                ["addressPostcode"] = a.Postcode,
                ["addressCountry"] = a.Country,
            },
            (TwentyFieldType.FullName, PersonName n) => new JsonObject { [FirstName] = n.FirstName ?? string.Empty, [LastName] = n.LastName ?? string.Empty },
            (TwentyFieldType.Emails, EmailAddresses e) => new JsonObject
            {
                [PrimaryEmail] = e.PrimaryEmail,
                [AdditionalEmails] = new JsonArray(e.AdditionalEmails.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
            },
            (TwentyFieldType.Phones, PhoneNumbers p) => new JsonObject
            {
                [PrimaryPhoneNumber] = p.PrimaryPhoneNumber,
                [PrimaryPhoneCallingCode] = p.PrimaryPhoneCallingCode,
                [PrimaryPhoneCountryCode] = p.PrimaryPhoneCountryCode,
            },
            (TwentyFieldType.Relation, Guid g) => JsonValue.Create(Uuid(g)),
            _ => throw new ArgumentException(
                $"{field.ObjectName}.{field.SodimoName} ({field.Type.ToApiName()}) cannot take a {value.GetType().Name}; normalise it with FieldValues first.",
                nameof(value)),
        };
    }

    /// <summary>Every field of <paramref name="obj"/> read from a Twenty record, keyed by Sodimo name (absent → null).</summary>
    public static Dictionary<string, object?> ReadFields(SodimoObject obj, JsonObject record) =>
        obj.Fields.ToDictionary(f => f.SodimoName, f => FromJson(f, record[f.WriteName]), StringComparer.Ordinal);

    /// <summary>One Twenty JSON value as the canonical type of <paramref name="field"/>; unreadable values are null.</summary>
    public static object? FromJson(SodimoField field, JsonNode? node)
    {
        if (node is null)
            return null;
        return field.Type switch
        {
            TwentyFieldType.Text or TwentyFieldType.Select => String(node),
            TwentyFieldType.Number => Decimal(node),
            TwentyFieldType.Currency => ReadMoney(node),
            TwentyFieldType.Date => String(node) is { } s && DateOnly.TryParse(s.Length >= 10 ? s[..10] : s, CultureInfo.InvariantCulture, out var d) ? d : null,
            TwentyFieldType.DateTime => Instant(node),
            TwentyFieldType.Boolean => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null,
            TwentyFieldType.MultiSelect or TwentyFieldType.Array => node is JsonArray a ? a.Select(String).OfType<string>().ToArray() : null,
            TwentyFieldType.Address => ReadAddress(node),
            TwentyFieldType.FullName => node is JsonObject n ? new PersonName(String(n[FirstName]), String(n[LastName])) : null,
            TwentyFieldType.Emails => ReadEmails(node),
            TwentyFieldType.Phones => ReadPhones(node),
            TwentyFieldType.Relation => Id(node),
            _ => node.DeepClone(),
        };
    }

    public static Money? ReadMoney(JsonNode? node)
    {
        if (node is not JsonObject o || Decimal(o[AmountMicros]) is not { } micros)
            return null;
        return new Money(micros / MicrosPerUnit, String(o[CurrencyCode]) ?? string.Empty);
    }

    public static PostalAddress? ReadAddress(JsonNode? node) =>
        node is JsonObject a
            ? new PostalAddress(String(a["addressStreet1"]), String(a["addressStreet2"]), String(a["addressCity"]), String(a["addressState"]),
                String(a["addressPostcode"]), String(a["addressCountry"]))
            : null;

    public static EmailAddresses ReadEmails(JsonNode? node) =>
        node is JsonObject e
            ? new EmailAddresses(Blank(String(e[PrimaryEmail])), e[AdditionalEmails] is JsonArray more ? more.Select(String).OfType<string>().ToArray() : [])
            : new EmailAddresses(null, []);

    public static PhoneNumbers? ReadPhones(JsonNode? node) =>
        node is JsonObject p && Blank(String(p[PrimaryPhoneNumber])) is { } number
            ? new PhoneNumbers(number, Blank(String(p[PrimaryPhoneCallingCode])), Blank(String(p[PrimaryPhoneCountryCode])))
            : null;

    public static string? String(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static Guid? Id(JsonNode? node) => Guid.TryParse(String(node), out var g) ? g : null;

    public static DateTimeOffset? Instant(JsonNode? node)
    {
        // Twenty writes UTC ISO-8601 ("…Z"): the JSON reader parses that straight from the UTF-8 bytes. Anything else
        // (no offset: taken as UTC; another offset; other formats) goes through the general parser.
        if (node is JsonValue v && v.TryGetValue<DateTime>(out var utc) && utc.Kind == DateTimeKind.Utc)
            return new DateTimeOffset(utc);
        return DateTimeOffset.TryParse(String(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
    }

    public static decimal? Decimal(JsonNode? node)
    {
        if (node is not JsonValue v)
            return null;
        if (v.TryGetValue<decimal>(out var d))
            return d;
        if (v.TryGetValue<double>(out var f) && double.IsFinite(f))
            return (decimal)f;
        return v.TryGetValue<string>(out var s) && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null;
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Uuid(Guid g) => g.ToString("D", CultureInfo.InvariantCulture);

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
