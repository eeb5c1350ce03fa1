using System.Data.Common;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// The webhook inbox in the ledger's database (<c>webhook_inbox</c>, migration 3). A replay is refused by
/// the unique index on (source, delivery key), so it holds across processes. Appends are group-committed
/// (see <c>SqlWebhookInbox.GroupCommit.cs</c>). Processors claim deliveries (migration 5: <c>record_key</c>,
/// <c>claimed_by</c>, <c>claim_expires_at</c>), one owner at a time and in order per record.
/// </summary>
internal sealed partial class SqlWebhookInbox : IWebhookInbox, IAsyncDisposable, IDisposable
{
    private const string Columns = "id, source, delivery_key, event_name, signed_at, received_at, body, status, processed_at, error";

    private readonly LedgerDatabase database;

    public SqlWebhookInbox(LedgerDatabase database)
        : this(database, DefaultQueueCapacity)
    {
    }

    /// <summary>Creates the inbox with a queue of <paramref name="queueCapacity"/> deliveries waiting for their commit.</summary>
    internal SqlWebhookInbox(LedgerDatabase database, int queueCapacity)
    {
        this.database = database ?? throw new ArgumentNullException(nameof(database));
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        queue = CreateQueue(queueCapacity);
    }

    public Task<WebhookInboxAppendResult> AppendAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentException.ThrowIfNullOrWhiteSpace(delivery.Source);
        ArgumentException.ThrowIfNullOrWhiteSpace(delivery.DeliveryKey);
        ArgumentNullException.ThrowIfNull(delivery.Body);
        if (delivery.DeliveryKey.Length > 200 || delivery.Source.Length > 200)
        {
            throw new ArgumentException("The source and delivery key are limited to 200 characters.", nameof(delivery));
        }

