using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Mutations;

/// <summary>
/// Records, step by step, the Twenty records a mutation touches, on its ledger entry (so a half-finished multi-step
/// write is visible). The ledger behaviour and the reconciler open a scope for the entry they own; handlers record
/// into the current scope.
/// </summary>
internal sealed class MutationJournal
{
    private static readonly AsyncLocal<Scope?> CurrentScope = new();

    /// <summary>The scope of the mutation running on this async flow, if any.</summary>
    public static Scope? Current => CurrentScope.Value;

    /// <summary>
    /// Opens a scope for an entry; dispose it to close. <paramref name="mayHaveLanded"/> says whether an earlier send of
    /// the entry's mutation may have written something (the caller knows which attempts were earlier ones); an entry that
    /// already lists records may have, whatever the caller says.
    /// </summary>
    public static Scope Open(IRunLedger ledger, LedgerEntry entry, bool mayHaveLanded)
    {
        var scope = new Scope(ledger, entry.Id, mayHaveLanded || entry.Records.Count > 0, CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>
    /// Whether an earlier attempt of the current mutation may have written something (a re-opened entry, a retry, the
    /// reconciler): handlers then check Twenty for each client-generated id before creating it.
    /// </summary>
    public static bool MayHaveLanded => Current?.MayHaveLanded ?? false;

    /// <summary>Counts one write about to be sent to Twenty in the current scope (a no-op outside a scope).</summary>
    public static void CountSend()
    {
        if (Current is { } scope)
        {
            scope.Sends++;
        }
    }

    /// <summary>Records one touched record in the current scope (a no-op outside a scope).</summary>
    public static async Task RecordAsync(TouchedRecord record, CancellationToken cancellationToken)
    {
        if (Current is { } scope)
        {
            await scope.RecordAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One mutation's journal.</summary>
    internal sealed class Scope : IDisposable
    {
        private readonly IRunLedger _ledger;
        private readonly Scope? _parent;
        private readonly List<TouchedRecord> _records = [];

        internal Scope(IRunLedger ledger, Guid entryId, bool mayHaveLanded, Scope? parent)
        {
            _ledger = ledger;
            EntryId = entryId;
            MayHaveLanded = mayHaveLanded;
            _parent = parent;
        }

        /// <summary>The ledger entry.</summary>
        public Guid EntryId { get; }

        /// <summary>Whether an earlier attempt may have written something.</summary>
        public bool MayHaveLanded { get; }

        /// <summary>How many writes were sent to Twenty in this scope.</summary>
        public int Sends { get; internal set; }

        /// <summary>The records touched so far.</summary>
        public IReadOnlyList<TouchedRecord> Records => _records;

        /// <summary>Adds a record to the entry, committing it before returning.</summary>
        public async Task RecordAsync(TouchedRecord record, CancellationToken cancellationToken)
        {
            if (_records.Contains(record))
            {
                return;
            }

            _records.Add(record);
            // Once a write has landed it is recorded even if the caller gave up waiting.
            await _ledger.AddRecordsAsync(EntryId, [record], CancellationToken.None).ConfigureAwait(false);
        }

        /// <inheritdoc />
        public void Dispose() => CurrentScope.Value = _parent;
    }
}
