namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>What <see cref="IRunLedger.BeginAsync"/> found for an idempotency key.</summary>
public enum LedgerBeginOutcome
{
    /// <summary>The entry is committed as pending and belongs to the caller: Twenty may be called.</summary>
    Started = 1,

    /// <summary>The key already succeeded: return the stored result, send nothing.</summary>
    AlreadySucceeded = 2,

    /// <summary>The key is pending under another writer, or needs a human: send nothing.</summary>
    InProgress = 3,

    /// <summary>The key was used with a different request hash: refuse the request, send nothing.</summary>
    Conflict = 4,
}
