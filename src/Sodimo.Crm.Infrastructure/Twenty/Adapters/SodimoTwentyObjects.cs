using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary>The objects of <see cref="SodimoSchema.Current"/> the adapters use, with their Twenty names and the fields read by name.</summary>
internal static class SodimoTwentyObjects
{
    public static SodimoSchema Schema => SodimoSchema.Current;

    public static SodimoObject Company { get; } = Schema.GetObject(SodimoObjectNames.Company);

    public static SodimoObject Person { get; } = Schema.GetObject(SodimoObjectNames.Person);

    public static SodimoObject Opportunity { get; } = Schema.GetObject(SodimoObjectNames.Opportunity);

    public static TwentyObjectName CompanyName { get; } = TwentyObjectName.From(Company);

    public static TwentyObjectName PersonName { get; } = TwentyObjectName.From(Person);

    public static TwentyObjectName OpportunityName { get; } = TwentyObjectName.From(Opportunity);

    /// <summary>Twenty's name of a Sodimo field (<c>client_code</c> on Company is <c>clientCode</c>).</summary>
    public static string TwentyField(SodimoObject obj, string sodimoName) =>
        (obj.FindField(sodimoName) ?? throw new KeyNotFoundException($"{obj.Name} has no Sodimo field {sodimoName}.")).WriteName;

    /// <summary>
    /// The GraphQL selection of a record of <paramref name="obj"/>: id, timestamps, every schema field (composites with
    /// their sub-fields, relations by join column) and <paramref name="extra"/> scalar fields.
    /// </summary>
    public static string Selection(SodimoObject obj, params string[] extra)
    {
        var parts = new List<string> { "id", "createdAt", "updatedAt", "deletedAt" };
        foreach (var f in obj.Fields)
        {
            parts.Add(f.Type switch
            {
                TwentyFieldType.Currency => $"{f.TwentyName} {{ amountMicros currencyCode }}",
                TwentyFieldType.Address => $"{f.TwentyName} {{ addressStreet1 addressStreet2 addressCity addressState addressPostcode addressCountry }}",
                TwentyFieldType.FullName => $"{f.TwentyName} {{ firstName lastName }}",
                TwentyFieldType.Emails => $"{f.TwentyName} {{ primaryEmail additionalEmails }}",
                TwentyFieldType.Phones => $"{f.TwentyName} {{ primaryPhoneNumber primaryPhoneCallingCode primaryPhoneCountryCode }}",
                TwentyFieldType.Links => $"{f.TwentyName} {{ primaryLinkUrl primaryLinkLabel }}",
                _ => f.WriteName,
            });
        }

        parts.AddRange(extra.Where(e => !parts.Contains(e)));
        return string.Join(' ', parts);
    }
}
