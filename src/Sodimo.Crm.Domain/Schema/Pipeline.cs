namespace Sodimo.Crm.Domain.Schema;

/// <summary>
/// One of Sodimo's sales pipelines. On Twenty it is an option of the Opportunity <c>pipeline</c> field plus its own
/// stage SELECT field, so each kanban shows only its own columns (docs/adr/pipelines-on-opportunity.md).
/// </summary>
public sealed record Pipeline
{
    /// <summary>The pipeline's name exactly as the brief spells it (<c>New Leads - Wine</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The option value of the Opportunity <c>pipeline</c> field (<c>NEW_LEADS_WINE</c>).</summary>
    public required string Value { get; init; }

    /// <summary>The Sodimo name of the Opportunity field holding this pipeline's stage (<c>new_leads_stage</c>).</summary>
    public required string StageFieldSodimoName { get; init; }

    /// <summary>The Twenty API name of that stage field (<c>newLeadsStage</c>).</summary>
    public required string StageFieldTwentyName { get; init; }

    /// <summary>The stages, in kanban order.</summary>
    public required IReadOnlyList<PipelineStage> Stages { get; init; }

    /// <summary>The stage with the given name or option value (case-insensitive), or <see langword="null"/>.</summary>
    /// <param name="nameOrValue">E.g. <c>Proforma Sent</c> or <c>PROFORMA_SENT</c>.</param>
    /// <returns>The stage or <see langword="null"/>.</returns>
    public PipelineStage? FindStage(string nameOrValue) =>
        Stages.FirstOrDefault(s => string.Equals(s.Value, nameOrValue, StringComparison.OrdinalIgnoreCase))
        ?? Stages.FirstOrDefault(s => string.Equals(s.Name, nameOrValue, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => Name;
}