        return EnqueueAsync(delivery, cancellationToken);
    }

    public Task<IReadOnlyList<WebhookInboxEntry>> ListReceivedAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        return database.RunAsync("list webhook deliveries", async connection =>
        {
            await using var command = Sql.Command(
                connection, null, $"SELECT {Columns} FROM webhook_inbox WHERE status = 'received' ORDER BY received_at, id LIMIT @limit");
            Sql.Add(command, "@limit", limit);
            return await ReadAsync(command, cancellationToken);
        }, cancellationToken);
    }

    public Task<bool> MarkProcessedAsync(Guid entryId, string? failure, CancellationToken cancellationToken = default) =>
        database.RunAsync("mark a webhook delivery processed", async connection =>
        {
            await using var update = Sql.Command(
                connection,
                null,
                "UPDATE webhook_inbox SET status = @status, error = @error, processed_at = @now WHERE id = @id AND status = 'received'");
            Sql.Add(update, "@status", failure is null ? "processed" : "failed");
            Sql.Add(update, "@error", failure);
            Sql.Add(update, "@now", database.Dialect.TimeValue(database.Now()));
            Sql.Add(update, "@id", entryId.ToString("D"));
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return true;
            }

            await using var exists = Sql.Command(connection, null, "SELECT COUNT(*) FROM webhook_inbox WHERE id = @id");
            Sql.Add(exists, "@id", entryId.ToString("D"));
            return Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1
                ? false
                : throw new KeyNotFoundException($"No webhook inbox entry has the id {entryId}.");
        }, cancellationToken);

    public Task<IReadOnlyList<WebhookInboxEntry>> ClaimAsync(string owner, int limit, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        CheckDuration(duration);
        return database.RunAsync("claim webhook deliveries", async connection =>
        {
            await KeyRecordsAsync(connection, cancellationToken);

            // One statement, so the claim is atomic: SQLite holds the database's write lock for it; PostgreSQL locks the
            // chosen rows and passes over rows another claimer has locked. A delivery is claimable when no earlier delivery
            // of its record is still waiting (claimed or not) and no earlier one is unkeyed (its record unknown yet).
            var now = database.Now();
            await using var claim = Sql.Command(
                connection,
                null,
                "UPDATE webhook_inbox SET claimed_by = @owner, claim_expires_at = @until WHERE id IN (" +
                "SELECT r.id FROM webhook_inbox r WHERE r.status = 'received' AND r.record_key IS NOT NULL " +
                "AND (r.claimed_by IS NULL OR r.claimed_by = @owner OR r.claim_expires_at <= @now) " +
                "AND NOT EXISTS (SELECT 1 FROM webhook_inbox e WHERE e.status = 'received' " +
                "AND (e.record_key = r.record_key OR e.record_key IS NULL) " +
                "AND (e.received_at < r.received_at OR (e.received_at = r.received_at AND e.id < r.id))) " +
                "ORDER BY r.received_at, r.id LIMIT @limit" + database.Dialect.ForUpdateSkipLocked + ") " +
                "RETURNING " + Columns);
            Sql.Add(claim, "@owner", owner);
            Sql.Add(claim, "@until", database.Dialect.TimeValue(now + duration));
            Sql.Add(claim, "@now", database.Dialect.TimeValue(now));
            Sql.Add(claim, "@limit", limit);
            var claimed = await ReadAsync(claim, cancellationToken);
            return (IReadOnlyList<WebhookInboxEntry>)[.. claimed.OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id.ToString("D"), StringComparer.Ordinal)];
        }, cancellationToken);
    }

    public Task<int> RenewClaimsAsync(string owner, IReadOnlyCollection<Guid> entryIds, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(entryIds);
        CheckDuration(duration);
        if (entryIds.Count == 0)
        {
            return Task.FromResult(0);
        }

        return database.RunAsync("renew webhook claims", async connection =>
        {
            var ids = entryIds.Select((id, i) => (Name: "@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Id: id)).ToList();
            await using var renew = Sql.Command(
                connection,
                null,
                "UPDATE webhook_inbox SET claim_expires_at = @until WHERE claimed_by = @owner AND status = 'received' AND id IN (" +
                string.Join(", ", ids.Select(i => i.Name)) + ")");
            Sql.Add(renew, "@owner", owner);
            Sql.Add(renew, "@until", database.Dialect.TimeValue(database.Now() + duration));
            foreach (var (name, id) in ids)
            {
                Sql.Add(renew, name, id.ToString("D"));
            }

            return await renew.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<bool> CompleteClaimAsync(Guid entryId, string owner, string? failure, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return database.RunAsync("mark a claimed webhook delivery processed", async connection =>
        {
            await using var update = Sql.Command(
                connection,
                null,
                "UPDATE webhook_inbox SET status = @status, error = @error, processed_at = @now, claimed_by = NULL, claim_expires_at = NULL " +
                "WHERE id = @id AND status = 'received' AND claimed_by = @owner");
            Sql.Add(update, "@status", failure is null ? "processed" : "failed");
            Sql.Add(update, "@error", failure);
            Sql.Add(update, "@now", database.Dialect.TimeValue(database.Now()));
            Sql.Add(update, "@id", entryId.ToString("D"));
            Sql.Add(update, "@owner", owner);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
    }

    public Task<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return database.RunAsync("release webhook claims", async connection =>
        {
            await using var release = Sql.Command(
                connection, null, "UPDATE webhook_inbox SET claimed_by = NULL, claim_expires_at = NULL WHERE claimed_by = @owner AND status = 'received'");
            Sql.Add(release, "@owner", owner);
            return await release.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task<WebhookInboxEntry?> FindPreviousAsync(Guid entryId, CancellationToken cancellationToken = default) =>
        database.RunAsync("read the previous webhook delivery", async connection =>
        {
            await using var read = Sql.Command(
                connection,
                null,
                "SELECT " + string.Join(", ", Columns.Split(", ").Select(c => "p." + c)) + " FROM webhook_inbox p JOIN webhook_inbox c ON c.id = @id " +
                "WHERE p.record_key = c.record_key AND p.status = 'processed' " +
                "AND (p.received_at < c.received_at OR (p.received_at = c.received_at AND p.id < c.id)) " +
                "ORDER BY p.received_at DESC, p.id DESC LIMIT 1");
            Sql.Add(read, "@id", entryId.ToString("D"));
            return (await ReadAsync(read, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    /// <summary>
    /// The record a delivery is about, <c>&lt;object&gt;:&lt;record id&gt;</c> from its event name and <c>record.id</c>, or
    /// <c>entry:&lt;id&gt;</c> when it names none (then it waits for no other delivery).
    /// </summary>
    internal static string RecordKeyOf(Guid entryId, string? eventName, string body)
    {
        var fallback = "entry:" + entryId.ToString("D");
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object
                || !root.TryGetProperty("record", out var record) || record.ValueKind != System.Text.Json.JsonValueKind.Object
                || !record.TryGetProperty("id", out var id) || id.ValueKind != System.Text.Json.JsonValueKind.String
                || string.IsNullOrEmpty(id.GetString()))
            {
                return fallback;
            }

            var dot = eventName?.LastIndexOf('.') ?? -1;
            var objectName = dot > 0 ? eventName![..dot] : eventName ?? string.Empty;
            var key = objectName + ":" + id.GetString();
            return key.Length <= 400 ? key : fallback;
        }
        catch (System.Text.Json.JsonException)
        {
            return fallback;
        }
    }

    private static void CheckDuration(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(duration, TimeSpan.FromHours(1));
    }

    /// <summary>Fills the record key of waiting deliveries that have none yet (the insert does not parse the body).</summary>
    private async Task KeyRecordsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var unkeyed = new List<(string Id, string Key)>();
        await using (var select = Sql.Command(
            connection, null, "SELECT id, event_name, body FROM webhook_inbox WHERE status = 'received' AND record_key IS NULL ORDER BY received_at, id LIMIT 1000"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                unkeyed.Add((id, RecordKeyOf(Guid.Parse(id), Sql.NullableString(reader, 1), reader.GetString(2))));
            }
        }

        if (unkeyed.Count == 0)
        {
            return;
        }

        await using var transaction = await database.Dialect.BeginWriteAsync(connection, cancellationToken);
        foreach (var (id, key) in unkeyed)
        {
            await using var update = Sql.Command(connection, transaction, "UPDATE webhook_inbox SET record_key = @key WHERE id = @id AND record_key IS NULL");
            Sql.Add(update, "@key", key);
            Sql.Add(update, "@id", id);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<WebhookInboxEntry>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        var entries = new List<WebhookInboxEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var delivery = new WebhookDelivery(
                reader.GetString(1), reader.GetString(2), Sql.NullableString(reader, 3), dialect.ReadTime(reader, 4), reader.GetString(6));
            entries.Add(new WebhookInboxEntry(
                Guid.Parse(reader.GetString(0)),
                delivery,
                reader.GetString(7) switch
                {
                    "received" => WebhookInboxStatus.Received,
                    "processed" => WebhookInboxStatus.Processed,
                    _ => WebhookInboxStatus.Failed,
                },
                dialect.ReadTime(reader, 5),
                reader.IsDBNull(8) ? null : dialect.ReadTime(reader, 8),
                Sql.NullableString(reader, 9)));
        }

        return entries;
    }
}
