using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Threading.Channels;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// Group commit of the inbox's appends. <see cref="AppendAsync"/> puts the delivery on a bounded queue and waits;
/// one writer takes whatever has queued (up to <see cref="MaxBatchSize"/>), inserts it in one transaction (one
/// fsync for the lot) and only then completes each caller's task. If the transaction fails, every caller of the
/// batch gets the error and none of its deliveries is stored. A full queue refuses at once with
/// <see cref="WebhookInboxFullException"/>.
/// <para>
/// Order: the queue is first in, first out, and the batch is inserted in that order. Every entry of a batch gets
/// the same arrival time (the clock when the batch is written, never earlier than the previous batch's), and an id
/// that is a UUID version 7 whose bits after the millisecond are a counter of this process, so
/// <c>ORDER BY received_at, id</c> — the processor's order — is the arrival order, even for thousands of deliveries
/// in one millisecond, without arrival times running ahead of the clock.
/// </para>
/// </summary>
internal sealed partial class SqlWebhookInbox
{
    /// <summary>How many deliveries may wait for their commit; the next one is refused until the writer catches up.</summary>
    public const int DefaultQueueCapacity = 4096;

    /// <summary>The most deliveries committed in one transaction.</summary>
    public const int MaxBatchSize = 256;

    private const string InsertColumns = "id, source, delivery_key, event_name, signed_at, received_at, body, status";
    private const int SignedAtColumn = 4;
    private const int ReceivedAtColumn = 5;

    /// <summary>
    /// The insert of one delivery. A batch runs it once per delivery, prepared once and re-bound, in the batch's one
    /// transaction (one commit, one fsync). Measured against one statement per batch or per 16 rows, it costs the least
    /// CPU: SQLite finds a named parameter by a linear scan of the statement's names (a 256-row statement has 1,792),
    /// and a multi-row statement inside a transaction keeps a statement journal, spilled to a temporary file when large.
    /// </summary>
    private const string InsertText =
        "INSERT INTO webhook_inbox (" + InsertColumns + ") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, 'received') " +
        "ON CONFLICT (source, delivery_key) DO NOTHING";

    private static readonly string[] ParameterNames = ["@p0", "@p1", "@p2", "@p3", "@p4", "@p5", "@p6"];

    private readonly Channel<PendingAppend> queue;
    private readonly Lock writerLock = new();
    private Task? writer;
    private volatile bool disposed;
    private DateTimeOffset lastArrival = DateTimeOffset.MinValue;

    // 42 bits of counter in each id; a random start, far from the top, so two processes rarely share one.
    private ulong sequence = (ulong)Random.Shared.NextInt64(0, 1L << 32);

    /// <summary>
    /// Called with each batch inside its transaction, after the inserts and before the commit; an exception
    /// rolls the batch back and fails all of its callers. For tests (a failing or slow commit).
    /// </summary>
    internal Func<IReadOnlyList<WebhookDelivery>, Task>? CommitHook { get; set; }

    /// <summary>How many deliveries are queued and not yet taken by the writer.</summary>
    internal int QueuedCount => queue.Reader.Count;

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        queue.Writer.TryComplete();
        Task? running;
        lock (writerLock)
        {
            running = writer;
        }

