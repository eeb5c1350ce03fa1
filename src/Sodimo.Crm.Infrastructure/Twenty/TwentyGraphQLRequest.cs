using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>A GraphQL request body: the document, its variables, and optionally which operation to run.</summary>
internal sealed record TwentyGraphQLRequest(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("variables")] JsonObject? Variables,
    [property: JsonPropertyName("operationName")] string? OperationName);
