namespace Sodimo.Crm.Testing.Metadata;

/// <summary>The <c>FieldMetadataType</c> values (API-FACTS §6.3).</summary>
internal static class FieldMetadataTypes
{
    /// <summary>Every type name Twenty knows.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "UUID", "TEXT", "PHONES", "EMAILS", "DATE_TIME", "DATE", "BOOLEAN", "NUMBER", "NUMERIC", "LINKS",
        "CURRENCY", "FULL_NAME", "RATING", "SELECT", "MULTI_SELECT", "RELATION", "MORPH_RELATION", "POSITION",
        "ADDRESS", "RAW_JSON", "RICH_TEXT", "RICH_TEXT_V2", "ACTOR", "ARRAY", "TS_VECTOR",
    };

    /// <summary>Whether the type carries <c>options</c> (SELECT, MULTI_SELECT, RATING).</summary>
    public static bool IsEnum(string type) => type is "SELECT" or "MULTI_SELECT" or "RATING";

    /// <summary>The message Twenty gives when a type cannot be created through the API, or null.</summary>
    public static string? CreationRefusal(string type) => type switch
    {
        "NUMERIC" => "Field type NUMERIC is not supported for field creation. Use NUMBER instead.",
        "POSITION" => "Field type POSITION is a system type and cannot be created manually.",
        "TS_VECTOR" => "TS Vector is not supported for field creation",
        _ => null,
    };
}
