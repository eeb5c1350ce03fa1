namespace Sodimo.Crm.McpHost.Tools;

/// <summary>
/// One argument of a tool: the single definition behind both the published JSON schema and the validation the host
/// applies before anything is sent to Twenty, so the two cannot drift apart.
/// </summary>
internal sealed record ToolParameter
{
    /// <summary>The argument's name on the wire (snake_case).</summary>
    public required string Name { get; init; }

    /// <summary>The JSON type.</summary>
    public required ParameterKind Kind { get; init; }

    /// <summary>What the argument means, for the model.</summary>
    public required string Description { get; init; }

    /// <summary>Whether the caller must give it.</summary>
    public bool Required { get; init; }

    /// <summary>The allowed values (strings, or array items); compared case-insensitively and returned canonical.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>A JSON schema format the value must satisfy (<c>uuid</c>, <c>email</c>, <c>date-time</c>, <c>date</c>).</summary>
    public string? Format { get; init; }

    /// <summary>A regular expression the value must match (published as <c>pattern</c>).</summary>
    public string? Pattern { get; init; }

    /// <summary>Shortest accepted string (after trimming); 1 for every string unless stated.</summary>
    public int MinLength { get; init; } = 1;

    /// <summary>Longest accepted string, in UTF-16 code units.</summary>
    public int MaxLength { get; init; } = 200;

    /// <summary>Whether line breaks and tabs are allowed in the string (multi-line text such as a note body).</summary>
    public bool Multiline { get; init; }

    /// <summary>Smallest accepted integer.</summary>
    public int? Minimum { get; init; }

    /// <summary>Largest accepted integer.</summary>
    public int? Maximum { get; init; }

    /// <summary>The value used when the argument is absent (published as <c>default</c>).</summary>
    public object? Default { get; init; }

    /// <summary>Most items in an array argument.</summary>
    public int MaxItems { get; init; } = 10;
}
