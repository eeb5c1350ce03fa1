using System.Text.Json.Nodes;
using Refit;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// Twenty's record REST API as a Refit interface (implementation generated at build time). Raw answers: status,
/// headers and envelope are read by <see cref="TwentyRecordsClient"/>, which also turns errors into exceptions.
/// </summary>
internal interface ITwentyRestApi
{
    [Get("/rest/{plural}")]
    Task<HttpResponseMessage> FindManyAsync(
        string plural,
        [Query] string? filter,
        [Query, AliasAs("order_by")] string? orderBy,
        [Query] int? limit,
        [Query, AliasAs("starting_after")] string? startingAfter,
        [Query, AliasAs("ending_before")] string? endingBefore,
        [Query] int? depth,
        CancellationToken cancellationToken);

    [Get("/rest/{plural}/{id}")]
    Task<HttpResponseMessage> FindOneAsync(string plural, string id, [Query] int? depth, CancellationToken cancellationToken);

    [Post("/rest/{plural}")]
    Task<HttpResponseMessage> CreateAsync(string plural, [Body] JsonObject record, [Query] string? upsert, CancellationToken cancellationToken);

    [Post("/rest/batch/{plural}")]
    Task<HttpResponseMessage> CreateManyAsync(string plural, [Body] JsonArray records, [Query] string? upsert, CancellationToken cancellationToken);

    [Patch("/rest/{plural}/{id}")]
    Task<HttpResponseMessage> UpdateAsync(string plural, string id, [Body] JsonObject changes, CancellationToken cancellationToken);

    [Delete("/rest/{plural}/{id}")]
    Task<HttpResponseMessage> DeleteAsync(string plural, string id, [Query, AliasAs("soft_delete")] string? softDelete, CancellationToken cancellationToken);
}
