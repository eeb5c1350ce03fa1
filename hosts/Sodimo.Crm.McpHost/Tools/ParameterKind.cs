namespace Sodimo.Crm.McpHost.Tools;

/// <summary>The JSON type of a tool argument.</summary>
internal enum ParameterKind
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON integer.</summary>
    Integer,

    /// <summary>A JSON boolean.</summary>
    Boolean,

    /// <summary>A JSON array of strings.</summary>
    StringArray,
}
