using Mediator;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.AddActivity;

/// <summary>
/// Adds a note or a task linked to a person, a company and/or a deal (<c>crm_add_activity</c>), through Twenty's
/// <c>noteTargets</c>/<c>taskTargets</c> (1.17+ <c>target*Id</c> names). The activity and each link are created with
/// client-generated ids derived from the idempotency key.
/// </summary>
public sealed record AddActivityCommand : ICommand<AddActivityResult>, IMutationRequest
{
    /// <summary>The ledger tool name.</summary>
    public const string Tool = "crm_add_activity";

    /// <inheritdoc />
    public required RunContext Run { get; init; }

    /// <inheritdoc />
    public required string IdempotencyKey { get; init; }

    /// <summary><c>note</c> or <c>task</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The title (1 to 500 characters).</summary>
    public required string Title { get; init; }

    /// <summary>The body, as markdown (up to 100,000 characters).</summary>
    public string? Body { get; init; }

    /// <summary>Task only: when it is due.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Task only: the workspace member it is assigned to.</summary>
    public Guid? AssigneeId { get; init; }

    /// <summary>A person to link it to.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>A company to link it to.</summary>
    public Guid? CompanyId { get; init; }

    /// <summary>A deal to link it to.</summary>
    public Guid? DealId { get; init; }

    /// <inheritdoc />
    public string ToolName => Tool;

    /// <summary>The id the activity is created with (derived from the idempotency key).</summary>
    public Guid ActivityId => ClientIds.For(Tool, IdempotencyKey, "activity");

    /// <inheritdoc />
    public LedgerTarget Target => new(
        string.Equals(Kind?.Trim(), "task", StringComparison.OrdinalIgnoreCase) ? "task" : "note",
        ActivityId.ToString(),
        null);
}

/// <summary>The result of adding an activity.</summary>
public sealed record AddActivityResult : IMutationResult
{
    /// <summary>Note or task.</summary>
    public required ActivityKind Kind { get; init; }

    /// <summary>The note's or task's id.</summary>
    public required Guid ActivityId { get; init; }

    /// <summary>The links created (one per linked record).</summary>
    public IReadOnlyList<ActivityTargetRecord> Targets { get; init; } = [];

    /// <inheritdoc />
    public IReadOnlyList<TouchedRecord> Records { get; init; } = [];

    /// <inheritdoc />
    public bool Replayed { get; init; }
}
