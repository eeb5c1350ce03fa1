using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// Reads of <see cref="ITwentyRecordsClient"/> that deserialize Twenty's answer straight from its UTF-8 bytes into
/// typed records, without building a <see cref="JsonObject"/> tree: the same request, the same errors, the same
/// results as the <see cref="JsonObject"/> reads mapped with <see cref="TwentyRecordShape{T}.Map"/>. Implemented by
/// the SDK's own records client; the adapters fall back to the <see cref="JsonObject"/> reads for any other.
/// </summary>
internal interface ITwentyTypedReads
{
    /// <summary>One page of records, read with <paramref name="shape"/> (<c>GET /rest/{plural}</c>, as <see cref="ITwentyRecordsClient.FindManyAsync"/>).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="obj">The object.</param>
    /// <param name="query">Filter, order, limit and cursor.</param>
    /// <param name="shape">How to read one record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<TwentyTypedPage<T>> FindManyAsync<T>(TwentyObjectName obj, TwentyFindManyQuery? query, TwentyRecordShape<T> shape, CancellationToken cancellationToken);

    /// <summary>
    /// One record by id, read with <paramref name="shape"/> (<c>GET /rest/{plural}/{id}</c>); <see langword="null"/> when
    /// Twenty answers 404 or the record is soft-deleted (<c>deletedAt</c> set).
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="obj">The object.</param>
    /// <param name="id">The record id.</param>
    /// <param name="shape">How to read one record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The live record, or <see langword="null"/>.</returns>
    Task<T?> FindLiveOneAsync<T>(TwentyObjectName obj, Guid id, TwentyRecordShape<T> shape, CancellationToken cancellationToken)
        where T : class;

    /// <summary>
    /// Updates one record (<c>PATCH /rest/{plural}/{id}</c>, as <see cref="ITwentyRecordsClient.UpdateAsync"/>: never
    /// retried) and reads the record Twenty answers with <paramref name="shape"/>.
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="obj">The object.</param>
    /// <param name="id">The record id.</param>
    /// <param name="changes">The fields to change, in Twenty's names.</param>
    /// <param name="shape">How to read one record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated record.</returns>
    Task<T> UpdateAsync<T>(TwentyObjectName obj, Guid id, JsonObject changes, TwentyRecordShape<T> shape, CancellationToken cancellationToken);
}

/// <summary>One page read by <see cref="ITwentyTypedReads.FindManyAsync{T}"/>.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Records">The records, in Twenty's order.</param>
/// <param name="TotalCount">How many records match in all (the page's length when Twenty gave no count).</param>
/// <param name="PageInfo">The cursors.</param>
internal sealed record TwentyTypedPage<T>(IReadOnlyList<T> Records, int TotalCount, TwentyPageInfo PageInfo);

/// <summary>Reads one record of Twenty's JSON from a <see cref="Utf8JsonReader"/> positioned on its <c>{</c>.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="reader">The reader, on the record's <see cref="JsonTokenType.StartObject"/>; left on its <see cref="JsonTokenType.EndObject"/>.</param>
/// <param name="record">The record read.</param>
/// <param name="deleted">Whether the record carries a <c>deletedAt</c> value (the test of <c>TwentyRecordMapping.IsDeleted</c>).</param>
/// <returns>
/// <see langword="false"/> when the record holds something the reader does not decide alone (a duplicated field, a
/// value the <see cref="JsonObject"/> mapping would treat specially): the caller then reads the whole answer the
/// <see cref="JsonObject"/> way, so the result is always the one <see cref="TwentyRecordShape{T}.Map"/> gives.
/// </returns>
internal delegate bool TwentyRecordReader<T>(ref Utf8JsonReader reader, out T record, out bool deleted);

/// <summary>A record type's two readers: straight from the bytes, and from a <see cref="JsonObject"/> (the reference).</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Read">Reads a record from the bytes, or declines.</param>
/// <param name="Map">Maps a <see cref="JsonObject"/> record: what <paramref name="Read"/> must agree with.</param>
/// <param name="IsDeleted">Whether a <see cref="JsonObject"/> record is soft-deleted.</param>
internal sealed record TwentyRecordShape<T>(TwentyRecordReader<T> Read, Func<JsonObject, T> Map, Func<JsonObject, bool> IsDeleted)
{
    /// <summary>A page of <see cref="JsonObject"/> records, mapped.</summary>
    /// <param name="page">The page.</param>
    /// <returns>The typed page.</returns>
    public TwentyTypedPage<T> MapPage(TwentyRecordPage page) => new(page.Records.Select(Map).ToArray(), page.TotalCount, page.PageInfo);

    /// <summary>A <see cref="JsonObject"/> record mapped, or the default when it is soft-deleted.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The live record, or the default.</returns>
    public T? MapLive(JsonObject record) => IsDeleted(record) ? default : Map(record);
}

/// <summary>
/// The reads of <see cref="ITwentyTypedReads"/> through any <see cref="ITwentyRecordsClient"/>: straight from the answer's
/// bytes when the client implements <see cref="ITwentyTypedReads"/> (the SDK's own), otherwise its <see cref="JsonObject"/>
/// reads mapped with the shape. The adapters read through these.
/// </summary>
internal static class TwentyShapedReads
{
    /// <summary>As <see cref="ITwentyTypedReads.FindManyAsync{T}"/>.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="records">The records client.</param>
    /// <param name="obj">The object.</param>
    /// <param name="query">Filter, order, limit and cursor.</param>
    /// <param name="shape">How to read one record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public static async Task<TwentyTypedPage<T>> FindManyAsync<T>(
        this ITwentyRecordsClient records, TwentyObjectName obj, TwentyFindManyQuery? query, TwentyRecordShape<T> shape, CancellationToken cancellationToken) =>
        records is ITwentyTypedReads typed
            ? await typed.FindManyAsync(obj, query, shape, cancellationToken).ConfigureAwait(false)
            : shape.MapPage(await records.FindManyAsync(obj, query, cancellationToken).ConfigureAwait(false));

    /// <summary>As <see cref="ITwentyTypedReads.FindLiveOneAsync{T}"/>.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="records">The records client.</param>
    /// <param name="obj">The object.</param>
    /// <param name="id">The record id.</param>
    /// <param name="shape">How to read one record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The live record, or <see langword="null"/>.</returns>
    public static async Task<T?> FindLiveOneAsync<T>(
        this ITwentyRecordsClient records, TwentyObjectName obj, Guid id, TwentyRecordShape<T> shape, CancellationToken cancellationToken)
        where T : class =>
        records is ITwentyTypedReads typed
            ? await typed.FindLiveOneAsync(obj, id, shape, cancellationToken).ConfigureAwait(false)
            : await records.FindOneAsync(obj, id, cancellationToken).ConfigureAwait(false) is { } record ? shape.MapLive(record) : null;

    /// <summary>As <see cref="ITwentyTypedReads.UpdateAsync{T}"/>.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="records">The records client.</param>
    /// <param name="obj">The object.</param>
    /// <param name="id">The record id.</param>
    /// <param name="changes">The fields to change, in Twenty's names.</param>
    /// <param name="shape">How to read one record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated record.</returns>
    public static async Task<T> UpdateAsync<T>(
        this ITwentyRecordsClient records, TwentyObjectName obj, Guid id, JsonObject changes, TwentyRecordShape<T> shape, CancellationToken cancellationToken) =>
        records is ITwentyTypedReads typed
            ? await typed.UpdateAsync(obj, id, changes, shape, cancellationToken).ConfigureAwait(false)
            : shape.Map(await records.UpdateAsync(obj, id, changes, cancellationToken).ConfigureAwait(false));
}
