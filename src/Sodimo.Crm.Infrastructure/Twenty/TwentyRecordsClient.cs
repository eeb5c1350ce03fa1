using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>The REST records client over the generated Refit <see cref="ITwentyRestApi"/>.</summary>
internal sealed class TwentyRecordsClient(ITwentyRestApi api, IOptions<SodimoTwentyOptions> options) : ITwentyRecordsClient, ITwentyTypedReads
{
    private readonly SodimoTwentyOptions _options = options.Value;

    public async Task<TwentyRecordPage> FindManyAsync(TwentyObjectName obj, TwentyFindManyQuery? query = null, CancellationToken cancellationToken = default)
    {
        var (status, body) = await ListAsync(obj, query, cancellationToken).ConfigureAwait(false);
        return ReadPage(obj, TwentyWire.ParseObject(status, body, "GET", $"/rest/{obj.Plural}"));
    }

    public async Task<TwentyTypedPage<T>> FindManyAsync<T>(
        TwentyObjectName obj, TwentyFindManyQuery? query, TwentyRecordShape<T> shape, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var (status, body) = await ListAsync(obj, query, cancellationToken).ConfigureAwait(false);
        if (TwentyTypedReading.TryReadPage(TwentyWire.JsonText(body), obj.Plural, shape.Read, out var typed))
            return typed;

        // Anything the typed reader does not decide alone: the JsonObject reading, whose results and errors are the reference.
        return shape.MapPage(ReadPage(obj, TwentyWire.ParseObject(status, body, "GET", $"/rest/{obj.Plural}")));
    }

    public async Task<T?> FindLiveOneAsync<T>(TwentyObjectName obj, Guid id, TwentyRecordShape<T> shape, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(shape);
        int status;
        byte[] body;
        try
        {
            (status, body) = await TwentyWire.SendForBytesAsync(
                ct => api.FindOneAsync(obj.Plural, Id(id), null, ct),
                "GET", $"/rest/{obj.Plural}/{Id(id)}", idempotent: true, cancellationToken).ConfigureAwait(false);
        }
        catch (TwentyNotFoundException)
        {
            return null;
        }

        if (TwentyTypedReading.TryReadOne(TwentyWire.JsonText(body), obj.Singular, shape.Read, out var typed, out var deleted))
            return deleted ? null : typed;

        var json = TwentyWire.ParseObject(status, body, "GET", $"/rest/{obj.Plural}/{Id(id)}");
        return shape.MapLive(Data(json, obj.Singular, "GET") as JsonObject ?? throw Protocol($"the answer has no data.{obj.Singular} object"));
    }

    private Task<(int Status, byte[] Body)> ListAsync(TwentyObjectName obj, TwentyFindManyQuery? query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        query ??= new TwentyFindManyQuery();
        var limit = query.Limit ?? _options.PageSize;
        if (limit is < 1 or > TwentyLimits.MaxPageSize)
            throw new ArgumentOutOfRangeException(nameof(query), limit, $"Limit must be 1 to {TwentyLimits.MaxPageSize}.");
        if (query.Depth is not (null or 0 or 1))
            throw new ArgumentOutOfRangeException(nameof(query), query.Depth, "Depth must be 0 or 1.");

        return TwentyWire.SendForBytesAsync(
            ct => api.FindManyAsync(obj.Plural, query.Filter?.ToString(), TwentySort.ToOrderBy(query.OrderBy), limit,
                query.StartingAfter, query.EndingBefore, query.Depth, ct),
            "GET", $"/rest/{obj.Plural}", idempotent: true, cancellationToken);
    }

    private static TwentyRecordPage ReadPage(TwentyObjectName obj, JsonObject body)
    {
        var records = Data(body, obj.Plural, "GET") is JsonArray array
            ? array.Select(n => n as JsonObject ?? throw Protocol($"data.{obj.Plural} holds a non-object")).ToArray()
            : throw Protocol($"the list answer has no data.{obj.Plural} array");
        foreach (var r in records)
            r.Parent?.AsArray().Remove(r);

        var pageInfo = body[TwentyEnvelope.PageInfo] as JsonObject;
        var totalCount = body[TwentyEnvelope.TotalCount] is JsonValue tc && tc.TryGetValue<int>(out var n) ? n : records.Length;
        return new TwentyRecordPage(
            records,
            totalCount,
            new TwentyPageInfo(
                Bool(pageInfo?[TwentyEnvelope.HasNextPage]),
                Bool(pageInfo?[TwentyEnvelope.HasPreviousPage]),
                TwentyWire.AsString(pageInfo?[TwentyEnvelope.StartCursor]),
                TwentyWire.AsString(pageInfo?[TwentyEnvelope.EndCursor])));
    }

