namespace Sodimo.Crm.Application.Sync;

/// <summary>How a sync run ended (the worker's exit code: 0, 2, 1).</summary>
public enum SyncOutcome
{
    /// <summary>Every row was read and every planned write landed (exit code 0).</summary>
    Succeeded = 0,

    /// <summary>The run finished, but some rows were rejected (bad row, duplicate key, ambiguous match, refused write) (exit code 2).</summary>
    CompletedWithRejections = 2,

    /// <summary>
    /// The run stopped: the dump could not be read, another run holds the lease, the ledger or Twenty was unavailable, or a
    /// write's outcome is unknown. Whatever landed is in the ledger; the next run converges (exit code 1).
    /// </summary>
    Failed = 1,
}
