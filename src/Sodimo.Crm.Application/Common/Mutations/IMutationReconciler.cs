using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Mutations;

/// <summary>
/// Resolves ledger entries left pending (writer killed, timeout after send, Twenty unreachable mid-way) by checking
/// Twenty through the ports: never by blindly re-sending a create. Creates carry client-generated ids (see
/// <see cref="ClientIds"/>), so the reconciler looks each one up and creates only what is proven absent.
/// </summary>
public interface IMutationReconciler
{
    /// <summary>Resolves the pending entries unchanged for at least <see cref="ReconcileOptions.MinimumAge"/>, oldest first.</summary>
    /// <param name="options">Age, batch size and give-up limits.</param>
    /// <param name="cancellationToken">Cancels the run (entries already resolved stay resolved).</param>
    /// <returns>What happened to each entry looked at.</returns>
    Task<ReconcileReport> ReconcileAsync(ReconcileOptions options, CancellationToken cancellationToken = default);

    /// <summary>Resolves one pending entry.</summary>
    /// <param name="entry">A pending entry.</param>
    /// <param name="options">Give-up limits.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened to it.</returns>
    Task<ReconcileResult> ReconcileEntryAsync(LedgerEntry entry, ReconcileOptions options, CancellationToken cancellationToken = default);
}

/// <summary>Limits of a reconciliation run.</summary>
public sealed record ReconcileOptions
{
    /// <summary>Only entries unchanged for at least this long (so a live writer is not raced). Default 2 minutes.</summary>
    public TimeSpan MinimumAge { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The most entries per run (1 to 1000). Default 100.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>An entry older than this that cannot be resolved goes to a person. Default 24 hours.</summary>
    public TimeSpan MaximumAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>An entry sent this many times that cannot be resolved goes to a person. Default 5.</summary>
    public int MaximumAttempts { get; init; } = 5;

    /// <summary>
    /// The Sodiwin sync's lease (<c>Sodimo:Sync:LeaseName</c>): a pending <c>sodiwin_sync</c> batch is only checked while the
    /// reconciler holds it, so no live sync run can still own the batch. Default <c>sodiwin-sync</c>.
    /// </summary>
    public string SyncLeaseName { get; init; } = "sodiwin-sync";
}

/// <summary>How the reconciler resolved one entry.</summary>
public enum ReconcileDecision
{
    /// <summary>Twenty holds every record the mutation meant to write: recorded as succeeded.</summary>
    Confirmed = 1,

    /// <summary>Some records were missing; the reconciler created exactly those (after checking each id) and recorded success.</summary>
    Completed = 2,

    /// <summary>Twenty shows the mutation was not applied and re-sending it is not safe to do blindly: recorded as failed (retryable by the caller).</summary>
    NotApplied = 3,

    /// <summary>Could not be resolved now (Twenty unavailable): left pending for the next run.</summary>
    LeftPending = 4,

    /// <summary>Too old, too many attempts, or refused by Twenty after a partial write: handed to a person.</summary>
    NeedsHuman = 5,
}

/// <summary>The reconciler's decision on one entry.</summary>
/// <param name="EntryId">The ledger entry.</param>
/// <param name="ToolName">Its tool.</param>
/// <param name="Decision">What was decided.</param>
/// <param name="Detail">Why, for logs.</param>
public sealed record ReconcileResult(Guid EntryId, string ToolName, ReconcileDecision Decision, string Detail);

/// <summary>The outcome of one reconciliation run.</summary>
/// <param name="Results">One result per entry looked at, in order.</param>
public sealed record ReconcileReport(IReadOnlyList<ReconcileResult> Results)
{
    /// <summary>How many entries got each decision.</summary>
    public IReadOnlyDictionary<ReconcileDecision, int> Counts =>
        Results.GroupBy(r => r.Decision).ToDictionary(g => g.Key, g => g.Count());
}
