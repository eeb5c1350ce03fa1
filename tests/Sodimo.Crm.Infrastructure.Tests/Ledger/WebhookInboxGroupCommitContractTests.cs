using System.Collections.Concurrent;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>
/// The webhook inbox's group commit, on every store: appends queued while a commit runs are committed together,
/// each caller answered only after its batch committed, a failed batch fails all of its callers and stores none.
/// The first batch is held in <see cref="SqlWebhookInbox.CommitHook"/> so the next one is known exactly.
/// </summary>
public abstract partial class RunLedgerContractTests
{
    private static WebhookDelivery InboxDelivery(string key, string body = "{}") =>
        new("twenty", key, "company.updated", Start.AddSeconds(-1), body);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited++)
        {
            waited.ShouldBeLessThan(2000, "the condition did not become true in 10 s");
            await Task.Delay(5);
        }
    }

    /// <summary>Holds the first batch before its commit until <paramref name="release"/> completes; then runs <paramref name="next"/>.</summary>
    private static Func<IReadOnlyList<WebhookDelivery>, Task> HoldFirstBatch(
        TaskCompletionSource held, Task release, ConcurrentQueue<int> sizes, Func<IReadOnlyList<WebhookDelivery>, Task>? next = null)
    {
        var batches = 0;
        return async batch =>
        {
            sizes.Enqueue(batch.Count);
            if (Interlocked.Increment(ref batches) == 1)
            {
                held.TrySetResult();
                await release;
                return;
            }

            if (next is not null)
            {
                await next(batch);
            }
        };
    }

    [ContractFact]
    public async Task WebhookInbox_ParallelAppends_AreCommittedTogether_EachStoredOnce_AndAnsweredOnlyAfterTheCommit()
    {
        await using var inbox = new SqlWebhookInbox(Database);
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var sizes = new ConcurrentQueue<int>();
        var answeredBeforeCommit = -1;
        Task<WebhookInboxAppendResult>[] appends = [];
        inbox.CommitHook = HoldFirstBatch(held, release.Task, sizes, _ =>
        {
            answeredBeforeCommit = appends.Count(a => a.IsCompleted);
            return Task.CompletedTask;
        });

        var firstAppend = inbox.AppendAsync(InboxDelivery("first"));
        await held.Task;
        // 100 distinct deliveries, the first 20 of them sent twice (a replay inside the batch), from many threads.
        var keys = Enumerable.Range(0, 100).Select(i => $"k{i}").Concat(Enumerable.Range(0, 20).Select(i => $"k{i}")).ToList();
        appends = await Task.WhenAll(keys.Select(key => Task.Run(() => Task.FromResult(inbox.AppendAsync(InboxDelivery(key, $$"""{"key":"{{key}}"}"""))))));
        await WaitUntilAsync(() => inbox.QueuedCount == keys.Count);

        firstAppend.IsCompleted.ShouldBeFalse("answered before its batch committed");
        appends.ShouldAllBe(a => !a.IsCompleted);
        (await CountAsync("webhook_inbox")).ShouldBe(0); // nothing committed yet
        release.SetResult();
        var results = await Task.WhenAll(appends);

        (await firstAppend).Stored.ShouldBeTrue();
        answeredBeforeCommit.ShouldBe(0);
        sizes.ShouldBe([1, 120]); // one transaction for everything that queued behind the first
        results.Count(r => r.Stored).ShouldBe(100);
        results.GroupBy(r => r.Entry.Delivery.DeliveryKey).ShouldAllBe(g => g.Select(r => r.Entry.Id).Distinct().Count() == 1);
        results.GroupBy(r => r.Entry.Delivery.DeliveryKey).ShouldAllBe(g => g.Count(r => r.Stored) == 1);
        (await CountAsync("webhook_inbox")).ShouldBe(101);
        var stored = await QueryRawAsync("SELECT delivery_key, id, body FROM webhook_inbox");
        stored.Select(r => (string)r[0]!).Order().ShouldBe(keys.Distinct().Append("first").Order());
        foreach (var result in results.Where(r => r.Stored))
        {
            stored.ShouldContain(r => (string)r[0]! == result.Entry.Delivery.DeliveryKey && (string)r[1]! == result.Entry.Id.ToString("D"));
        }
    }

    [ContractFact]
    public async Task WebhookInbox_FailedCommit_FailsEveryCallerOfTheBatch_AndStoresNoneOfIt()
    {
        await using var inbox = new SqlWebhookInbox(Database);
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var sizes = new ConcurrentQueue<int>();
        var fail = true;
        inbox.CommitHook = HoldFirstBatch(held, release.Task, sizes, _ =>
            fail ? throw new IOException("the disk went away") : Task.CompletedTask);

        var firstAppend = inbox.AppendAsync(InboxDelivery("first"));
        await held.Task;
        var doomed = Enumerable.Range(0, 10).Select(i => inbox.AppendAsync(InboxDelivery($"doomed-{i}"))).ToList();
        await WaitUntilAsync(() => inbox.QueuedCount == doomed.Count);
        release.SetResult();

        (await firstAppend).Stored.ShouldBeTrue();
        foreach (var append in doomed)
        {
            var error = await Should.ThrowAsync<LedgerUnavailableException>(append);
            error.Message.ShouldContain("the disk went away");
        }

        sizes.ShouldBe([1, 10]);
        (await QueryRawAsync("SELECT delivery_key FROM webhook_inbox")).Select(r => r[0]).ShouldBe(["first"]);

        // The writer goes on: the same deliveries sent again are stored.
        fail = false;
        (await Task.WhenAll(Enumerable.Range(0, 10).Select(i => inbox.AppendAsync(InboxDelivery($"doomed-{i}"))))).ShouldAllBe(r => r.Stored);
        (await CountAsync("webhook_inbox")).ShouldBe(11);
    }

    [ContractFact]
    public async Task WebhookInbox_FullQueue_RefusesAtOnce_AndStoresNothingOfTheRefused()
    {
        await using var inbox = new SqlWebhookInbox(Database, queueCapacity: 2);
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        inbox.CommitHook = HoldFirstBatch(held, release.Task, new ConcurrentQueue<int>());

        var firstAppend = inbox.AppendAsync(InboxDelivery("first"));
        await held.Task;
        var queued = new[] { inbox.AppendAsync(InboxDelivery("a")), inbox.AppendAsync(InboxDelivery("b")) };
        await Should.ThrowAsync<WebhookInboxFullException>(async () => await inbox.AppendAsync(InboxDelivery("c")));
        release.SetResult();

        (await firstAppend).Stored.ShouldBeTrue();
        (await Task.WhenAll(queued)).ShouldAllBe(r => r.Stored);
        (await QueryRawAsync("SELECT delivery_key FROM webhook_inbox ORDER BY delivery_key")).Select(r => r[0]).ShouldBe(["a", "b", "first"]);
    }

    [ContractFact]
    public async Task WebhookInbox_BurstInOneMillisecond_KeepsArrivalOrder_WithoutRunningAheadOfTheClock()
    {
        await using var inbox = new SqlWebhookInbox(Database);
        var keys = Enumerable.Range(0, 300).Select(i => $"burst-{299 - i:D3}").ToList(); // arrival order is not key order

        // Called one after the other, so queued in this order; the clock does not move.
        var appends = keys.Select(key => inbox.AppendAsync(InboxDelivery(key))).ToList();
        var results = await Task.WhenAll(appends);

        results.ShouldAllBe(r => r.Stored && r.Entry.ReceivedAt == Start);
        var listed = (await inbox.ListReceivedAsync(1000)).ToList();
        listed.Select(e => e.Delivery.DeliveryKey).ShouldBe(keys);
        listed.ShouldAllBe(e => e.ReceivedAt == Start);
        (await QueryRawAsync("SELECT delivery_key FROM webhook_inbox ORDER BY received_at, id")).Select(r => (string)r[0]!).ShouldBe(keys);
    }
    [ContractFact]
    public async Task WebhookInbox_LargeBatch_StoresEveryColumnOfEveryDelivery()
    {
        await using var inbox = new SqlWebhookInbox(Database);
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var sizes = new ConcurrentQueue<int>();
        inbox.CommitHook = HoldFirstBatch(held, release.Task, sizes);
        var firstAppend = inbox.AppendAsync(InboxDelivery("first"));
        await held.Task;

        // One batch, every column varying, a replay in the middle: the batch re-binds one prepared insert for each
        // delivery, and each row must get its own values.
        var deliveries = Enumerable.Range(0, 41).Select(i => new WebhookDelivery(
            i % 3 == 0 ? "twenty" : "other",
            $"many-{i:D2}",
            i % 2 == 0 ? null : $"company.updated.{i}",
            Start.AddSeconds(-i).AddMilliseconds(i),
            $$"""{"n":{{i}},"text":"é{{new string('x', i)}}"}""")).ToList();
        var appends = deliveries.Append(deliveries[7]).Select(d => inbox.AppendAsync(d)).ToList();
        await WaitUntilAsync(() => inbox.QueuedCount == appends.Count);
        release.SetResult();
        var results = await Task.WhenAll(appends);
        await firstAppend;

        sizes.ShouldBe([1, 42]);
        results.Count(r => r.Stored).ShouldBe(41);
        results[^1].Entry.Id.ShouldBe(results[7].Entry.Id);
        var listed = (await inbox.ListReceivedAsync(1000)).Where(e => e.Delivery.DeliveryKey != "first").ToList();
        listed.Select(e => e.Delivery).ShouldBe(deliveries);
        listed.Select(e => e.Id).ShouldBe(results.Take(41).Select(r => r.Entry.Id));
        listed.ShouldAllBe(e => e.Status == WebhookInboxStatus.Received && e.ReceivedAt == Start);
    }
}
