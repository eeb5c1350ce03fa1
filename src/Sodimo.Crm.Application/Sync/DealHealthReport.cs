namespace Sodimo.Crm.Application.Sync;

/// <summary>What a health run did.</summary>
public sealed record DealHealthReport
{
    /// <summary>The run id, on every ledger entry the run wrote.</summary>
    public required string RunId { get; init; }

    /// <summary>Whether nothing was written.</summary>
    public required bool DryRun { get; init; }

    /// <summary>The time the healths were computed at.</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>How the run ended (0 all good, 1 failed; the job has no rejected rows of its own except refused writes, 2).</summary>
    public SyncOutcome Outcome { get; init; }

    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>Deals read.</summary>
    public int DealsRead { get; init; }

    /// <summary>Deals whose health is computed (in a known pipeline and stage, with a stage-entry time).</summary>
    public int Evaluated { get; init; }

    /// <summary>Deals left alone: no pipeline, an unknown stage, or no stage-entry time.</summary>
    public int Skipped { get; init; }

    /// <summary>The deals whose health changed (all of them written unless <see cref="DryRun"/> or a failure).</summary>
    public IReadOnlyList<DealHealthChange> Changes { get; init; } = [];

    /// <summary>Deals written.</summary>
    public int Written { get; init; }

    /// <summary>Deals whose write Twenty refused, with the reason.</summary>
    public IReadOnlyList<string> Refused { get; init; } = [];

    /// <summary>Read calls made.</summary>
    public int ReadCalls { get; init; }

    /// <summary>Write calls made.</summary>
    public int WriteCalls { get; init; }
}
