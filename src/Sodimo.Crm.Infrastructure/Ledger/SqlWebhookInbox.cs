using System.Data.Common;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// The webhook inbox in the ledger's database (<c>webhook_inbox</c>, migration 3). A replay is refused by
/// the unique index on (source, delivery key), so it holds across processes. Appends are group-committed:
/// see <c>SqlWebhookInbox.GroupCommit.cs</c>.
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
