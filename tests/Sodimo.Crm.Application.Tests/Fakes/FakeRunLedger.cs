using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Tests.Fakes;

/// <summary>An in-memory run ledger following the IRunLedger contract, recording every call in the shared event log.</summary>
internal sealed class FakeRunLedger(List<string> events, TimeProvider time) : IRunLedger
{
    private readonly Dictionary<Guid, LedgerEntry> _entries = [];
    private readonly Dictionary<string, Guid> _byKey = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Exception? FailBegin { get; set; }

    public Exception? FailComplete { get; set; }

    public IReadOnlyList<LedgerEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return _entries.Values.OrderBy(e => e.CreatedAt).ToArray();
            }
        }
    }

    public LedgerEntry Single() => Entries.ShouldHaveSingleItem();

    public Task<LedgerBeginResult> BeginAsync(LedgerBeginRequest request, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            events.Add("ledger.begin");
            if (FailBegin is { } fail)
            {
                throw fail;
            }

            request.Validate();
            var now = time.GetUtcNow();
            if (_byKey.TryGetValue(request.IdempotencyKey, out var existingId))
            {
                var existing = _entries[existingId];
                if (existing.RequestHash != request.RequestHash)
                {
                    return Task.FromResult(new LedgerBeginResult(LedgerBeginOutcome.Conflict, existing));
                }

                switch (existing.Status)
                {
                    case LedgerStatus.Succeeded:
                        return Task.FromResult(new LedgerBeginResult(LedgerBeginOutcome.AlreadySucceeded, existing));
                    case LedgerStatus.Pending or LedgerStatus.NeedsHuman:
                        return Task.FromResult(new LedgerBeginResult(LedgerBeginOutcome.InProgress, existing));
                    default:
                        var reopened = existing with
                        {
                            Status = LedgerStatus.Pending,
                            Attempts = existing.Attempts + (request.CountsFirstAttempt ? 1 : 0),
                            Error = null,
                            CompletedAt = null,
                            UpdatedAt = now,
                        };
                        _entries[existingId] = reopened;
                        return Task.FromResult(new LedgerBeginResult(LedgerBeginOutcome.Started, reopened));
                }
            }

            var entry = request.ToPendingEntry(Guid.NewGuid(), now);
            _entries[entry.Id] = entry;
            _byKey[entry.IdempotencyKey] = entry.Id;
            return Task.FromResult(new LedgerBeginResult(LedgerBeginOutcome.Started, entry));
        }
    }

    public Task<LedgerEntry> RecordAttemptAsync(Guid entryId, CancellationToken cancellationToken = default) =>
        Update(entryId, "ledger.attempt", e => RequirePending(e) with { Attempts = e.Attempts + 1 });

    public Exception? FailAddRecords { get; set; }

    public Task<LedgerEntry> AddRecordsAsync(Guid entryId, IReadOnlyList<TouchedRecord> records, CancellationToken cancellationToken = default) =>
        FailAddRecords is { } fail ? throw fail : Update(entryId, "ledger.records", e => RequirePending(e) with { Records = e.Records.Concat(records).Distinct().ToArray() });

    public Task<LedgerEntry> CompleteAsync(Guid entryId, LedgerOutcome outcome, CancellationToken cancellationToken = default)
    {
        if (FailComplete is { } fail)
        {
            throw fail;
        }

        return Update(entryId, "ledger.complete", e =>
        {
            if (e.Status is not (LedgerStatus.Pending or LedgerStatus.NeedsHuman))
            {
                throw new InvalidOperationException($"Entry {e.Id} is already {e.Status}.");
            }

            return e with
            {
                Status = outcome.Status,
                Records = e.Records.Concat(outcome.Records).Distinct().ToArray(),
                ResultJson = outcome.ResultJson,
                Error = outcome.Error,
                CompletedAt = time.GetUtcNow(),
            };
        });
    }

    public Task<LedgerEntry> MarkNeedsHumanAsync(Guid entryId, string reason, CancellationToken cancellationToken = default) =>
        Update(entryId, "ledger.needs_human", e => e.Status is LedgerStatus.Pending or LedgerStatus.NeedsHuman
            ? e with { Status = LedgerStatus.NeedsHuman, Error = reason }
            : throw new InvalidOperationException("Entry has an outcome."));

    public Task<IReadOnlyList<LedgerEntry>> ListPendingAsync(TimeSpan olderThan, int limit, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<LedgerEntry>>(Entries
            .Where(e => e.Status == LedgerStatus.Pending && now - e.UpdatedAt >= olderThan)
            .OrderBy(e => e.UpdatedAt).Take(limit).ToArray());
    }

    public Task<LedgerEntry?> GetAsync(Guid entryId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.GetValueOrDefault(entryId));
        }
    }

    public Task<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LedgerEntry>>(Entries
            .Where(e => query.ToolName is null || e.ToolName == query.ToolName)
            .Where(e => query.Status is null || e.Status == query.Status)
            .Where(e => query.RunId is null || e.RunId == query.RunId)
            .Take(query.Limit).ToArray());

    private static LedgerEntry RequirePending(LedgerEntry e) =>
        e.Status == LedgerStatus.Pending ? e : throw new InvalidOperationException($"Entry {e.Id} is {e.Status}, not pending.");

    private Task<LedgerEntry> Update(Guid entryId, string eventName, Func<LedgerEntry, LedgerEntry> change)
    {
        lock (_lock)
        {
            events.Add(eventName);
            var entry = _entries.TryGetValue(entryId, out var e) ? e : throw new KeyNotFoundException(entryId.ToString());
            var updated = change(entry) with { UpdatedAt = time.GetUtcNow() };
            _entries[entryId] = updated;
            return Task.FromResult(updated);
        }
    }
}
