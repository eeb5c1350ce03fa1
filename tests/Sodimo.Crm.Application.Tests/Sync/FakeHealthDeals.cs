using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Health;

namespace Sodimo.Crm.Application.Tests.Sync;

/// <summary>In-memory deals with paged listing and batch updates of the health field.</summary>
internal sealed class FakeHealthDeals : ITwentyDeals
{
    public List<DealRecord> Deals { get; } = [];

    public List<string> Calls { get; } = [];

    public int PageSize { get; set; } = 200;

    public DealRecord Add(string pipeline, string stage, DateTimeOffset? enteredAt, DealHealth? health)
    {
        var deal = new DealRecord { Id = Guid.NewGuid(), Name = $"Deal {Deals.Count}", Pipeline = pipeline, Stage = stage, StageEnteredAt = enteredAt, Health = health };
        Deals.Add(deal);
        return deal;
    }

    public Task<Page<DealRecord>> ListAsync(DealQuery query, CancellationToken cancellationToken = default)
    {
        Calls.Add("list");
        var start = query.Cursor is null ? 0 : int.Parse(query.Cursor, System.Globalization.CultureInfo.InvariantCulture);
        var size = Math.Min(query.Limit, PageSize);
        var items = Deals.Skip(start).Take(size).ToArray();
        var next = start + size < Deals.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new Page<DealRecord>(items, next));
    }

    public Task<IReadOnlyList<DealRecord>> UpdateManyAsync(IReadOnlyList<DealUpdate> updates, CancellationToken cancellationToken = default)
    {
        Calls.Add("updateMany");
        updates.Count.ShouldBeInRange(1, TwentyLimits.MaxBatchSize);
        var result = new List<DealRecord>();
        foreach (var u in updates)
        {
            var i = Deals.FindIndex(d => d.Id == u.Id);
            var write = u.Fields.ShouldHaveSingleItem();
            write.SodimoName.ShouldBe("health");
            Enum.TryParse<DealHealth>((string)write.Value!, ignoreCase: true, out var health).ShouldBeTrue();
            Deals[i] = Deals[i] with { Health = health };
            result.Add(Deals[i]);
        }

        return Task.FromResult<IReadOnlyList<DealRecord>>(result);
    }

    public Task<DealRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<DealRecord> UpdateAsync(DealUpdate update, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
