using System.Text.Json.Nodes;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// Twenty's GraphQL endpoints (<c>/graphql</c>, <c>/metadata</c>). Values always travel as variables, never inside
/// the document. An answer with <c>errors[]</c> raises <see cref="TwentyGraphQLException"/>, whatever its status.
/// </summary>
public interface ITwentyGraphQLClient
{
    /// <summary>Runs a query (read-only, so retried like a GET on transient failures).</summary>
    /// <param name="endpoint">Core or metadata.</param>
    /// <param name="query">The GraphQL document; must not be a mutation.</param>
    /// <param name="variables">The variables, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer's <c>data</c> object.</returns>
    /// <exception cref="ArgumentException">The document is a mutation.</exception>
    Task<JsonObject> QueryAsync(TwentyGraphQLEndpoint endpoint, string query, JsonObject? variables = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a mutation (sent once; never retried after a failure that may have committed).</summary>
    /// <param name="endpoint">Core or metadata.</param>
    /// <param name="mutation">The GraphQL document.</param>
    /// <param name="variables">The variables, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer's <c>data</c> object.</returns>
    Task<JsonObject> MutateAsync(TwentyGraphQLEndpoint endpoint, string mutation, JsonObject? variables = null, CancellationToken cancellationToken = default);
}
