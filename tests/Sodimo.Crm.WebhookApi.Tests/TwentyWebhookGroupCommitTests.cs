using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>
/// POST /webhooks/twenty under concurrency, over real HTTP: deliveries are group-committed, each answered 2xx
/// only after its batch is on disk, a failed batch answers 503 to all of its requests, a full queue answers 503
/// with Retry-After.
/// </summary>
public sealed class TwentyWebhookGroupCommitTests
{
    private readonly FakeTimeProvider time = new(TwentyVectors.SignedAt.AddSeconds(2));

    private static HttpRequestMessage Signed(string recordId)
    {
        var body = Encoding.UTF8.GetBytes(
            $$"""{"eventName":"opportunity.updated","record":{"id":"{{recordId}}"},"updatedFields":["stage"]}""");
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twenty") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Timestamp", TwentyVectors.Timestamp);
        request.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Signature", TwentySignature.Sign(TwentyVectors.Secret, TwentyVectors.Timestamp, body));
        return request;
    }

    private static string KeyOf(string recordId) => TwentySignature.DeliveryKey(
        TwentyVectors.Timestamp,
        Encoding.UTF8.GetBytes($$"""{"eventName":"opportunity.updated","record":{"id":"{{recordId}}"},"updatedFields":["stage"]}"""));

    private static SqlWebhookInbox InboxOf(WebhookApiServer server) =>
        (SqlWebhookInbox)server.App.Services.GetRequiredService<IWebhookInbox>();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited++)
        {
            waited.ShouldBeLessThan(2000, "the condition did not become true in 10 s");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task ManyParallelDeliveries_AreEachStoredOnce_AndNoneIsAnsweredBeforeItsBatchCommitted()
    {
        await using var server = await WebhookApiServer.StartAsync(time);
        var inbox = InboxOf(server);
        // Every answer must come after its delivery went through a commit: answers per key never outnumber
        // the times the key was in a batch about to commit.
        var committing = new ConcurrentDictionary<string, int>();
        var answeredTooEarly = new ConcurrentBag<string>();
        var batches = new ConcurrentQueue<int>();
        inbox.CommitHook = batch =>
        {
            batches.Enqueue(batch.Count);
            foreach (var delivery in batch)
            {
                committing.AddOrUpdate(delivery.DeliveryKey, 1, (_, n) => n + 1);
            }

            return Task.CompletedTask;
        };
        var answered = new ConcurrentDictionary<string, int>();

        // 200 distinct deliveries and a replay of 40 of them, 64 at a time.
        var records = Enumerable.Range(0, 200).Select(i => $"deal-{i}").Concat(Enumerable.Range(0, 40).Select(i => $"deal-{i}")).ToList();
        using var gate = new SemaphoreSlim(64);
        var responses = await Task.WhenAll(records.Select(async record =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await server.Client.SendAsync(Signed(record));
                var key = KeyOf(record);
                if (answered.AddOrUpdate(key, 1, (_, n) => n + 1) > committing.GetValueOrDefault(key))
                {
                    answeredTooEarly.Add(record);
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return (Record: record, response.StatusCode, Id: json.RootElement.GetProperty("id").GetGuid());
            }
            finally
            {
                gate.Release();
            }
        }));

        answeredTooEarly.ShouldBeEmpty();
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted || r.StatusCode == HttpStatusCode.OK);
        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).ShouldBe(200);
        var entries = await server.InboxAsync();
        entries.Count.ShouldBe(200);
        entries.Select(e => e.Delivery.DeliveryKey).Distinct().Count().ShouldBe(200);
        foreach (var group in responses.GroupBy(r => r.Record))
        {
            var entry = entries.Single(e => e.Delivery.DeliveryKey == KeyOf(group.Key));
            group.ShouldAllBe(r => r.Id == entry.Id); // the replay answers with the stored entry
        }

        batches.Sum().ShouldBe(240);
    }

    [Fact]
    public async Task BatchWhoseCommitFails_Answers503ToEachOfItsRequests_AndStoresNone()
    {
        await using var server = await WebhookApiServer.StartAsync(time);
        var inbox = InboxOf(server);
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var batches = 0;
        inbox.CommitHook = async batch =>
        {
            if (Interlocked.Increment(ref batches) == 1)
            {
                held.SetResult();
                await release.Task;
                return;
            }

            throw new IOException("fsync failed");
        };

        var first = server.Client.SendAsync(Signed("first"));
        await held.Task;
        var doomed = Enumerable.Range(0, 20).Select(i => server.Client.SendAsync(Signed($"doomed-{i}"))).ToList();
        await WaitUntilAsync(() => inbox.QueuedCount == doomed.Count);
        first.IsCompleted.ShouldBeFalse("the first delivery was answered before its commit");
        release.SetResult();

        using (var accepted = await first)
        {
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        foreach (var response in await Task.WhenAll(doomed))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            response.Dispose();
        }

        batches.ShouldBe(2);
        (await server.InboxAsync()).Select(e => e.Delivery.DeliveryKey).ShouldBe([KeyOf("first")]);
    }

    [Fact]
    public async Task FullQueue_Answers503WithRetryAfter_AndStoresNothingOfTheRefused()
    {
        await using var server = await WebhookApiServer.StartAsync(
            time,
            services: s => s.AddSingleton<IWebhookInbox>(sp => new SqlWebhookInbox(sp.GetRequiredService<LedgerDatabase>(), queueCapacity: 2)));
        var inbox = InboxOf(server);
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var batches = 0;
        inbox.CommitHook = async _ =>
        {
            if (Interlocked.Increment(ref batches) == 1)
            {
                held.SetResult();
                await release.Task;
            }
        };

        var first = server.Client.SendAsync(Signed("first"));
        await held.Task;
        var queued = new[] { server.Client.SendAsync(Signed("a")), server.Client.SendAsync(Signed("b")) };
        await WaitUntilAsync(() => inbox.QueuedCount == 2);
        using (var refused = await server.Client.SendAsync(Signed("c")))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldBe(TimeSpan.FromSeconds(1));
        }

        release.SetResult();
        (await first).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        foreach (var response in await Task.WhenAll(queued))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        (await server.InboxAsync()).Select(e => e.Delivery.DeliveryKey).Order().ShouldBe(new[] { KeyOf("first"), KeyOf("a"), KeyOf("b") }.Order());
    }
}
