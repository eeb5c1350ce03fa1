using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Tests.Sync;

/// <summary>
/// In-memory Twenty companies with the batch operations the sync uses: logs every call, keeps every write, refuses a
/// duplicate id, and can be scripted per call (fail before: nothing written; fail after: written, then the error).
/// </summary>
internal sealed class FakeSyncTwenty : ITwentyCompanies
{
    private static readonly SodimoObject Company = SodimoSchema.Current.GetObject("Company");

    public Dictionary<Guid, CompanyRecord> Companies { get; } = [];

    public List<string> Calls { get; } = [];

    public List<(string Op, Guid Id, IReadOnlyList<FieldWrite> Fields)> Writes { get; } = [];

    /// <summary>Called before each call with the operation and the call's number (1-based); an exception returned is thrown, nothing written.</summary>
    public Func<string, int, Exception?> Before { get; set; } = (_, _) => null;

    /// <summary>Called after a write committed; an exception returned is thrown (the write stays).</summary>
    public Func<string, int, Exception?> After { get; set; } = (_, _) => null;

    /// <summary>A client code whose create or update Twenty refuses (400), failing the whole batch that carries it.</summary>
    public string? PoisonCode { get; set; }

    public int Count(string op) => Calls.Count(c => c == op);

    public CompanyRecord Seed(string clientCode, string name, params (string Field, object? Value)[] values)
    {
        var fields = Company.Fields.ToDictionary(f => f.SodimoName, _ => (object?)null);
        fields["client_code"] = clientCode;
        fields["name"] = name;
        foreach (var (field, value) in values)
        {
            fields[field] = value;
        }

        var id = Guid.NewGuid();
        return Companies[id] = new CompanyRecord { Id = id, Name = name, ClientCode = clientCode, Fields = fields };
    }

    public void Edit(Guid id, string field, object? value)
    {
        var c = Companies[id];
        var fields = new Dictionary<string, object?>(c.Fields) { [field] = value };
        Companies[id] = c with { Fields = fields, Name = (string?)fields["name"] };
    }

    public Task<Page<CompanyRecord>> FindByClientCodesAsync(IReadOnlyList<string> clientCodes, string? cursor = null, CancellationToken cancellationToken = default)
    {
        if (clientCodes.Count is < 1 or > TwentyLimits.MaxKeysPerLookup)
        {
            throw new ArgumentException("1 to 200 codes");
        }

        return Call("findByClientCodes", () => new Page<CompanyRecord>(
            Companies.Values.Where(c => clientCodes.Contains(c.ClientCode)).ToArray(), null));
    }

    public Task<IReadOnlyList<CompanyRecord>> CreateManyAsync(IReadOnlyList<CompanyCreate> companies, CancellationToken cancellationToken = default)
    {
        if (companies.Count is < 1 or > TwentyLimits.MaxBatchSize)
        {
            throw new ArgumentException("1 to 60 companies");
        }

        return Call("createMany", () =>
        {
            foreach (var c in companies)
            {
                if (Companies.ContainsKey(c.Id))
                {
                    throw new TwentyRejectedException("create refused", 400, ["Record already exists"]);
                }

                if (PoisonCode is not null && c.Fields.Any(f => f.SodimoName == "client_code" && (string?)f.Value == PoisonCode))
                {
                    throw new TwentyRejectedException("create refused", 400, [$"Invalid value for {PoisonCode}"]);
                }
            }

            var created = new List<CompanyRecord>();
            foreach (var c in companies)
            {
                Writes.Add(("create", c.Id, c.Fields));
                var fields = Company.Fields.ToDictionary(f => f.SodimoName, _ => (object?)null);
                foreach (var w in c.Fields)
                {
                    fields[w.SodimoName] = w.Value;
                }

                created.Add(Companies[c.Id] = new CompanyRecord
                {
                    Id = c.Id, Name = (string?)fields["name"], ClientCode = (string?)fields["client_code"], Fields = fields,
                });
            }

            return (IReadOnlyList<CompanyRecord>)created;
        });
    }

    public Task<IReadOnlyList<CompanyRecord>> UpdateManyAsync(IReadOnlyList<CompanyUpdate> updates, CancellationToken cancellationToken = default)
    {
        if (updates.Count is < 1 or > TwentyLimits.MaxBatchSize)
        {
            throw new ArgumentException("1 to 60 updates");
        }

        return Call("updateMany", () =>
        {
            foreach (var u in updates)
            {
                if (!Companies.TryGetValue(u.Id, out var target) || (PoisonCode is not null && target.ClientCode == PoisonCode))
                {
                    throw new TwentyRejectedException("update refused", 400, [$"Cannot update {u.Id}"]);
                }
            }

            var updated = new List<CompanyRecord>();
            foreach (var u in updates)
            {
                Writes.Add(("update", u.Id, u.Fields));
                var current = Companies[u.Id];
                var fields = new Dictionary<string, object?>(current.Fields);
                foreach (var w in u.Fields)
                {
                    fields[w.SodimoName] = w.Value;
                }

                updated.Add(Companies[u.Id] = current with { Fields = fields, Name = (string?)fields["name"] });
            }

            return (IReadOnlyList<CompanyRecord>)updated;
        });
    }

    public Task<CompanyRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException("The sync reads in pages.");

    public Task<CompanyRecord?> FindByClientCodeAsync(string clientCode, CancellationToken cancellationToken = default) => throw new NotSupportedException("The sync reads in pages.");

    public Task<Page<CompanyRecord>> ListAsync(CompanyListQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException("The sync reads by code.");

    public Task<CompanyRecord> CreateAsync(CompanyCreate company, CancellationToken cancellationToken = default) => throw new NotSupportedException("The sync writes in batches.");

    public Task<CompanyRecord> UpdateAsync(CompanyUpdate update, CancellationToken cancellationToken = default) => throw new NotSupportedException("The sync writes in batches.");

    private Task<T> Call<T>(string op, Func<T> body)
    {
        Calls.Add(op);
        var n = Calls.Count;
        if (Before(op, n) is { } before)
        {
            throw before;
        }

        var result = body();
        if (After(op, n) is { } after)
        {
            throw after;
        }

        return Task.FromResult(result);
    }
}
