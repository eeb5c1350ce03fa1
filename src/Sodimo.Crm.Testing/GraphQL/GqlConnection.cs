using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>
/// Builds a Relay connection <c>{ edges { node cursor } pageInfo { hasNextPage hasPreviousPage startCursor
/// endCursor } totalCount }</c> projected onto the caller's selection (API-FACTS §5).
/// </summary>
internal static class GqlConnection
{
    /// <summary>Builds the connection object.</summary>
    public static JsonObject Build(
        GqlSelection selection,
        IReadOnlyList<(JsonObject Node, string Cursor)> edges,
        bool hasNextPage,
        bool hasPreviousPage,
        int totalCount,
        string nodeTypeName,
        Func<JsonObject, GqlSelection, JsonNode?>? resolve = null)
    {
        var result = new JsonObject();
        foreach (var child in selection.Selections)
        {
            switch (child.Name)
            {
                case "edges":
                    var array = new JsonArray();
                    foreach (var (node, cursor) in edges)
                    {
                        var edge = new JsonObject();
                        foreach (var part in child.Selections)
                        {
                            edge[part.ResponseKey] = part.Name switch
                            {
                                "node" => GqlProjection.Project(node, part.Selections, nodeTypeName, resolve),
                                "cursor" => cursor,
                                "__typename" => nodeTypeName + "Edge",
                                _ => null,
                            };
                        }

                        array.Add((JsonNode)edge);
                    }

                    result[child.ResponseKey] = array;
                    break;
                case "pageInfo":
                    var pageInfo = new JsonObject
                    {
                        ["hasNextPage"] = hasNextPage,
                        ["hasPreviousPage"] = hasPreviousPage,
                        ["startCursor"] = edges.Count > 0 ? edges[0].Cursor : null,
                        ["endCursor"] = edges.Count > 0 ? edges[^1].Cursor : null,
                        ["__typename"] = "PageInfo",
                    };
                    result[child.ResponseKey] = GqlProjection.Project(pageInfo, child.Selections);
                    break;
                case "totalCount":
                    result[child.ResponseKey] = totalCount;
                    break;
                case "__typename":
                    result[child.ResponseKey] = nodeTypeName + "Connection";
                    break;
                default:
                    throw new GqlException(
                        $"Cannot query field \"{child.Name}\" on type \"{nodeTypeName}Connection\".", GqlErrorCodes.ValidationFailed);
            }
        }

        return result;
    }
}
