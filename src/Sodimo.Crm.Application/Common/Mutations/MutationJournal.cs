using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Mutations;

/// <summary>
/// Records, step by step, the Twenty records a mutation touches, on its ledger entry (so a half-finished multi-step
/// write is visible). The ledger behaviour and the reconciler open a scope for the entry they own; handlers record
/// into the current scope. A touched record is kept in the scope until the mutation's next write is about to be sent
/// (<see cref="SendingAsync"/> commits it first), or until the owner commits it with the outcome or flushes it on a
/// failure (<see cref="Scope.FlushAsync"/>): a single-step mutation writes its record with its outcome, in one commit.
/// See docs/adr/ledger-records-flushed-before-the-next-send.md.
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

    /// <summary>
    /// Called just before one write is sent to Twenty: commits the records the current scope holds that the entry does not
    /// list yet (so the steps that landed before this one are on the entry before it is sent), then counts the send. A
    /// no-op outside a scope. If the records cannot be committed it throws and nothing is sent.
    /// </summary>
    public static Task SendingAsync()
    {
        if (Current is not { } scope)
        {
            return Task.CompletedTask;
        }

        scope.Sends++;
        return scope.FlushAsync();
    }

    /// <summary>
    /// Records one touched record in the current scope (a no-op outside a scope). It is committed to the entry before the
    /// next send, or with the outcome.
    /// </summary>
    public static void Record(TouchedRecord record) => Current?.Record(record);

    /// <summary>One mutation's journal.</summary>
    internal sealed class Scope : IDisposable
    {
        private readonly IRunLedger _ledger;
        private readonly Scope? _parent;
        private readonly List<TouchedRecord> _records = [];
        private int _flushed;

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

        /// <summary>Whether some records are not committed to the entry yet.</summary>
        public bool HasUnflushed => _flushed < _records.Count;

        /// <summary>Adds a record to the scope; it reaches the entry with the next flush (or the outcome).</summary>
        public void Record(TouchedRecord record)
        {
            if (!_records.Contains(record))
            {
                _records.Add(record);
            }
        }

        /// <summary>
        /// Commits the records the entry does not list yet (one ledger transaction; nothing when there are none). The owner
        /// calls it before leaving an entry pending or handing it to a person, and when the outcome could not be recorded.
        /// </summary>
        public async Task FlushAsync()
        {
            if (!HasUnflushed)
            {
                return;
            }

            var unflushed = _records.GetRange(_flushed, _records.Count - _flushed);
            // Once a write has landed it is recorded even if the caller gave up waiting.
            await _ledger.AddRecordsAsync(EntryId, unflushed, CancellationToken.None).ConfigureAwait(false);
            _flushed += unflushed.Count;
        }

        /// <inheritdoc />
        public void Dispose() => CurrentScope.Value = _parent;
    }
}
