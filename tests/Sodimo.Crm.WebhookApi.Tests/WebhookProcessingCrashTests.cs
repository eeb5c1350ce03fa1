using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>
/// The "done means": the built host, processing its inbox (ProcessInbox=true) and pushing to a slow fake
/// Sodiwin, is killed with SIGKILL under load while a push is on the wire, restarted, again and again. After the last
/// restart drains the inbox every acknowledged delivery has exactly one effect: one stage-change ledger row per stored
/// delivery (from/to stages in each deal's arrival order), one Sodiwin order per deal and stage.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WebhookProcessingCrashTests : IAsyncLifetime
{
    private const int Kills = 4;
    private static readonly string[] Stages = ["ORDER_RECEIVED", "PROFORMA_SENT", "PROFORMA_CONFIRMED", "PROFORMA_SENT", "PAYMENT", "PAYMENT"];
    private readonly string directory = Directory.CreateTempSubdirectory("sodimo-webhook-proc-crash-").FullName;
    private FakeSodiwin sodiwin = null!;
    private int sent = -1;

    private string Database => Path.Combine(directory, "ledger.db");

    public async Task InitializeAsync()
    {
        sodiwin = await FakeSodiwin.StartAsync();
        sodiwin.Delay = TimeSpan.FromMilliseconds(150); // slow enough that a kill lands while a push is on the wire
    }

    public async Task DisposeAsync()
    {
        await sodiwin.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task KilledWhileProcessing_RestartedRepeatedly_EveryAcknowledgedDeliveryHasExactlyOneEffect()
    {
        var acked = new ConcurrentBag<string>();
        var killedMidPush = 0;
        for (var cycle = 0; cycle <= Kills; cycle++)
        {
            using var host = WebhookApiCrashTests.StartHost(Database, out var port, new Dictionary<string, string>
            {
                ["Sodimo__Webhooks__ProcessInbox"] = "true",
                ["Sodimo__Webhooks__ClaimDuration"] = "00:00:02",
                ["Sodimo__SodiwinPush__ApiBaseUrl"] = sodiwin.BaseUrl,
                ["Sodimo__SodiwinPush__Backoff__0"] = "00:00:00.200",
            });
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            try
            {
                await WebhookApiCrashTests.WaitUntilReadyAsync(client, host);
                var before = acked.Count;
                using var stop = new CancellationTokenSource();
                var senders = Enumerable.Range(0, 3).Select(_ => Task.Run(() => SendAsync(client, acked, stop.Token))).ToList();
                if (cycle < Kills)
                {
                    // Under load, and while the host has a push on the wire (the fake answers only after its delay).
                    var waited = Stopwatch.StartNew();
                    while (!(acked.Count - before >= 8 && sodiwin.InFlight > 0) && waited.Elapsed < TimeSpan.FromSeconds(30) && !host.HasExited)
                    {
                        await Task.Delay(2);
                    }

                    killedMidPush += sodiwin.InFlight > 0 ? 1 : 0;
                    host.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no claim released
                    await host.WaitForExitAsync();
                    await stop.CancelAsync();
                    await Task.WhenAll(senders);
                }
                else
                {
                    while (acked.Count - before < 10 && !host.HasExited)
                    {
                        await Task.Delay(10);
                    }

                    await stop.CancelAsync();
                    await Task.WhenAll(senders);
                    await DrainedAsync(host); // the dead hosts' claims expire and are taken over
                }
            }
            finally
            {
                if (!host.HasExited)
                {
                    host.Kill(entireProcessTree: true);
                    await host.WaitForExitAsync();
                }
            }
        }

        killedMidPush.ShouldBeGreaterThan(0, "at least one kill landed while a push was on the wire");
        var inbox = Rows("SELECT id, delivery_key, status, received_at, body FROM webhook_inbox")
            .Select(r => (Id: r[0], Key: r[1], Status: r[2], ReceivedAt: r[3], Deal: DealOf(r[4]), Stage: StageOf(r[4])))
            .OrderBy(e => e.ReceivedAt, StringComparer.Ordinal).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        acked.Count.ShouldBeGreaterThanOrEqualTo(Kills * 8 + 10);
        acked.Except(inbox.Select(e => e.Key)).ShouldBeEmpty("every acknowledged delivery is stored");
        inbox.ShouldAllBe(e => e.Status == "processed");

        // One stage-change row per stored delivery (an unacknowledged one that was stored is processed too), each finished.
        var stageRows = Rows("SELECT idempotency_key, status, request_json, actor FROM ledger_entries WHERE tool_name = 'stage_changed'");
        stageRows.Select(r => r[0]).ShouldBe(inbox.Select(e => "webhook-stage:" + e.Id), ignoreOrder: true);
        stageRows.Where(r => r[1] != "succeeded" || r[3] != "human").Select(r => $"{r[0]} {r[1]} {r[3]}").ShouldBeEmpty("every stage row finished, by a human");

        // Per deal, in arrival order: each row's "from" is the previous delivery's stage, so none was processed out of order.
        var changes = stageRows.ToDictionary(r => r[0][("webhook-stage:".Length)..], r => JsonDocument.Parse(r[2]).RootElement.Clone());
        foreach (var deal in inbox.GroupBy(e => e.Deal))
        {
            string? previous = null;
            foreach (var entry in deal)
            {
                var change = changes[entry.Id];
                change.GetProperty("toStage").GetString().ShouldBe(entry.Stage);
                change.GetProperty("fromStage").GetString().ShouldBe(previous, $"deal {deal.Key}, delivery {entry.Id}");
                previous = entry.Stage;
            }
        }

        // One Sodiwin order per deal and stage; the pushes a kill interrupted were sent again and made nothing new.
        var expected = inbox.Select(e => $"sodiwin:{e.Deal}:{e.Stage}").Distinct().ToList();
        sodiwin.Orders.Keys.ShouldBe(expected, ignoreOrder: true);
        var pushRows = Rows("SELECT idempotency_key, status FROM ledger_entries WHERE tool_name = 'sodiwin_push'");
        pushRows.Select(r => r[0]).ShouldBe(expected, ignoreOrder: true);
        pushRows.Where(r => r[1] != "succeeded").Select(r => $"{r[0]} {r[1]}").ShouldBeEmpty("every push finished");
        List<string> requested;
        lock (sodiwin.Requests)
        {
            requested = [.. sodiwin.Requests.Select(r => r.IdempotencyKey)];
        }

        requested.Count.ShouldBeGreaterThan(expected.Count, "an interrupted push was sent again after the restart");
    }

    private async Task SendAsync(HttpClient client, ConcurrentBag<string> acked, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var i = Interlocked.Increment(ref sent);
            var body = Encoding.UTF8.GetBytes(Event(i));
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var delivery = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twenty") { Content = new ByteArrayContent(body) };
            delivery.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            delivery.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Timestamp", timestamp);
            delivery.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Signature", TwentySignature.Sign(TwentyVectors.Secret, timestamp, body));
            try
            {
                using var response = await client.SendAsync(delivery, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    acked.Add(TwentySignature.DeliveryKey(timestamp, body));
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return; // the host is gone: this delivery was not acknowledged
            }

            await Task.Delay(5, CancellationToken.None);
        }
    }

    /// <summary>Delivery i: six deals a round, each through the stage list (with repeats, so some keys are pushed once for two deliveries).</summary>
    private static string Event(int i)
    {
        var deal = $"00000000-0000-4000-8000-{(i % 6) + (6 * (i / (6 * Stages.Length))):000000000000}";
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["targetUrl"] = "http://127.0.0.1/webhooks/twenty",
            ["eventName"] = "opportunity.updated",
            ["objectMetadata"] = new { id = "5c3a0f9e-0000-4000-8000-000000000001", nameSingular = "opportunity" },
            ["workspaceId"] = "3b8e6458-5fc1-4e63-8563-008ccddaa6db",
            ["webhookId"] = "a1b2c3d4-0000-4000-8000-000000000002",
            ["eventDate"] = DateTimeOffset.UtcNow.ToString("O"),
            ["workspaceMemberId"] = "20202020-0687-4c41-b707-ed1bfca972a7",
            ["record"] = new Dictionary<string, object?>
            {
                ["id"] = deal,
                ["name"] = "Deal " + i,
                ["pipeline"] = "EXPORT_CLIENTS",
                ["exportClientsStage"] = Stages[i / 6 % Stages.Length],
                ["clientCode"] = "C00042",
            },
            ["updatedFields"] = new[] { "exportClientsStage" },
        });
    }

    private static string DealOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("record").GetProperty("id").GetString()!;

    private static string StageOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("record").GetProperty("exportClientsStage").GetString()!;

    private async Task DrainedAsync(Process host)
    {
        var waited = Stopwatch.StartNew();
        while (Rows("SELECT id FROM webhook_inbox WHERE status = 'received'").Count > 0)
        {
            host.HasExited.ShouldBeFalse("the host exited while draining");
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), "the inbox did not drain");
            await Task.Delay(50);
        }
    }

    private List<string[]> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? string.Empty : reader.GetString(i))]);
        }

        return rows;
    }
}
