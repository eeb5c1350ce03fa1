using System.Data.Common;
using System.Globalization;
using System.Text;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// The run ledger over SQL (SQLite or PostgreSQL). Every method is one short transaction, committed
/// before it returns; <see cref="AddRecordsAsync"/> and <see cref="CompleteAsync"/> do not wait for the disk
/// (see <see cref="IRunLedger"/>). Uniqueness of the idempotency key is the database's: of several concurrent
/// <see cref="BeginAsync"/> calls with one key, one insert wins and the others see its row.
/// </summary>
internal sealed class SqlRunLedger : IRunLedger
{
    private const string EntryColumns =
        "id, run_id, actor, skill, caller_id, tool_name, target_object, target_record_id, target_key, idempotency_key, " +
        "request_json, request_hash, status, attempts, error, result_json, created_at, updated_at, completed_at";

    private const string InsertSql =
        "INSERT INTO ledger_entries (" + EntryColumns + ") VALUES (" +
        "@id, @run_id, @actor, @skill, @caller_id, @tool_name, @target_object, @target_record_id, @target_key, @idempotency_key, " +
        "@request_json, @request_hash, 'pending', @attempts, NULL, NULL, @now, @now, NULL) " +
        "ON CONFLICT (idempotency_key) DO NOTHING";

    private const string ReopenSql =
        "UPDATE ledger_entries SET status = 'pending', run_id = @run_id, actor = @actor, skill = @skill, caller_id = @caller_id, " +
        "tool_name = @tool_name, target_object = @target_object, target_record_id = @target_record_id, target_key = @target_key, " +
        "request_json = @request_json, attempts = attempts + @attempts, error = NULL, result_json = NULL, completed_at = NULL, updated_at = @now " +
        "WHERE id = @id AND request_hash = @request_hash AND status IN ('failed', 'rejected')";

    // A key can change hands between the insert and the read only by re-opening; a few rounds settle it.
    private const int MaxBeginRounds = 5;

    private readonly LedgerDatabase database;

    public SqlRunLedger(LedgerDatabase database) => this.database = database ?? throw new ArgumentNullException(nameof(database));

    private LedgerDialect Dialect => database.Dialect;

    public Task<LedgerBeginResult> BeginAsync(LedgerBeginRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        return database.RunAsync("begin an entry", async connection =>
        {
            for (var round = 0; round < MaxBeginRounds; round++)
            {
                var now = database.Now();
                var id = Guid.NewGuid();
                await using (var insert = Sql.Command(connection, null, InsertSql))
                {
                    AddRequest(insert, id, request, now);
                    if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                    {
                        return new LedgerBeginResult(LedgerBeginOutcome.Started, request.ToPendingEntry(id, now));
                    }
                }

                var existing = await ReadOneAsync(connection, null, "idempotency_key = @key", "@key", request.IdempotencyKey, cancellationToken);
                if (existing is null)
                {
                    continue;
                }

                if (!string.Equals(existing.RequestHash, request.RequestHash, StringComparison.Ordinal))
                {
                    return new LedgerBeginResult(LedgerBeginOutcome.Conflict, existing);
                }

                switch (existing.Status)
                {
                    case LedgerStatus.Succeeded:
                        return new LedgerBeginResult(LedgerBeginOutcome.AlreadySucceeded, existing);
                    case LedgerStatus.Pending:
                    case LedgerStatus.NeedsHuman:
                        return new LedgerBeginResult(LedgerBeginOutcome.InProgress, existing);
                    default:
                        await using (var reopen = Sql.Command(connection, null, ReopenSql))
                        {
                            AddRequest(reopen, existing.Id, request, now);
                            if (await reopen.ExecuteNonQueryAsync(cancellationToken) == 1)
                            {
                                var reopened = await ReadOneAsync(connection, null, "id = @id", "@id", existing.Id.ToString("D"), cancellationToken);
                                return new LedgerBeginResult(LedgerBeginOutcome.Started, reopened!);
                            }
                        }

                        break;
                }
            }

            throw new LedgerUnavailableException(
                $"{Dialect.Description}: the idempotency key '{request.IdempotencyKey}' kept changing hands; try again.");
        }, cancellationToken);
    }

