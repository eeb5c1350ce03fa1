using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>
/// The built host in a child process, killed with SIGKILL while deliveries arrive: every delivery it
/// acknowledged with 2xx, and every ledger row it answered 201 for, is in the SQLite file afterwards.
/// </summary>
public sealed partial class WebhookApiCrashTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sodimo-webhook-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task KilledMidStream_EveryAcknowledgedDeliveryAndLedgerRowIsStored()
    {
        var database = Path.Combine(directory, "ledger.db");
        using var host = StartHost(database, out var port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilReadyAsync(client, host);

        var acked = new ConcurrentBag<string>();
        var rows = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var body = Encoding.UTF8.GetBytes($$$"""{"eventName":"company.updated","record":{"id":"w{{{worker}}}-{{{i}}}"}}""");
                    var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
                    using var delivery = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twenty") { Content = new ByteArrayContent(body) };
                    delivery.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                    delivery.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Timestamp", timestamp);
                    delivery.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Signature", TwentySignature.Sign(TwentyVectors.Secret, timestamp, body));
                    using var response = await client.SendAsync(delivery);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        acked.Add(TwentySignature.DeliveryKey(timestamp, body));
                    }

                    using var row = new HttpRequestMessage(HttpMethod.Post, "/ledger")
                    {
                        Content = new StringContent(
                            $$$"""{"runId":"wf","workflow":"w","toolName":"t","idempotencyKey":"w{{{worker}}}-{{{i}}}","target":{"object":"company"},"request":{}}""",
                            Encoding.UTF8,
                            "application/json"),
                    };
                    row.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebhookApiServer.Token);
                    using var recorded = await client.SendAsync(row);
                    if (recorded.StatusCode == HttpStatusCode.Created)
                    {
                        rows.Add($"workflow:w{worker}-{i}");
                    }
                }
                catch (HttpRequestException)
                {
                    return; // the host is gone
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        })).ToList();

        while (acked.Count < 20 && !host.HasExited)
        {
            await Task.Delay(10);
        }

        host.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
        await host.WaitForExitAsync();
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        acked.Count.ShouldBeGreaterThanOrEqualTo(20);
        var stored = Query(database, "SELECT delivery_key FROM webhook_inbox");
        acked.Except(stored).ShouldBeEmpty();
        rows.Except(Query(database, "SELECT idempotency_key FROM ledger_entries WHERE status = 'succeeded'")).ShouldBeEmpty();
        rows.ShouldNotBeEmpty();
    }

    internal static HashSet<string> Query(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new HashSet<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>
    /// Starts the built host over the SQLite ledger, with extra environment settings, on a port of 127.0.0.1 it picks
    /// itself (port 0) and reports on its standard output: a port chosen beforehand by the test could be taken by
    /// another test's server in between, and the test would then talk to that one.
    /// </summary>
    internal static Process StartHost(string database, out int port, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sodimo.Crm.WebhookApi.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Sodimo__Ledger__SqlitePath"] = database;
        start.Environment["Sodimo__Webhooks__Secrets__0"] = TwentyVectors.Secret;
        start.Environment["Sodimo__Webhooks__LedgerTokens__0"] = WebhookApiServer.Token;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information"; // "Now listening on: ..."
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && ListeningOn().Match(text) is { Success: true } match)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the webhook host exited at start"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new TimeoutException("the webhook host did not say which port it listens on");
        }

        port = listening.Task.Result;
        return process;
    }

    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningOn();

    internal static async Task WaitUntilReadyAsync(HttpClient client, Process host)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            host.HasExited.ShouldBeFalse("the webhook host exited at start");
            try
            {
                using var ready = await client.GetAsync("/readyz");
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the webhook host did not become ready");
    }
}
