using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Schema;
using static Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyPortErrors;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary><see cref="ITwentyCompanies"/> over Twenty's REST records API.</summary>
internal sealed class TwentyCompaniesAdapter(ITwentyRecordsClient records) : ITwentyCompanies
{
    private static readonly TwentyObjectName Companies = SodimoTwentyObjects.CompanyName;
    private static readonly string ClientCode = SodimoTwentyObjects.TwentyField(SodimoTwentyObjects.Company, SodimoFieldNames.ClientCode);

    public Task<CompanyRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        ReadAsync("get company", async () =>
            await records.FindOneAsync(Companies, id, cancellationToken).ConfigureAwait(false) is { } r && !TwentyRecordMapping.IsDeleted(r)
                ? TwentyRecordMapping.ToCompany(r)
                : null);

    public Task<CompanyRecord?> FindByClientCodeAsync(string clientCode, CancellationToken cancellationToken = default)
    {
        var filter = TwentyFilter.Eq(ClientCode, TwentyFilterValue.ClientCode(clientCode));
        return ReadAsync("find company by client code", async () =>
        {
            var page = await records.FindManyAsync(Companies, new TwentyFindManyQuery { Filter = filter, Limit = 2 }, cancellationToken).ConfigureAwait(false);
            if (page.Records.Count > 1 || page.TotalCount > 1)
            {
                throw new TwentyRejectedException(
                    $"find company by client code: {page.TotalCount} companies have client code {clientCode}; it must be unique.", null, []);
            }

            return page.Records.Count == 1 ? TwentyRecordMapping.ToCompany(page.Records[0]) : null;
        });
    }

    public Task<Page<CompanyRecord>> FindByClientCodesAsync(IReadOnlyList<string> clientCodes, string? cursor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientCodes);
        if (clientCodes.Count is 0 or > TwentyLimits.MaxKeysPerLookup)
            throw new ArgumentException($"Look up 1 to {TwentyLimits.MaxKeysPerLookup} client codes per call, not {clientCodes.Count}.", nameof(clientCodes));
        var filter = TwentyFilter.In(ClientCode, clientCodes.Distinct(StringComparer.Ordinal).Select(TwentyFilterValue.ClientCode));
        return ReadAsync("find companies by client codes", async () => TwentyRecordMapping.ToPage(
            await records.FindManyAsync(Companies, new TwentyFindManyQuery
            {
                Filter = filter,
                OrderBy = [new TwentySort("createdAt")],
                Limit = TwentyLimits.MaxPageSize,
                StartingAfter = cursor,
            }, cancellationToken).ConfigureAwait(false),
            TwentyRecordMapping.ToCompany));
    }

    public Task<Page<CompanyRecord>> ListAsync(CompanyListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.UpdatedSince is { } since ? TwentyFilter.Gte("updatedAt", TwentyFilterValue.Timestamp(since)) : null;
        return ReadAsync("list companies", async () => TwentyRecordMapping.ToPage(
            await records.FindManyAsync(Companies, new TwentyFindManyQuery
            {
                Filter = filter,
                OrderBy = [new TwentySort("createdAt")],
                Limit = query.Limit,
                StartingAfter = query.Cursor,
            }, cancellationToken).ConfigureAwait(false),
            TwentyRecordMapping.ToCompany));
    }

    public Task<CompanyRecord> CreateAsync(CompanyCreate company, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(company);
        var body = Body(company.Id, company.Fields);
        return WriteAsync("create company", async () =>
            TwentyRecordMapping.ToCompany(await records.CreateAsync(Companies, body, cancellationToken).ConfigureAwait(false)));
    }

    public Task<CompanyRecord> UpdateAsync(CompanyUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var body = TwentyFieldMapper.ToTwenty(update.Fields);
        return WriteAsync("update company", async () =>
            TwentyRecordMapping.ToCompany(await records.UpdateAsync(Companies, update.Id, body, cancellationToken).ConfigureAwait(false)),
            Companies.Singular, update.Id);
    }

    public Task<IReadOnlyList<CompanyRecord>> CreateManyAsync(IReadOnlyList<CompanyCreate> companies, CancellationToken cancellationToken = default)
    {
        var bodies = Batch(companies, c => Body(c.Id, c.Fields));
        return WriteAsync<IReadOnlyList<CompanyRecord>>("create companies", async () =>
            (await records.CreateManyAsync(Companies, bodies, upsert: false, cancellationToken).ConfigureAwait(false)).Select(TwentyRecordMapping.ToCompany).ToArray());
    }

    public Task<IReadOnlyList<CompanyRecord>> UpdateManyAsync(IReadOnlyList<CompanyUpdate> updates, CancellationToken cancellationToken = default)
    {
        // One batch upsert keyed on id: Twenty updates the fields sent and leaves the others as they are.
        var bodies = Batch(updates, u => Body(u.Id, u.Fields));
        return WriteAsync<IReadOnlyList<CompanyRecord>>("update companies", async () =>
            (await records.CreateManyAsync(Companies, bodies, upsert: true, cancellationToken).ConfigureAwait(false)).Select(TwentyRecordMapping.ToCompany).ToArray());
    }

    internal static JsonObject Body(Guid id, IReadOnlyList<FieldWrite> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return TwentyFieldMapper.ToTwenty(fields, new JsonObject { ["id"] = TwentyFieldMapper.Uuid(id) });
    }

    internal static JsonObject[] Batch<T>(IReadOnlyList<T> items, Func<T, JsonObject> body)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count is 0 or > TwentyLimits.MaxBatchSize)
            throw new ArgumentException($"A batch holds 1 to {TwentyLimits.MaxBatchSize} records, not {items.Count}.", nameof(items));
        return items.Select(body).ToArray();
    }
}