    public Task<LedgerEntry> RecordAttemptAsync(Guid entryId, CancellationToken cancellationToken = default) =>
        database.RunAsync("record an attempt", async connection =>
        {
            await using (var update = Sql.Command(
                connection,
                null,
                "UPDATE ledger_entries SET attempts = attempts + 1, updated_at = @now WHERE id = @id AND status = 'pending'"))
            {
                Sql.Add(update, "@now", Dialect.TimeValue(database.Now()));
                Sql.Add(update, "@id", entryId.ToString("D"));
                if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    throw await NotPendingAsync(connection, entryId, "counted as sent", cancellationToken);
                }
            }

            return await GetRequiredAsync(connection, null, entryId, cancellationToken);
        }, cancellationToken);

    public Task<LedgerEntry> AddRecordsAsync(Guid entryId, IReadOnlyList<TouchedRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            record.Validate();
        }
        return database.RunAsync("add records", deferSync: true, async connection =>
        {
            // Not waiting for the disk: losing this commit (power cut) leaves the state of a crash just before it.
            await using var transaction = await Dialect.BeginWriteAsync(connection, deferSync: true, cancellationToken);
            // One statement checks the status, locks and touches the row and reads it back.
            var entry = await UpdateReturningAsync(
                connection,
                transaction,
                "UPDATE ledger_entries SET updated_at = @now WHERE id = @id AND status = 'pending'",
                entryId,
                _ => { },
                cancellationToken);
            if (entry is null)
            {
                var status = await LockStatusAsync(connection, transaction, entryId, cancellationToken);
                throw new InvalidOperationException($"Ledger entry {entryId} is {status!.Value.ToCode()}, not pending: no records can be added.");
            }
            entry = await AddRecordsToAsync(connection, transaction, entry, records, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return entry;
        }, cancellationToken);
    }

    public Task<LedgerEntry> CompleteAsync(Guid entryId, LedgerOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status is not (LedgerStatus.Succeeded or LedgerStatus.Failed or LedgerStatus.Rejected))
        {
            throw new ArgumentException("An outcome is succeeded, failed or rejected.", nameof(outcome));
        }

        return database.RunAsync("record an outcome", deferSync: true, async connection =>
        {
            // Not waiting for the disk: losing this commit (power cut) leaves the entry pending, as a crash just before it.
            await using var transaction = await Dialect.BeginWriteAsync(connection, deferSync: true, cancellationToken);
            // One statement checks the status, locks and updates the row and reads it back.
            var entry = await UpdateReturningAsync(
                connection,
                transaction,
                "UPDATE ledger_entries SET status = @status, error = @error, result_json = @result_json, updated_at = @now, completed_at = @now " +
                "WHERE id = @id AND status IN ('pending', 'needs_human')",
                entryId,
                update =>
                {
                    Sql.Add(update, "@status", outcome.Status.ToCode());
                    Sql.Add(update, "@error", outcome.Error);
                    Sql.Add(update, "@result_json", outcome.ResultJson);
                },
                cancellationToken);
            if (entry is null)
            {
                var status = await LockStatusAsync(connection, transaction, entryId, cancellationToken);
                throw new InvalidOperationException($"Ledger entry {entryId} already has an outcome ({status!.Value.ToCode()}).");
            }

            entry = await AddRecordsToAsync(connection, transaction, entry, outcome.Records, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return entry;
        }, cancellationToken);
    }

    public Task<LedgerEntry> MarkNeedsHumanAsync(Guid entryId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return database.RunAsync("hand an entry to a person", async connection =>
        {
            await using (var update = Sql.Command(
                connection,
                null,
                "UPDATE ledger_entries SET status = 'needs_human', error = @reason, updated_at = @now WHERE id = @id AND status IN ('pending', 'needs_human')"))
            {
                Sql.Add(update, "@reason", reason);
                Sql.Add(update, "@now", Dialect.TimeValue(database.Now()));
                Sql.Add(update, "@id", entryId.ToString("D"));
                if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    throw await NotPendingAsync(connection, entryId, "handed to a person", cancellationToken);
                }
            }

            return await GetRequiredAsync(connection, null, entryId, cancellationToken);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<LedgerEntry>> ListPendingAsync(TimeSpan olderThan, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, LedgerQuery.MaxLimit);
        return database.RunAsync("list pending entries", async connection =>
        {
            await using var command = Sql.Command(
                connection,
                null,
                $"SELECT {EntryColumns} FROM ledger_entries WHERE status = 'pending' AND updated_at <= @cutoff ORDER BY updated_at, id LIMIT @limit");
            Sql.Add(command, "@cutoff", Dialect.TimeValue(database.Now() - olderThan));
            Sql.Add(command, "@limit", limit);
            return await ReadEntriesAsync(connection, null, command, cancellationToken);
        }, cancellationToken);
    }

    public Task<LedgerEntry?> GetAsync(Guid entryId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            "read an entry",
            connection => ReadOneAsync(connection, null, "id = @id", "@id", entryId.ToString("D"), cancellationToken),
            cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, LedgerQuery.MaxLimit, nameof(query));
        return database.RunAsync("query entries", async connection =>
        {
            await using var command = connection.CreateCommand();
            var where = new List<string>();
            void Filter(string column, string op, object? value)
            {
                var name = "@p" + where.Count.ToString(CultureInfo.InvariantCulture);
                where.Add($"{column} {op} {name}");
                Sql.Add(command, name, value);
            }

            if (query.RunId is not null) Filter("run_id", "=", query.RunId);
            if (query.Actor is { } actor) Filter("actor", "=", actor.ToCode());
            if (query.Skill is not null) Filter("skill", "=", query.Skill);
            if (query.ToolName is not null) Filter("tool_name", "=", query.ToolName);
            if (query.Status is { } status) Filter("status", "=", status.ToCode());
            if (query.From is { } from) Filter("created_at", ">=", Dialect.TimeValue(from));
            if (query.To is { } to) Filter("created_at", "<", Dialect.TimeValue(to));

            var text = new StringBuilder("SELECT ").Append(EntryColumns).Append(" FROM ledger_entries");
            if (where.Count > 0)
            {
                text.Append(" WHERE ").AppendJoin(" AND ", where);
            }

            text.Append(" ORDER BY created_at, id LIMIT @limit");
            Sql.Add(command, "@limit", query.Limit);
            command.CommandText = text.ToString();
            return await ReadEntriesAsync(connection, null, command, cancellationToken);
        }, cancellationToken);
    }

    private void AddRequest(DbCommand command, Guid id, LedgerBeginRequest request, DateTimeOffset now)
    {
        Sql.Add(command, "@id", id.ToString("D"));
        Sql.Add(command, "@run_id", request.Run.RunId);
        Sql.Add(command, "@actor", request.Run.Actor.ToCode());
        Sql.Add(command, "@skill", request.Run.Skill);
        Sql.Add(command, "@caller_id", request.Run.CallerId);
        Sql.Add(command, "@tool_name", request.ToolName);
        Sql.Add(command, "@target_object", request.Target.ObjectName);
        Sql.Add(command, "@target_record_id", request.Target.RecordId);
        Sql.Add(command, "@target_key", request.Target.Key);
        Sql.Add(command, "@idempotency_key", request.IdempotencyKey);
        Sql.Add(command, "@request_json", request.RequestJson);
        Sql.Add(command, "@request_hash", request.RequestHash);
        Sql.Add(command, "@now", Dialect.TimeValue(now));
        Sql.Add(command, "@attempts", request.CountsFirstAttempt ? 1 : 0);
    }

    private async Task<LedgerStatus?> LockStatusAsync(DbConnection connection, DbTransaction transaction, Guid entryId, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, $"SELECT status FROM ledger_entries WHERE id = @id{Dialect.ForUpdate}");
        Sql.Add(command, "@id", entryId.ToString("D"));
        var status = await command.ExecuteScalarAsync(cancellationToken);
        return status is string code
            ? LedgerCodes.ParseStatus(code)
            : throw new KeyNotFoundException($"No ledger entry has the id {entryId}.");
    }

    // Lists the records on an entry read without them: those already stored, then the new ones inserted in order. Called
    // after the entry's row was updated in the same write transaction, which holds the row (PostgreSQL) or the whole
    // database (SQLite): no other writer adds records to the entry until it commits, so the sequence numbers follow the
    // highest one read here.
    private static async Task<LedgerEntry> AddRecordsToAsync(
        DbConnection connection, DbTransaction transaction, LedgerEntry entry, IReadOnlyList<TouchedRecord> records, CancellationToken cancellationToken)
    {
        var all = new List<TouchedRecord>();
        var seq = 0;
        var id = entry.Id.ToString("D");
        await using (var read = Sql.Command(
            connection,
            transaction,
            "SELECT seq, object_name, record_id, action FROM ledger_records WHERE entry_id = @id ORDER BY seq"))
        {
            Sql.Add(read, "@id", id);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                seq = Math.Max(seq, Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
                all.Add(ReadRecord(reader));
            }
        }

        foreach (var record in records)
        {
            if (all.Contains(record))
            {
                continue; // Already listed (the outcome repeats the records the journal added): nothing to write.
            }

            await using var insert = Sql.Command(
                connection,
                transaction,
                "INSERT INTO ledger_records (entry_id, seq, object_name, record_id, action) VALUES (@id, @seq, @object, @record, @action) " +
                "ON CONFLICT (entry_id, object_name, record_id, action) DO NOTHING");
            Sql.Add(insert, "@id", id);
            Sql.Add(insert, "@seq", checked(++seq));
            Sql.Add(insert, "@object", record.ObjectName);
            Sql.Add(insert, "@record", record.Id);
            Sql.Add(insert, "@action", record.Action.ToCode());
            await insert.ExecuteNonQueryAsync(cancellationToken);
            all.Add(record);
        }

        return entry with { Records = all };
    }

    // Runs an UPDATE of one entry (by @id, with @now set) inside a write transaction and returns the row as updated
    // (without its records), or null when the WHERE matched nothing.
    private async Task<LedgerEntry?> UpdateReturningAsync(
        DbConnection connection, DbTransaction transaction, string update, Guid entryId, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var id = entryId.ToString("D");
        var returning = Dialect.CheapUpdateReturning;
        await using (var command = Sql.Command(connection, transaction, returning ? update + " RETURNING " + EntryColumns : update))
        {
            bind(command);
            Sql.Add(command, "@now", Dialect.TimeValue(database.Now()));
            Sql.Add(command, "@id", id);
            if (!returning)
            {
                if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return null;
                }
            }
            else
            {
                LedgerEntry? updated = null;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    updated = ReadEntry(reader);
                }

                return updated;
            }
        }

        // The row as this transaction left it: nobody else can write it before the commit.
        await using var select = Sql.Command(connection, transaction, $"SELECT {EntryColumns} FROM ledger_entries WHERE id = @id");
        Sql.Add(select, "@id", id);
        await using var row = await select.ExecuteReaderAsync(cancellationToken);
        return await row.ReadAsync(cancellationToken)
            ? ReadEntry(row)
            : throw new InvalidOperationException($"Ledger entry {entryId} was updated but cannot be read back in the same transaction.");
    }

    private async Task<Exception> NotPendingAsync(DbConnection connection, Guid entryId, string what, CancellationToken cancellationToken)
    {
        var entry = await ReadOneAsync(connection, null, "id = @id", "@id", entryId.ToString("D"), cancellationToken);
        return entry is null
            ? new KeyNotFoundException($"No ledger entry has the id {entryId}.")
            : new InvalidOperationException($"Ledger entry {entryId} is {entry.Status.ToCode()}; it cannot be {what}.");
    }

    private async Task<LedgerEntry> GetRequiredAsync(DbConnection connection, DbTransaction? transaction, Guid entryId, CancellationToken cancellationToken) =>
        await ReadOneAsync(connection, transaction, "id = @id", "@id", entryId.ToString("D"), cancellationToken)
        ?? throw new KeyNotFoundException($"No ledger entry has the id {entryId}.");

    private async Task<LedgerEntry?> ReadOneAsync(
        DbConnection connection, DbTransaction? transaction, string where, string parameter, string value, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, transaction, $"SELECT {EntryColumns} FROM ledger_entries WHERE {where}");
        Sql.Add(command, parameter, value);
        var entries = await ReadEntriesAsync(connection, transaction, command, cancellationToken);
        return entries.Count == 0 ? null : entries[0];
    }

    private async Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(
        DbConnection connection, DbTransaction? transaction, DbCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(ReadEntry(reader));
            }
        }

        if (entries.Count == 0)
        {
            return entries;
        }

        var records = await ReadRecordsAsync(connection, transaction, entries, cancellationToken);
        return entries.ConvertAll(e => records.TryGetValue(e.Id, out var list) ? e with { Records = list } : e);
    }

    private static async Task<Dictionary<Guid, List<TouchedRecord>>> ReadRecordsAsync(
        DbConnection connection, DbTransaction? transaction, List<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var names = new string[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            names[i] = "@e" + i.ToString(CultureInfo.InvariantCulture);
        }

        await using var command = Sql.Command(
            connection,
            transaction,
            $"SELECT entry_id, object_name, record_id, action FROM ledger_records WHERE entry_id IN ({string.Join(", ", names)}) ORDER BY entry_id, seq");
        for (var i = 0; i < entries.Count; i++)
        {
            Sql.Add(command, names[i], entries[i].Id.ToString("D"));
        }

        var result = new Dictionary<Guid, List<TouchedRecord>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = Guid.Parse(reader.GetString(0));
            if (!result.TryGetValue(id, out var list))
            {
                result[id] = list = [];
            }

            list.Add(ReadRecord(reader));
        }

        return result;
    }

    // A touched record from columns 1–3 of a ledger_records row (object_name, record_id, action).
    private static TouchedRecord ReadRecord(DbDataReader reader) =>
        new(reader.GetString(1), reader.GetString(2), LedgerCodes.ParseAction(reader.GetString(3)));

    private LedgerEntry ReadEntry(DbDataReader reader) => new()
    {
        Id = Guid.Parse(reader.GetString(0)),
        RunId = reader.GetString(1),
        Actor = LedgerCodes.ParseActor(reader.GetString(2)),
        Skill = reader.GetString(3),
        CallerId = Sql.NullableString(reader, 4),
        ToolName = reader.GetString(5),
        Target = new LedgerTarget(reader.GetString(6), Sql.NullableString(reader, 7), Sql.NullableString(reader, 8)),
        IdempotencyKey = reader.GetString(9),
        RequestJson = reader.GetString(10),
        RequestHash = reader.GetString(11),
        Status = LedgerCodes.ParseStatus(reader.GetString(12)),
        Attempts = Convert.ToInt32(reader.GetValue(13), CultureInfo.InvariantCulture),
        Error = Sql.NullableString(reader, 14),
        ResultJson = Sql.NullableString(reader, 15),
        CreatedAt = Dialect.ReadTime(reader, 16),
        UpdatedAt = Dialect.ReadTime(reader, 17),
        CompletedAt = reader.IsDBNull(18) ? null : Dialect.ReadTime(reader, 18),
        Records = [],
    };
}
