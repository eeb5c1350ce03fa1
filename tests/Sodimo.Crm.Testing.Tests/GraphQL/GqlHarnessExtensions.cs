using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests.GraphQL;

public static class GqlHarnessExtensions
{
    /// <summary>POSTs a GraphQL request to <paramref name="path"/> (<c>/graphql</c> or <c>/metadata</c>).</summary>
    public static async Task<(int Status, JsonObject Body)> GqlAsync(this Harness h, string query, JsonObject? variables = null, string path = "/graphql")
    {
        var request = new JsonObject { ["query"] = query };
        if (variables is not null) request["variables"] = variables.DeepClone();
        var (status, body, _) = await h.PostAsync(path, request);
        return (status, body!.AsObject());
    }

    public static Task<(int Status, JsonObject Body)> MetaAsync(this Harness h, string query, JsonObject? variables = null) =>
        h.GqlAsync(query, variables, "/metadata");

    /// <summary>The data of a successful response (fails the test when errors[] is present).</summary>
    public static JsonNode Data(this JsonObject body)
    {
        if (body["errors"] is { } errors) throw new ShouldAssertException("GraphQL errors: " + errors.ToJsonString());
        return body["data"]!;
    }

    public static JsonNode FirstError(this JsonObject body) =>
        body["errors"]?[0] ?? throw new ShouldAssertException("expected errors[], got " + body.ToJsonString());
}
