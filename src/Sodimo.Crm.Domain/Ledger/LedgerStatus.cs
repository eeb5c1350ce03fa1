namespace Sodimo.Crm.Domain.Ledger;

/// <summary>
/// The state of one ledger entry. Stored as its lower-case code (see <see cref="LedgerCodes"/>).
/// </summary>
/// <remarks>
/// <para>Transitions: a new entry is <see cref="Pending"/>. The writer moves it to
/// <see cref="Succeeded"/>, <see cref="Failed"/> or <see cref="Rejected"/> once Twenty has answered; the
/// reconciler may move a <see cref="Pending"/> entry to <see cref="NeedsHuman"/> and either may later
/// resolve a <see cref="NeedsHuman"/> entry to a final state. Beginning the same idempotency key again
/// re-opens a <see cref="Failed"/> or <see cref="Rejected"/> entry (back to <see cref="Pending"/>), because
/// those states promise that nothing was written; a <see cref="Succeeded"/> entry is final.</para>
/// <para>The reliability table's <c>intent</c> and <c>unknown</c> are both <see cref="Pending"/> here (the
/// row exists, the outcome is not known); its <c>confirmed</c> is <see cref="Succeeded"/>.</para>
/// </remarks>
public enum LedgerStatus
{
    /// <summary>
    /// Written before the first Twenty call; the outcome is not known yet (<c>pending</c>). A pending entry
    /// whose writer died or timed out after sending is resolved by the reconciler, which checks Twenty
    /// before anything is sent again.
    /// </summary>
    Pending = 1,

    /// <summary>Twenty applied the mutation; the entry lists every record it touched (<c>succeeded</c>).</summary>
    Succeeded = 2,

    /// <summary>
    /// The mutation was definitely not applied, for a reason that may pass (Twenty unreachable before the
    /// request was sent, retries exhausted on errors that prove no write happened) (<c>failed</c>).
    /// Record this only when nothing was written; when in doubt, leave the entry pending.
    /// </summary>
    Failed = 3,

    /// <summary>
    /// Refused as invalid (a 400/422 from Twenty or a policy check before sending); nothing was written and
    /// sending the same request again would be refused again (<c>rejected</c>).
    /// </summary>
    Rejected = 4,

    /// <summary>
    /// The reconciler gave up resolving the entry on its own (too old or too many attempts); a person must
    /// look at it (<c>needs_human</c>). Never re-sent automatically.
    /// </summary>
    NeedsHuman = 5,
}
