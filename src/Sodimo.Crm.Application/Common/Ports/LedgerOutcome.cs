using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>The outcome given to an entry by <see cref="IRunLedger.CompleteAsync"/>.</summary>
public sealed record LedgerOutcome
{
    private LedgerOutcome(LedgerStatus status, IReadOnlyList<TouchedRecord> records, string? resultJson, string? error)
    {
        Status = status;
        Records = records;
        ResultJson = resultJson;
        Error = error;
    }

    /// <summary>The final status: succeeded, failed or rejected.</summary>
    public LedgerStatus Status { get; }

    /// <summary>Records touched (succeeded only), added to those already recorded.</summary>
    public IReadOnlyList<TouchedRecord> Records { get; }

    /// <summary>The result as JSON, returned to replays (succeeded only; optional).</summary>
    public string? ResultJson { get; }

    /// <summary>The error or the reason (failed, rejected).</summary>
    public string? Error { get; }

    /// <summary>Twenty applied the mutation.</summary>
    /// <param name="records">The records it touched (added to those recorded along the way).</param>
    /// <param name="resultJson">The use case's result as JSON, so a replay can return it.</param>
    /// <returns>The outcome.</returns>
    public static LedgerOutcome Succeeded(IReadOnlyList<TouchedRecord> records, string? resultJson = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            record.Validate();
        }

        return new(LedgerStatus.Succeeded, records, resultJson, null);
    }

    /// <summary>
    /// The mutation was definitely not applied and might succeed later. When it is not known whether
    /// Twenty applied it, do not complete the entry: leave it pending for the reconciler.
    /// </summary>
    /// <param name="error">What went wrong.</param>
    /// <returns>The outcome.</returns>
    public static LedgerOutcome Failed(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new(LedgerStatus.Failed, [], null, error);
    }

    /// <summary>The mutation was refused as invalid (400/422 or a policy check) and nothing was written.</summary>
    /// <param name="reason">Why it was refused.</param>
    /// <returns>The outcome.</returns>
    public static LedgerOutcome Rejected(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(LedgerStatus.Rejected, [], null, reason);
    }
}
