using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>The answer of <see cref="IRunLedger.BeginAsync"/>.</summary>
/// <param name="Outcome">What the ledger found for the key.</param>
/// <param name="Entry">
/// The entry for the key: the caller's new (or re-opened) entry when <see cref="LedgerBeginOutcome.Started"/>,
/// otherwise the entry already stored (its <see cref="LedgerEntry.ResultJson"/> and
/// <see cref="LedgerEntry.Records"/> are the first result on <see cref="LedgerBeginOutcome.AlreadySucceeded"/>).
/// </param>
public sealed record LedgerBeginResult(LedgerBeginOutcome Outcome, LedgerEntry Entry)
{
    /// <summary>Whether the caller owns the entry and may call Twenty.</summary>
    public bool IsStarted => Outcome == LedgerBeginOutcome.Started;
}
