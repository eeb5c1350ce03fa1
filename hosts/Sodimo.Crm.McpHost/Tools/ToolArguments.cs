namespace Sodimo.Crm.McpHost.Tools;

/// <summary>A tool's arguments after validation: every value typed, trimmed and canonical (enum spelling, lower-case UUID).</summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, object> _values;

    /// <summary>Creates the set from validated values.</summary>
    /// <param name="values">Name to value (string, int, bool or string[]).</param>
    public ToolArguments(Dictionary<string, object> values) => _values = values;

    /// <summary>Whether the caller gave the argument (or it has a default).</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>A string argument, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    public string? String(string name) => _values.TryGetValue(name, out var v) ? (string)v : null;

    /// <summary>An integer argument, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    public int? Int(string name) => _values.TryGetValue(name, out var v) ? (int)v : null;

    /// <summary>A boolean argument, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    public bool? Bool(string name) => _values.TryGetValue(name, out var v) ? (bool)v : null;

    /// <summary>A string-array argument, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    public IReadOnlyList<string>? Strings(string name) => _values.TryGetValue(name, out var v) ? (string[])v : null;

    /// <summary>A UUID argument, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    public Guid? Guid(string name) => String(name) is { } s ? System.Guid.ParseExact(s, "D") : null;

    /// <summary>A date-time argument, or <see langword="null"/> when absent.</summary>
    /// <param name="name">The argument's name.</param>
    /// <returns>The value.</returns>
    public DateTimeOffset? DateTime(string name) =>
        String(name) is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;
}