    public async IAsyncEnumerable<JsonObject> FindAllAsync(
        TwentyObjectName obj, TwentyFindManyQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new TwentyFindManyQuery();
        if (query.EndingBefore is not null)
            throw new ArgumentException("FindAllAsync pages forwards; EndingBefore is not supported.", nameof(query));
        var cursor = query.StartingAfter;
        while (true)
        {
            var page = await FindManyAsync(obj, query with { StartingAfter = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var record in page.Records)
                yield return record;
            if (!page.PageInfo.HasNextPage || page.Records.Count == 0)
                yield break;
            if (page.PageInfo.EndCursor is null || page.PageInfo.EndCursor == cursor)
                throw Protocol($"Twenty said more {obj.Plural} follow but gave no new end cursor");
            cursor = page.PageInfo.EndCursor;
        }
    }

    public async Task<JsonObject?> FindOneAsync(TwentyObjectName obj, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        JsonObject body;
        try
        {
            (_, body) = await TwentyWire.SendAsync(
                ct => api.FindOneAsync(obj.Plural, Id(id), null, ct),
                "GET", $"/rest/{obj.Plural}/{Id(id)}", idempotent: true, graphQL: false, cancellationToken).ConfigureAwait(false);
        }
        catch (TwentyNotFoundException)
        {
            return null;
        }

        return Detach(Data(body, obj.Singular, "GET") as JsonObject ?? throw Protocol($"the answer has no data.{obj.Singular} object"));
    }

    public Task<JsonObject> CreateAsync(TwentyObjectName obj, JsonObject record, CancellationToken cancellationToken = default) =>
        CreateOneAsync(obj, record, upsert: false, cancellationToken);

    public Task<JsonObject> UpsertAsync(TwentyObjectName obj, JsonObject record, CancellationToken cancellationToken = default) =>
        CreateOneAsync(obj, record, upsert: true, cancellationToken);

    public async Task<IReadOnlyList<JsonObject>> CreateManyAsync(
        TwentyObjectName obj, IReadOnlyList<JsonObject> records, bool upsert = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(records);
        var created = new List<JsonObject>(records.Count);
        var key = "create" + TwentyObjectName.Capital(obj.Plural);
        for (var start = 0; start < records.Count; start += _options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = new JsonArray();
            foreach (var r in records.Skip(start).Take(_options.BatchSize))
                chunk.Add(r?.DeepClone() ?? throw new ArgumentException("A record cannot be null.", nameof(records)));

            try
            {
                var (_, body) = await TwentyWire.SendAsync(
                    ct => api.CreateManyAsync(obj.Plural, chunk, upsert ? "true" : null, ct),
                    "POST", $"/rest/batch/{obj.Plural}", idempotent: false, graphQL: false, cancellationToken).ConfigureAwait(false);
                var array = Data(body, key, "POST") as JsonArray ?? throw Protocol($"the batch answer has no data.{key} array");
                created.AddRange(array.Select(n => n as JsonObject ?? throw Protocol($"data.{key} holds a non-object")).ToArray());
            }
            catch (TwentyException ex)
            {
                throw new TwentyBatchException(created.Select(c => Detach(c)).ToArray(), start, ex);
            }
        }

        return created.Select(c => Detach(c)).ToArray();
    }

    public async Task<JsonObject> UpdateAsync(TwentyObjectName obj, Guid id, JsonObject changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(changes);
        var key = "update" + TwentyObjectName.Capital(obj.Singular);
        var (_, body) = await TwentyWire.SendAsync(
            ct => api.UpdateAsync(obj.Plural, Id(id), changes, ct),
            "PATCH", $"/rest/{obj.Plural}/{Id(id)}", idempotent: false, graphQL: false, cancellationToken).ConfigureAwait(false);
        return UpdatedRecord(body, key);
    }

    public async Task<T> UpdateAsync<T>(TwentyObjectName obj, Guid id, JsonObject changes, TwentyRecordShape<T> shape, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(shape);
        var key = "update" + TwentyObjectName.Capital(obj.Singular);
        var path = $"/rest/{obj.Plural}/{Id(id)}";
        var (status, body) = await TwentyWire.SendForBytesAsync(
            ct => api.UpdateAsync(obj.Plural, Id(id), changes, ct),
            "PATCH", path, idempotent: false, cancellationToken).ConfigureAwait(false);
        // The record as updated, soft-deleted or not (as UpdateAsync returns it).
        if (TwentyTypedReading.TryReadOne(TwentyWire.JsonText(body), key, shape.Read, out var typed, out _) && typed is not null)
            return typed;

        return shape.Map(UpdatedRecord(TwentyWire.ParseObject(status, body, "PATCH", path), key));
    }

    private static JsonObject UpdatedRecord(JsonObject body, string key) =>
        Detach(Data(body, key, "PATCH") as JsonObject ?? throw Protocol($"the answer has no data.{key} object"));

    public async Task<Guid> DeleteAsync(TwentyObjectName obj, Guid id, bool softDelete = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var key = "delete" + TwentyObjectName.Capital(obj.Singular);
        var (_, body) = await TwentyWire.SendAsync(
            ct => api.DeleteAsync(obj.Plural, Id(id), softDelete ? "true" : null, ct),
            "DELETE", $"/rest/{obj.Plural}/{Id(id)}", idempotent: false, graphQL: false, cancellationToken).ConfigureAwait(false);
        var deleted = Data(body, key, "DELETE") as JsonObject ?? throw Protocol($"the answer has no data.{key} object");
        return Guid.TryParse(TwentyWire.AsString(deleted["id"]), out var deletedId)
            ? deletedId
            : throw Protocol($"data.{key}.id is not a UUID");
    }

    private async Task<JsonObject> CreateOneAsync(TwentyObjectName obj, JsonObject record, bool upsert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(record);
        var key = "create" + TwentyObjectName.Capital(obj.Singular);
        var (_, body) = await TwentyWire.SendAsync(
            ct => api.CreateAsync(obj.Plural, record, upsert ? "true" : null, ct),
            "POST", $"/rest/{obj.Plural}", idempotent: false, graphQL: false, cancellationToken).ConfigureAwait(false);
        return Detach(Data(body, key, "POST") as JsonObject ?? throw Protocol($"the answer has no data.{key} object"));
    }

    private static JsonNode? Data(JsonObject body, string key, string method) =>
        body[TwentyEnvelope.Data] is JsonObject data
            ? data[key]
            : throw Protocol($"the {method} answer has no data object");

    private static JsonObject Detach(JsonObject node) => node.Parent is null ? node : (JsonObject)node.DeepClone();

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static TwentyProtocolException Protocol(string what) => new($"Twenty's answer was not as expected: {what}.");
}
