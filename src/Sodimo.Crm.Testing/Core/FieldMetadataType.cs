namespace Sodimo.Crm.Testing.Core;

/// <summary>Twenty's <c>FieldMetadataType</c> names (API-FACTS §6.3), as strings so new ones need no code change.</summary>
internal static class FieldMetadataType
{
    public const string Uuid = "UUID";
    public const string Text = "TEXT";
    public const string Phones = "PHONES";
    public const string Emails = "EMAILS";
    public const string DateTime = "DATE_TIME";
    public const string Date = "DATE";
    public const string Boolean = "BOOLEAN";
    public const string Number = "NUMBER";
    public const string Numeric = "NUMERIC";
    public const string Links = "LINKS";
    public const string Currency = "CURRENCY";
    public const string FullName = "FULL_NAME";
    public const string Rating = "RATING";
    public const string Select = "SELECT";
    public const string MultiSelect = "MULTI_SELECT";
    public const string Relation = "RELATION";
    public const string MorphRelation = "MORPH_RELATION";
    public const string Position = "POSITION";
    public const string Address = "ADDRESS";
    public const string RawJson = "RAW_JSON";
    public const string RichText = "RICH_TEXT";
    public const string RichTextV2 = "RICH_TEXT_V2";
    public const string Actor = "ACTOR";
    public const string Array = "ARRAY";
    public const string TsVector = "TS_VECTOR";

    /// <summary>Composite types and their sub-fields with the sub-field's scalar kind (API-FACTS §4).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<(string Name, string Kind)>> CompositeSubFields =
        new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal)
        {
            [FullName] = [("firstName", Text), ("lastName", Text)],
            [Emails] = [("primaryEmail", Text), ("additionalEmails", RawJson)],
            [Phones] = [("primaryPhoneNumber", Text), ("primaryPhoneCountryCode", Text), ("primaryPhoneCallingCode", Text), ("additionalPhones", RawJson)],
            [Links] = [("primaryLinkUrl", Text), ("primaryLinkLabel", Text), ("secondaryLinks", RawJson)],
            [Address] =
            [
                ("addressStreet1", Text), ("addressStreet2", Text), ("addressCity", Text), ("addressState", Text),
                ("addressCountry", Text), ("addressPostcode", Text), ("addressLat", Number), ("addressLng", Number),
            ],
            [Currency] = [("amountMicros", Number), ("currencyCode", Text)],
            [Actor] = [("source", Text), ("workspaceMemberId", Uuid), ("name", Text), ("context", RawJson)],
            [RichTextV2] = [("blocknote", Text), ("markdown", Text)],
        };

    public static bool IsComposite(string type) => CompositeSubFields.ContainsKey(type);

    public static bool IsRelation(string type) => type is Relation or MorphRelation;

    /// <summary>The sub-field that carries a composite's unique constraint (API-FACTS §1.3 upsert matching).</summary>
    public static string? UniqueSubField(string type) => type switch
    {
        Emails => "primaryEmail",
        Links => "primaryLinkUrl",
        Phones => "primaryPhoneNumber",
        _ => null,
    };
}
