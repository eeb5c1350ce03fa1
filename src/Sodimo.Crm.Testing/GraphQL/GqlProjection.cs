using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>
/// Projects JSON values onto a selection set: only selected fields, under their response keys (aliases),
/// nested objects and arrays projected recursively, <c>__typename</c> answered from a callback.
/// </summary>
internal static class GqlProjection
{
    /// <summary>
    /// Projects <paramref name="source"/>. <paramref name="resolve"/> may supply a value for a selection the
    /// source lacks (a relation, a computed field); returning null leaves it null.
    /// </summary>
    public static JsonNode? Project(
        JsonNode? source,
        IReadOnlyList<GqlSelection> selections,
        string? typeName = null,
        Func<JsonObject, GqlSelection, JsonNode?>? resolve = null)
    {
        switch (source)
        {
            case null:
                return null;
            case JsonArray array:
                return new JsonArray(array.Select(item => Project(item, selections, typeName, resolve)).ToArray());
            case JsonObject obj when selections.Count > 0:
                var result = new JsonObject();
                foreach (var selection in selections)
                {
                    if (selection.Name == "__typename")
                    {
                        result[selection.ResponseKey] = typeName;
                        continue;
                    }

                    JsonNode? value;
                    if (obj.TryGetPropertyValue(selection.Name, out var raw))
                    {
                        value = selection.HasSelections ? Project(raw, selection.Selections, null, null) : raw?.DeepClone();
                    }
                    else
                    {
                        value = resolve?.Invoke(obj, selection);
                    }

                    result[selection.ResponseKey] = value;
                }

                return result;
            default:
                return source.DeepClone();
        }
    }
}