        if (running is not null)
        {
            await running.ConfigureAwait(false); // what was queued is committed (or failed) first
        }
    }

    // A service provider disposed synchronously needs IDisposable.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static Channel<PendingAppend> CreateQueue(int capacity) =>
        Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite says false when full: the caller is refused, not parked
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });

    private Task<WebhookInboxAppendResult> EnqueueAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(disposed, this);
        EnsureWriter();
        var pending = new PendingAppend(delivery);
        if (!queue.Writer.TryWrite(pending))
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            throw new WebhookInboxFullException(
                $"{queue.Reader.Count} webhook deliveries are waiting for their commit; this one was not stored.");
        }

        // Once queued the delivery is committed whatever the caller does; a cancelled caller only stops waiting.
        return cancellationToken.CanBeCanceled ? pending.Completion.Task.WaitAsync(cancellationToken) : pending.Completion.Task;
    }

    private void EnsureWriter()
    {
        if (Volatile.Read(ref writer) is not null)
        {
            return;
        }

        lock (writerLock)
        {
            writer ??= Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = queue.Reader;
        var batch = new List<PendingAppend>(MaxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                var results = await CommitBatchAsync(batch).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
#pragma warning disable CA1031 // Whatever failed the batch is each caller's answer; the writer must go on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    private Task<WebhookInboxAppendResult[]> CommitBatchAsync(List<PendingAppend> batch) =>
        database.RunAsync("store webhook deliveries", async connection =>
        {
            // A replay inside the batch has the effect of its first occurrence only.
            var first = new Dictionary<(string Source, string Key), int>(batch.Count);
            var fresh = new List<int>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (first.TryAdd((batch[i].Delivery.Source, batch[i].Delivery.DeliveryKey), i))
                {
                    fresh.Add(i);
                }
            }

            var now = NextArrival();
            var ids = new string[batch.Count];
            foreach (var i in fresh)
            {
                ids[i] = NextId(now).ToString("D");
            }

            await using var transaction = await database.Dialect.BeginWriteAsync(connection, CancellationToken.None).ConfigureAwait(false);
            var inserted = new bool[batch.Count];
            await using (var insert = CreateInsert(connection, transaction))
            {
                var time = database.Dialect.TimeValue(now);
                var values = insert.Parameters;
                foreach (var i in fresh)
                {
                    // One prepared single-row statement, its values replaced for each delivery: a row conflicting with a stored
                    // delivery (a replay) is not inserted, and the count of rows it changed says which.
                    var delivery = batch[i].Delivery;
                    values[0].Value = ids[i];
                    values[1].Value = delivery.Source;
                    values[2].Value = delivery.DeliveryKey;
                    values[3].Value = (object?)delivery.EventName ?? DBNull.Value;
                    values[4].Value = database.Dialect.TimeValue(delivery.SignedAt);
                    values[5].Value = time;
                    values[6].Value = delivery.Body;
                    inserted[i] = await insert.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) == 1;
                }
            }

            var results = new WebhookInboxAppendResult[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var delivery = batch[i].Delivery;
                var of = first[(delivery.Source, delivery.DeliveryKey)];
                if (of != i)
                {
                    results[i] = results[of] with { Stored = false };
                }
                else if (inserted[i])
                {
                    var entry = new WebhookInboxEntry(
                        Guid.Parse(ids[i]), delivery with { SignedAt = LedgerDialect.Truncate(delivery.SignedAt) }, WebhookInboxStatus.Received, now, null, null);
                    results[i] = new WebhookInboxAppendResult(entry, Stored: true);
                }
                else
                {
                    // Already committed by an earlier batch (or another process): a replay.
                    await using var read = Sql.Command(
                        connection, transaction, $"SELECT {Columns} FROM webhook_inbox WHERE source = @source AND delivery_key = @key");
                    Sql.Add(read, "@source", delivery.Source);
                    Sql.Add(read, "@key", delivery.DeliveryKey);
                    results[i] = new WebhookInboxAppendResult((await ReadAsync(read, CancellationToken.None).ConfigureAwait(false)).Single(), Stored: false);
                }
            }

            if (CommitHook is { } hook)
            {
                await hook([.. batch.Select(b => b.Delivery)]).ConfigureAwait(false);
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return results;
        }, CancellationToken.None);

    /// <summary>The insert of one delivery, its parameters typed and not yet valued.</summary>
    private static DbCommand CreateInsert(DbConnection connection, DbTransaction transaction)
    {
        var insert = Sql.Command(connection, transaction, InsertText);
        for (var p = 0; p < ParameterNames.Length; p++)
        {
            if (p is SignedAtColumn or ReceivedAtColumn)
            {
                // A time: its type is the dialect's (text for SQLite, timestamptz for PostgreSQL), inferred from the value.
                var parameter = insert.CreateParameter();
                parameter.ParameterName = ParameterNames[p];
                insert.Parameters.Add(parameter);
            }
            else
            {
                Sql.Add(insert, ParameterNames[p], null); // text
            }
        }

        return insert;
    }

    /// <summary>The arrival time of a batch: the clock, to the millisecond, never before the previous batch's.</summary>
    private DateTimeOffset NextArrival()
    {
        var now = database.Now();
        if (now < lastArrival)
        {
            now = lastArrival; // the clock stepped back: stay put, the ids keep the order
        }

        lastArrival = now;
        return now;
    }

    /// <summary>
    /// A UUID version 7: the arrival millisecond, then 42 bits of this process's counter (so ids of one
    /// millisecond sort in arrival order), then 32 random bits.
    /// </summary>
    private Guid NextId(DateTimeOffset arrival)
    {
        var counter = ++sequence & ((1UL << 42) - 1);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)arrival.ToUnixTimeMilliseconds() << 16);
        bytes[6] = (byte)(0x70 | (int)((counter >> 38) & 0x0F));
        bytes[7] = (byte)(counter >> 30);
        bytes[8] = (byte)(0x80 | (int)((counter >> 24) & 0x3F));
        bytes[9] = (byte)(counter >> 16);
        bytes[10] = (byte)(counter >> 8);
        bytes[11] = (byte)counter;
        RandomNumberGenerator.Fill(bytes[12..]);
        return new Guid(bytes, bigEndian: true);
    }

    private sealed class PendingAppend(WebhookDelivery delivery)
    {
        public WebhookDelivery Delivery { get; } = delivery;

        public TaskCompletionSource<WebhookInboxAppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
