using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Schema;
using static Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyPortErrors;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary><see cref="ITwentyDeals"/> over Twenty's REST records API, with typed REST filters.</summary>
internal sealed class TwentyDealsAdapter(ITwentyRecordsClient records) : ITwentyDeals
{
    private static readonly TwentyObjectName Opportunities = SodimoTwentyObjects.OpportunityName;

    public Task<Page<DealRecord>> ListAsync(DealQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new TwentyFindManyQuery
        {
            Filter = Filter(query),
            OrderBy = [new TwentySort("createdAt")],
            Limit = query.Limit,
            StartingAfter = query.Cursor,
        };
        // The SDK's own client reads the deals straight from the answer's bytes; another ITwentyRecordsClient through JsonObject.
        return ReadAsync("list deals", async () => TwentyRecordMapping.ToPage(
            await records.FindManyAsync(Opportunities, request, TwentyRecordReaders.Deal, cancellationToken).ConfigureAwait(false)));
    }

    public Task<DealRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadAsync("get deal", () => records.FindLiveOneAsync(Opportunities, id, TwentyRecordReaders.Deal, cancellationToken));

    public Task<DealRecord> UpdateAsync(DealUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = TwentyFieldMapper.ToTwenty(update.Fields);
        return WriteAsync("update deal", () => records.UpdateAsync(Opportunities, update.Id, body, TwentyRecordReaders.Deal, cancellationToken),
            Opportunities.Singular, update.Id);
    }

    public Task<IReadOnlyList<DealRecord>> UpdateManyAsync(IReadOnlyList<DealUpdate> updates, CancellationToken cancellationToken = default)
    {
        // One batch upsert keyed on id: Twenty updates the fields sent and leaves the others as they are.
        var bodies = TwentyCompaniesAdapter.Batch(updates, u => TwentyCompaniesAdapter.Body(u.Id, u.Fields));
        return WriteAsync<IReadOnlyList<DealRecord>>("update deals", async () =>
            (await records.CreateManyAsync(Opportunities, bodies, upsert: true, cancellationToken).ConfigureAwait(false)).Select(TwentyRecordMapping.ToDeal).ToArray());
    }

    /// <summary>
    /// The REST filter of a deal query: typed values only (enum values, UUID, client code, timestamp). SELECT fields use
    /// <c>in</c>, the comparator Twenty's select filter has on every version.
    /// </summary>
    internal static TwentyFilter? Filter(DealQuery query)
    {
        var obj = SodimoTwentyObjects.Opportunity;
        var schema = SodimoTwentyObjects.Schema;
        var parts = new List<TwentyFilter>();
        var pipeline = query.Pipeline ?? (query.Stage is null ? null : schema.Pipelines.First(p => p.Stages.Contains(query.Stage)));
        if (pipeline is not null)
            parts.Add(TwentyFilter.In(SodimoTwentyObjects.TwentyField(obj, SodimoFieldNames.Pipeline), [TwentyFilterValue.EnumValue(pipeline.Value)]));
        if (query.Stage is not null && pipeline is not null)
            parts.Add(TwentyFilter.In(pipeline.StageFieldTwentyName, [TwentyFilterValue.EnumValue(query.Stage.Value)]));
        if (query.Health is { } health)
            parts.Add(TwentyFilter.In(SodimoTwentyObjects.TwentyField(obj, SodimoFieldNames.Health), [TwentyFilterValue.EnumValue(schema.HealthOption(health).Value)]));
        if (query.ClientCode is not null)
            parts.Add(TwentyFilter.Eq(SodimoTwentyObjects.TwentyField(obj, SodimoFieldNames.ClientCode), TwentyFilterValue.ClientCode(query.ClientCode)));
        if (query.CompanyId is { } companyId)
            parts.Add(TwentyFilter.Eq("companyId", TwentyFilterValue.Uuid(companyId)));
        if (query.UpdatedSince is { } since)
            parts.Add(TwentyFilter.Gte("updatedAt", TwentyFilterValue.Timestamp(since)));
        return parts.Count == 0 ? null : TwentyFilter.And(parts);
    }
}
