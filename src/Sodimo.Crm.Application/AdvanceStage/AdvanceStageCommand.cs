using Mediator;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.AdvanceStage;

/// <summary>
/// Moves a deal to a named stage of its own pipeline (<c>crm_advance_stage</c>), stamping <c>stage_entered_at</c> and
/// resetting <c>health</c> to green. An unknown stage, or a stage of the other pipeline, is refused with the list of
/// valid stages. Moving a deal to the stage it is in writes nothing.
/// </summary>
public sealed record AdvanceStageCommand : ICommand<AdvanceStageResult>, IMutationRequest
{
    /// <summary>The ledger tool name.</summary>
    public const string Tool = "crm_advance_stage";

    /// <inheritdoc />
    public required RunContext Run { get; init; }

    /// <inheritdoc />
    public required string IdempotencyKey { get; init; }

    /// <summary>The deal's id.</summary>
    public required Guid DealId { get; init; }

    /// <summary>The stage to move to, by name or value (<c>Proforma Sent</c>, <c>PROFORMA_SENT</c>).</summary>
    public required string Stage { get; init; }

    /// <summary>Optionally the pipeline the caller believes the deal is in; refused when the deal is in the other one.</summary>
    public string? Pipeline { get; init; }

    /// <inheritdoc />
    public string ToolName => Tool;

    /// <inheritdoc />
    public LedgerTarget Target => new("opportunity", DealId.ToString(), null);
}

/// <summary>The result of a stage change.</summary>
public sealed record AdvanceStageResult : IMutationResult
{
    /// <summary>The deal's id.</summary>
    public required Guid DealId { get; init; }

    /// <summary>The deal's pipeline name.</summary>
    public required string Pipeline { get; init; }

    /// <summary>The stage the deal was in (its name), or <see langword="null"/> when it had none.</summary>
    public string? FromStage { get; init; }

    /// <summary>The stage the deal is in now (its name).</summary>
    public required string ToStage { get; init; }

    /// <summary>When the deal entered <see cref="ToStage"/> (unchanged when the deal was already there).</summary>
    public DateTimeOffset? StageEnteredAt { get; init; }

    /// <summary>Whether anything was written.</summary>
    public bool Changed { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<TouchedRecord> Records { get; init; } = [];

    /// <inheritdoc />
    public bool Replayed { get; init; }
}
