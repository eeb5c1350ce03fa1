using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>GraphQL over the shared Twenty <see cref="HttpClient"/> (same key, resilience pipeline and circuit as REST).</summary>
internal sealed partial class TwentyGraphQLClient(IHttpClientFactory httpClientFactory) : ITwentyGraphQLClient
{
    public Task<JsonObject> QueryAsync(TwentyGraphQLEndpoint endpoint, string query, JsonObject? variables = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        if (MutationStart().IsMatch(query))
            throw new ArgumentException("This document is a mutation: send it with MutateAsync, which never retries it.", nameof(query));
        return SendAsync(endpoint, query, variables, idempotent: true, cancellationToken);
    }

    public Task<JsonObject> MutateAsync(TwentyGraphQLEndpoint endpoint, string mutation, JsonObject? variables = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mutation);
        return SendAsync(endpoint, mutation, variables, idempotent: false, cancellationToken);
    }

    private async Task<JsonObject> SendAsync(TwentyGraphQLEndpoint endpoint, string document, JsonObject? variables, bool idempotent, CancellationToken cancellationToken)
    {
        var path = endpoint switch
        {
            TwentyGraphQLEndpoint.Core => "graphql",
            TwentyGraphQLEndpoint.Metadata => "metadata",
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "Core or Metadata."),
        };
        var http = httpClientFactory.CreateClient(TwentyServiceCollectionExtensions.HttpClientName);
        var body = new TwentyGraphQLRequest(document, variables, null);

        var (_, answer) = await TwentyWire.SendAsync(
            async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = JsonContent.Create(body, TwentyJsonContext.Default.TwentyGraphQLRequest),
                };
                request.Options.Set(TwentyRequestOptions.Idempotent, idempotent);
                return await http.SendAsync(request, ct).ConfigureAwait(false);
            },
            "POST", "/" + path, idempotent, graphQL: true, cancellationToken).ConfigureAwait(false);

        return answer["data"] as JsonObject
            ?? throw new TwentyProtocolException($"Twenty's GraphQL answer on /{path} has neither data nor errors.");
    }

    [GeneratedRegex(@"^\s*(#[^\n]*\n\s*)*mutation\b", RegexOptions.CultureInvariant)]
    private static partial Regex MutationStart();
}
