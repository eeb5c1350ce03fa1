using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>
/// The run ledger: the durable record of every CRM mutation, written and committed before the first
/// Twenty call and given its outcome after Twenty answers.
/// </summary>
/// <remarks>
/// <para>The mutation path is: <see cref="BeginAsync"/>; only on <see cref="LedgerBeginOutcome.Started"/>
/// call Twenty (call <see cref="RecordAttemptAsync"/> before each send — or set
/// <see cref="LedgerBeginRequest.CountsFirstAttempt"/> to count the first one in the begin commit —,
/// <see cref="AddRecordsAsync"/> after each record a multi-step write creates); then <see cref="CompleteAsync"/>. If
/// <see cref="BeginAsync"/> throws, nothing may be sent: the ledger fails closed.</para>
/// <para>Every method commits before it returns. <see cref="BeginAsync"/>, <see cref="RecordAttemptAsync"/> and
/// <see cref="MarkNeedsHumanAsync"/> commit durably (on disk). <see cref="AddRecordsAsync"/> and
/// <see cref="CompleteAsync"/> commit without waiting for the disk: their changes are visible to every reader and
/// survive the process being killed, and reach the disk with the next durable commit; a power cut can lose the latest
/// of them (never one followed by a durable commit), which leaves the state of a process killed just before the call —
/// an entry still pending, resolved by the reconciler. Every method throws
/// <see cref="LedgerUnavailableException"/> when the store cannot be read or written; after a send that
/// means the entry stays <see cref="LedgerStatus.Pending"/> and the reconciler resolves it.</para>
/// </remarks>
public interface IRunLedger
{
    /// <summary>
    /// Begins a mutation: commits a <see cref="LedgerStatus.Pending"/> entry for the idempotency key, or
    /// reports what the ledger already holds for it.
    /// </summary>
    /// <param name="request">The run, the tool, the target, the idempotency key and the request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// <see cref="LedgerBeginOutcome.Started"/> with the committed entry (a new one, or a
    /// <see cref="LedgerStatus.Failed"/> or <see cref="LedgerStatus.Rejected"/> one re-opened to pending):
    /// the caller may now call Twenty. <see cref="LedgerBeginOutcome.AlreadySucceeded"/> with the stored
    /// entry: return its result, send nothing. <see cref="LedgerBeginOutcome.InProgress"/>: another writer
    /// holds the key (pending) or a person must look at it (needs human); send nothing.
    /// <see cref="LedgerBeginOutcome.Conflict"/>: the key was used for a request with another hash;
    /// refuse the request. Of several concurrent calls with one key, exactly one is started.
    /// </returns>
    /// <exception cref="LedgerUnavailableException">The entry could not be committed; do not call Twenty.</exception>
    /// <exception cref="ArgumentException">The request is incomplete.</exception>
    Task<LedgerBeginResult> BeginAsync(LedgerBeginRequest request, CancellationToken cancellationToken = default);

    /// <summary>Counts one more send of a pending entry's mutation to Twenty; call it before each send.</summary>
    /// <param name="entryId">The entry's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, with its attempts counted.</returns>
    /// <exception cref="KeyNotFoundException">No entry has this id.</exception>
    /// <exception cref="InvalidOperationException">The entry is not pending.</exception>
    /// <exception cref="LedgerUnavailableException">The store could not be written; do not send.</exception>
    Task<LedgerEntry> RecordAttemptAsync(Guid entryId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds records a pending mutation has touched so far (a multi-step write records each step as it
    /// lands, so a half-finished write is visible and can be resumed). A record already listed with the
    /// same action is not added twice.
    /// </summary>
    /// <param name="entryId">The entry's id.</param>
    /// <param name="records">The records touched since the last call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, with all its records.</returns>
    /// <exception cref="KeyNotFoundException">No entry has this id.</exception>
    /// <exception cref="InvalidOperationException">The entry is not pending.</exception>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<LedgerEntry> AddRecordsAsync(Guid entryId, IReadOnlyList<TouchedRecord> records, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the outcome of a pending (or needs-human) entry: succeeded with the records touched and
    /// the result, failed with the error, or rejected with the reason.
    /// </summary>
    /// <param name="entryId">The entry's id.</param>
    /// <param name="outcome">The outcome.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completed entry.</returns>
    /// <exception cref="KeyNotFoundException">No entry has this id.</exception>
    /// <exception cref="InvalidOperationException">The entry already has an outcome.</exception>
    /// <exception cref="LedgerUnavailableException">The store could not be written; the entry stays pending.</exception>
    Task<LedgerEntry> CompleteAsync(Guid entryId, LedgerOutcome outcome, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands a pending entry to a person (the reconciler could not resolve it within its limits). Marking
    /// an entry that already needs a human only updates the reason.
    /// </summary>
    /// <param name="entryId">The entry's id.</param>
    /// <param name="reason">Why it needs a human.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="KeyNotFoundException">No entry has this id.</exception>
    /// <exception cref="InvalidOperationException">The entry already has an outcome.</exception>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<LedgerEntry> MarkNeedsHumanAsync(Guid entryId, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists pending entries that have not changed for at least <paramref name="olderThan"/>, oldest first:
    /// the reconciler's work list.
    /// </summary>
    /// <param name="olderThan">How long an entry must have been unchanged (by the ledger's clock).</param>
    /// <param name="limit">The most entries to return (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries, oldest change first.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be read.</exception>
    Task<IReadOnlyList<LedgerEntry>> ListPendingAsync(TimeSpan olderThan, int limit, CancellationToken cancellationToken = default);

    /// <summary>Reads one entry.</summary>
    /// <param name="entryId">The entry's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, or <see langword="null"/> when there is none.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be read.</exception>
    Task<LedgerEntry?> GetAsync(Guid entryId, CancellationToken cancellationToken = default);

    /// <summary>Lists entries by run, time range, actor, skill, tool or status, oldest first.</summary>
    /// <param name="query">The filters; those left <see langword="null"/> do not filter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The matching entries, by creation time, at most <see cref="LedgerQuery.Limit"/>.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be read.</exception>
    Task<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default);
}
