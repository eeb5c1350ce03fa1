using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>A Twenty opportunity (a deal) in Sodimo's shape: pipeline and stage by name, health, amount as money.</summary>
public sealed record DealRecord
{
    /// <summary>Twenty's record id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The deal's title.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The pipeline's name as the brief spells it (<c>Export Clients</c>); the raw option value when the schema does not
    /// know it; <see langword="null"/> when unset.
    /// </summary>
    public string? Pipeline { get; init; }

    /// <summary>
    /// The stage's name in the deal's pipeline (<c>Proforma Sent</c>), read from that pipeline's stage field; the raw
    /// option value when the schema does not know it; <see langword="null"/> when unset.
    /// </summary>
    public string? Stage { get; init; }

    /// <summary>Green, yellow or red; <see langword="null"/> when unset.</summary>
    public DealHealth? Health { get; init; }

    /// <summary>The amount with its currency; <see langword="null"/> when unset.</summary>
    public Money? Amount { get; init; }

    /// <summary>Sodiwin's client code, denormalised on the deal.</summary>
    public string? ClientCode { get; init; }

    /// <summary>Sodiwin's order number, once a commande is issued.</summary>
    public string? SodiwinNumeroCommande { get; init; }

    /// <summary>When the deal entered its current stage.</summary>
    public DateTimeOffset? StageEnteredAt { get; init; }

    /// <summary>When the deal is expected to close.</summary>
    public DateTimeOffset? CloseDate { get; init; }

    /// <summary>The company's id.</summary>
    public Guid? CompanyId { get; init; }

    /// <summary>The point of contact's (person's) id.</summary>
    public Guid? PointOfContactId { get; init; }

    /// <summary>When Twenty created the record.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When Twenty last changed the record.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>
/// The filters of <see cref="ITwentyDeals.ListAsync"/>, already resolved against the schema; a <see langword="null"/>
/// filter matches everything. Every value is typed (no caller text reaches a REST filter string unchecked).
/// </summary>
public sealed record DealQuery
{
    /// <summary>Only deals of this pipeline (filter on the <c>pipeline</c> option value).</summary>
    public Pipeline? Pipeline { get; init; }

    /// <summary>Only deals in this stage (filter on the stage field of <see cref="Pipeline"/>, which is then always set).</summary>
    public PipelineStage? Stage { get; init; }

    /// <summary>Only deals with this health.</summary>
    public DealHealth? Health { get; init; }

    /// <summary>Only deals with this client code (validated against the client-code pattern).</summary>
    public string? ClientCode { get; init; }

    /// <summary>Only deals of this company (<c>companyId</c>).</summary>
    public Guid? CompanyId { get; init; }

    /// <summary>Only deals changed at or after this time (<c>updatedAt[gte]</c>).</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>Page size, 1 to <see cref="TwentyLimits.MaxPageSize"/>.</summary>
    public int Limit { get; init; } = TwentyLimits.DefaultPageSize;

    /// <summary>Twenty's cursor of the page to read, or <see langword="null"/> for the first page.</summary>
    public string? Cursor { get; init; }
}

/// <summary>Fields to set on an existing deal; fields not listed are left as they are.</summary>
/// <param name="Id">The deal's id.</param>
/// <param name="Fields">The fields to set (Opportunity fields of the schema, e.g. a stage field, <c>stage_entered_at</c>, <c>health</c>).</param>
public sealed record DealUpdate(Guid Id, IReadOnlyList<FieldWrite> Fields);
