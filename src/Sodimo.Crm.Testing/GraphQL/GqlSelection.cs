using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>
/// One field of a GraphQL selection set after fragments were expanded and variables substituted.
/// </summary>
/// <param name="Name">The schema field name.</param>
/// <param name="ResponseKey">The key the value is written under (the alias, else the name).</param>
/// <param name="Arguments">The field's arguments as JSON, variables already resolved.</param>
/// <param name="Selections">The sub-selection, empty for a leaf.</param>
internal sealed record GqlSelection(
    string Name,
    string ResponseKey,
    JsonObject Arguments,
    IReadOnlyList<GqlSelection> Selections)
{
    /// <summary>Whether the field has a sub-selection.</summary>
    public bool HasSelections => Selections.Count > 0;

    /// <summary>The first direct child selection with this name, or null.</summary>
    public GqlSelection? Child(string name) => Selections.FirstOrDefault(s => s.Name == name);

    /// <summary>A path of child names (e.g. "edges", "node").</summary>
    public GqlSelection? Path(params string[] names)
    {
        var current = this;
        foreach (var name in names)
        {
            current = current.Child(name);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>An argument value, or null when absent.</summary>
    public JsonNode? Arg(string name) => Arguments.TryGetPropertyValue(name, out var value) ? value : null;

    /// <summary>Whether the argument was given (even as null).</summary>
    public bool HasArg(string name) => Arguments.ContainsKey(name);
}
