using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>
/// Runs an operation's root fields through a resolver and assembles <c>{ data, errors }</c>.
/// A <see cref="GqlException"/> from a root field nulls that field and adds an error with its <c>path</c>;
/// a validation error (unknown root field) fails the whole request with no <c>data</c>, as GraphQL does.
/// </summary>
internal static class GqlExecutor
{
    /// <summary>Executes a request body.</summary>
    /// <param name="body">The request JSON.</param>
    /// <param name="knows">Whether a root field exists (<c>isMutation</c>, <c>name</c>).</param>
    /// <param name="resolve">Resolves one root field to its (already projected) value.</param>
    public static JsonObject Execute(
        JsonNode? body,
        Func<bool, string, bool> knows,
        Func<bool, GqlSelection, JsonNode?> resolve)
    {
        GqlOperation operation;
        try
        {
            operation = GqlDocumentReader.ReadRequest(body);
        }
        catch (GqlException ex)
        {
            return Failure(ex);
        }

        var rootType = operation.IsMutation ? "Mutation" : "Query";
        foreach (var field in operation.Fields)
        {
            if (field.Name != "__typename" && !knows(operation.IsMutation, field.Name))
            {
                return Failure(new GqlException($"Cannot query field \"{field.Name}\" on type \"{rootType}\".", GqlErrorCodes.ValidationFailed));
            }
        }

        var data = new JsonObject();
        var errors = new JsonArray();
        foreach (var field in operation.Fields)
        {
            if (field.Name == "__typename")
            {
                data[field.ResponseKey] = rootType;
                continue;
            }

            try
            {
                data[field.ResponseKey] = resolve(operation.IsMutation, field);
            }
            catch (GqlException ex)
            {
                data[field.ResponseKey] = null;
                var error = ex.ToJson();
                error["path"] = new JsonArray(JsonValue.Create(field.ResponseKey));
                errors.Add((JsonNode)error);
            }
        }

        var response = new JsonObject();
        if (errors.Count > 0)
        {
            response["errors"] = errors;
        }

        response["data"] = data;
        return response;
    }

    /// <summary>A response holding only errors.</summary>
    public static JsonObject Failure(GqlException error) => new() { ["errors"] = new JsonArray(error.ToJson()) };
}
