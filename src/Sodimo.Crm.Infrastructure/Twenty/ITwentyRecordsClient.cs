using System.Text.Json.Nodes;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// Twenty's record REST API (<c>/rest/…</c>) with Twenty's field names. Reads are retried on transient failures;
/// writes are sent once (except after a 429, which Twenty answers before doing anything). Errors are
/// <see cref="TwentyException"/>s carrying Twenty's messages.
/// </summary>
public interface ITwentyRecordsClient
{
    /// <summary>One page of records (<c>GET /rest/{plural}</c>).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="query">Filter, order, limit and cursor; none lists the first page of everything.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<TwentyRecordPage> FindManyAsync(TwentyObjectName obj, TwentyFindManyQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Every matching record, page after page following Twenty's cursors (never truncated).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="query">Filter and order; <c>StartingAfter</c> starts later, <c>Limit</c> sets the page size.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The records, in order.</returns>
    IAsyncEnumerable<JsonObject> FindAllAsync(TwentyObjectName obj, TwentyFindManyQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>One record by id (<c>GET /rest/{plural}/{id}</c>).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="id">The record id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or <see langword="null"/> when Twenty answers 404.</returns>
    Task<JsonObject?> FindOneAsync(TwentyObjectName obj, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Creates one record (<c>POST /rest/{plural}</c>). Never retried after a failure that may have committed.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="record">The fields, Twenty names.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created record as Twenty returns it.</returns>
    Task<JsonObject> CreateAsync(TwentyObjectName obj, JsonObject record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or updates one record matched on <c>id</c> or a unique field (<c>POST /rest/{plural}?upsert=true</c>).
    /// </summary>
    /// <param name="obj">The object.</param>
    /// <param name="record">The fields, Twenty names, including the unique key to match on.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record as Twenty returns it.</returns>
    Task<JsonObject> UpsertAsync(TwentyObjectName obj, JsonObject record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates (or upserts) many records through <c>POST /rest/batch/{plural}</c>, in chunks of
    /// <see cref="SodimoTwentyOptions.BatchSize"/> (60), one call per chunk. A failed chunk stops the work and
    /// raises <see cref="TwentyBatchException"/> listing what the earlier chunks created.
    /// </summary>
    /// <param name="obj">The object.</param>
    /// <param name="records">The records, Twenty names.</param>
    /// <param name="upsert">Whether to match existing records on <c>id</c> and unique fields.</param>
    /// <param name="cancellationToken">Cancels the work between chunks.</param>
    /// <returns>The records as Twenty returns them, in input order.</returns>
    Task<IReadOnlyList<JsonObject>> CreateManyAsync(TwentyObjectName obj, IReadOnlyList<JsonObject> records, bool upsert = false, CancellationToken cancellationToken = default);

    /// <summary>Updates the given fields of one record (<c>PATCH /rest/{plural}/{id}</c>).</summary>
    /// <param name="obj">The object.</param>
    /// <param name="id">The record id.</param>
    /// <param name="changes">The fields to set, Twenty names.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated record as Twenty returns it.</returns>
    Task<JsonObject> UpdateAsync(TwentyObjectName obj, Guid id, JsonObject changes, CancellationToken cancellationToken = default);

    /// <summary>Deletes one record (<c>DELETE /rest/{plural}/{id}</c>): permanently unless <paramref name="softDelete"/>.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="id">The record id.</param>
    /// <param name="softDelete">Whether to soft-delete (sets <c>deletedAt</c>) instead of destroying.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id Twenty reports deleted.</returns>
    Task<Guid> DeleteAsync(TwentyObjectName obj, Guid id, bool softDelete = false, CancellationToken cancellationToken = default);
}
