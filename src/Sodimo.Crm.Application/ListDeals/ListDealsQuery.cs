using Mediator;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Application.ListDeals;

/// <summary>
/// Lists deals (<c>crm_list_deals</c>) by pipeline, stage, health, client code, company and change date, one page at a
/// time with Twenty's cursor. Read-only: no ledger entry.
/// </summary>
public sealed record ListDealsQuery : IQuery<ListDealsResult>
{
    /// <summary>A pipeline name or value (<c>Export Clients</c>, <c>EXPORT_CLIENTS</c>).</summary>
    public string? Pipeline { get; init; }

    /// <summary>A stage name or value (<c>Proforma Sent</c>); it must belong to <see cref="Pipeline"/> when both are given.</summary>
    public string? Stage { get; init; }

    /// <summary>A health: <c>green</c>, <c>yellow</c> or <c>red</c> (case-insensitive).</summary>
    public string? Health { get; init; }

    /// <summary>A Sodiwin client code.</summary>
    public string? ClientCode { get; init; }

    /// <summary>A company's id.</summary>
    public Guid? CompanyId { get; init; }

    /// <summary>Only deals changed at or after this time (with an offset).</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>Page size, 1 to 200; 60 when omitted.</summary>
    public int? Limit { get; init; }

    /// <summary>The <see cref="ListDealsResult.NextCursor"/> of the previous page, or <see langword="null"/> for the first page.</summary>
    public string? Cursor { get; init; }
}

/// <summary>One page of deals in Sodimo's shape.</summary>
/// <param name="Deals">The deals of this page.</param>
/// <param name="NextCursor">Pass it back as <see cref="ListDealsQuery.Cursor"/> to read the next page; <see langword="null"/> on the last page.</param>
/// <param name="TotalCount">Twenty's total count of matching deals, when known.</param>
public sealed record ListDealsResult(IReadOnlyList<DealRecord> Deals, string? NextCursor, int? TotalCount)
{
    /// <summary>Whether there are more deals after this page.</summary>
    public bool HasMore => NextCursor is not null;
}
