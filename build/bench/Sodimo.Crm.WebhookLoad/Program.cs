using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

// Webhook host under load. For each run: starts the host (a published Sodimo.Crm.WebhookApi.dll) on 127.0.0.1
// with an SQLite ledger in a fresh temp directory, pre-signs distinct Twenty deliveries (API-FACTS §7.3), then
// drives GET /healthz (the baseline) and POST /webhooks/twenty over many keep-alive HTTP/1.1 connections from raw
// sockets (requests are pre-built bytes, so the generator costs little), measuring throughput and latency.
// Prints each run and the median of the runs. Usage: see Options.Usage.
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
ThreadPool.SetMinThreads(Math.Max(8, Environment.ProcessorCount * 2), 8);

Console.WriteLine($"webhook load: {options.Connections} connections, {options.Warmup:g} s warm-up + {options.Seconds:g} s per phase, "
    + $"{options.Runs} run(s), {Environment.ProcessorCount} cores shared by host and generator");
var runs = new List<RunResult>();
for (var run = 1; run <= options.Runs; run++)
{
    var result = await Bench.RunOnceAsync(options);
    runs.Add(result);
    Console.WriteLine($"run {run}: {result.Healthz.Format("healthz")}");
    Console.WriteLine($"       {result.Webhook.Format("webhook")}");
    Console.WriteLine($"       load average {result.LoadBefore:0.00} -> {result.LoadAfter:0.00}");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

var summary = new StringBuilder();
summary.AppendLine($"median of {runs.Count} run(s), {options.Connections} connections, {options.Seconds:g} s per phase:");
foreach (var (name, pick) in new (string, Func<RunResult, PhaseResult>)[] { ("healthz", r => r.Healthz), ("webhook", r => r.Webhook) })
{
    summary.AppendLine(
        $"  {name,-8} {Median(runs.Select(r => pick(r).PerSecond)),8:0}/s  p50 {Median(runs.Select(r => pick(r).P50)),6:0.00} ms  "
        + $"p99 {Median(runs.Select(r => pick(r).P99)),6:0.00} ms  host cpu {Median(runs.Select(r => pick(r).HostCpu)),4:0.00} cores  "
        + $"generator cpu {Median(runs.Select(r => pick(r).GeneratorCpu)),4:0.00} cores");
}

summary.AppendLine($"  webhook/healthz throughput ratio {Median(runs.Select(r => r.Webhook.PerSecond / r.Healthz.PerSecond)):0.00}");
summary.Append($"  load average (1 min) before runs {Median(runs.Select(r => r.LoadBefore)):0.00}, after {Median(runs.Select(r => r.LoadAfter)):0.00}");
Console.WriteLine(summary);
return runs.All(r => r.Webhook.Errors == 0 && r.Healthz.Errors == 0) ? 0 : 1;

internal sealed record Options(
    string HostDll, int Connections, double Seconds, double Warmup, int Runs, int Deliveries, string Secret, IReadOnlyList<string> HostSettings)
{
    public const string Usage =
        "usage: Sodimo.Crm.WebhookLoad --host-dll <Sodimo.Crm.WebhookApi.dll> [--connections 64] [--seconds 10] [--warmup 2] [--runs 3]\n"
        + "                            [--deliveries 200000] [--setting Key=Value ...]   (settings go to the host as environment variables)";

    public static Options? Parse(string[] args)
    {
        string? dll = null;
        int connections = 64, runs = 3, deliveries = 200_000;
        double seconds = 10, warmup = 2;
        var settings = new List<string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--host-dll": dll = value; break;
                case "--connections": connections = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--deliveries": deliveries = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--setting": settings.Add(value); break;
                default: return null;
            }
        }

        return dll is null || args.Length % 2 != 0 || connections < 1 || runs < 1 || seconds <= 0
            ? null
            : new Options(Path.GetFullPath(dll), connections, seconds, warmup, runs, deliveries, "bench-secret-" + string.Concat(Enumerable.Repeat("0123456789abcdef", 4)), settings);
    }
}

internal sealed record PhaseResult(long Ok, long Errors, long Replays, double PerSecond, double P50, double P99, double Max, double HostCpu, double GeneratorCpu, string Statuses)
{
    public string Format(string name) =>
        $"{name} {PerSecond,8:0}/s  p50 {P50,6:0.00} ms  p99 {P99,6:0.00} ms  max {Max,7:0.0} ms  ok {Ok}  errors {Errors}"
        + (Replays > 0 ? $"  replays {Replays}" : string.Empty) + $"  host cpu {HostCpu:0.00}  generator cpu {GeneratorCpu:0.00} cores  [{Statuses}]";
}

internal sealed record RunResult(PhaseResult Healthz, PhaseResult Webhook, double LoadBefore, double LoadAfter);

internal static class Bench
{
    public static async Task<RunResult> RunOnceAsync(Options options)
    {
        var directory = Directory.CreateTempSubdirectory("sodimo-webhook-load-").FullName;
        var port = FreePort();
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        using var host = StartHost(options, directory, port);
        try
        {
            await WaitReadyAsync(endpoint, host);
            var loadBefore = LoadAverage();
            var deliveries = Deliveries.Sign(options.Secret, port, options.Deliveries);
            var healthz = new[] { Encoding.ASCII.GetBytes($"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n") };

            await DriveAsync(endpoint, host, options.Connections, options.Warmup, new RequestSource(healthz), 200);
            var webhookSource = new RequestSource(deliveries);
            await DriveAsync(endpoint, host, options.Connections, options.Warmup, webhookSource, 202);
            var healthzResult = await DriveAsync(endpoint, host, options.Connections, options.Seconds, new RequestSource(healthz), 200);
            var webhookResult = await DriveAsync(endpoint, host, options.Connections, options.Seconds, webhookSource, 202);
            return new RunResult(healthzResult, webhookResult, loadBefore, LoadAverage());
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static Process StartHost(Options options, string directory, int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(options.HostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Sodimo__Ledger__SqlitePath"] = Path.Combine(directory, "ledger.db");
        start.Environment["Sodimo__Webhooks__Secrets__0"] = options.Secret;
        foreach (var setting in options.HostSettings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            start.Environment[setting[..equals].Replace(":", "__", StringComparison.Ordinal)] = setting[(equals + 1)..];
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the host did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine("host: " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(IPEndPoint endpoint, Process host)
    {
        var ready = Encoding.ASCII.GetBytes($"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1:{endpoint.Port}\r\n\r\n");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"the host exited at start (code {host.ExitCode})");
            }

            try
            {
                await using var connection = await HttpConnection.OpenAsync(endpoint);
                if (await connection.SendAsync(ready) == 200)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the host did not become ready");
    }

    private static async Task<PhaseResult> DriveAsync(IPEndPoint endpoint, Process host, int connections, double seconds, RequestSource source, int expected)
    {
        var connectionsOpen = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => HttpConnection.OpenAsync(endpoint)));
        var self = Process.GetCurrentProcess();
        host.Refresh();
        var hostCpu = host.TotalProcessorTime;
        var generatorCpu = self.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(seconds * Stopwatch.Frequency);
        var workers = connectionsOpen.Select(connection => Task.Run(async () =>
        {
            var latencies = new List<long>(1 << 16);
            var statuses = new Dictionary<int, long>();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var request = source.Next();
                var t0 = Stopwatch.GetTimestamp();
                var status = await connection.SendAsync(request);
                latencies.Add(Stopwatch.GetTimestamp() - t0);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }

            return (latencies, statuses);
        })).ToList();
        var results = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        host.Refresh();
        self.Refresh();
        var hostCpuUsed = (host.TotalProcessorTime - hostCpu).TotalSeconds / elapsed;
        var generatorCpuUsed = (self.TotalProcessorTime - generatorCpu).TotalSeconds / elapsed;
        foreach (var connection in connectionsOpen)
        {
            await connection.DisposeAsync();
        }

        var all = results.SelectMany(r => r.latencies).ToArray();
        Array.Sort(all);
        var statusCounts = results.SelectMany(r => r.statuses).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        var ok = statusCounts.GetValueOrDefault(expected);
        double Quantile(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new PhaseResult(
            ok,
            all.Length - ok,
            source.Wrapped,
            ok / elapsed,
            Quantile(0.50),
            Quantile(0.99),
            Quantile(1.0),
            hostCpuUsed,
            generatorCpuUsed,
            string.Join(", ", statusCounts.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
    }

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Hands out the pre-built requests in order, each once; past the end it starts again (a replay, counted).</summary>
internal sealed class RequestSource(byte[][] requests)
{
    private long next = -1;

    public long Wrapped => requests.Length > 1 ? Math.Max(0, Interlocked.Read(ref next) + 1 - requests.Length) : 0;

    public byte[] Next() => requests[(int)(Interlocked.Increment(ref next) % requests.Length)];
}

/// <summary>Distinct Twenty deliveries, signed as Twenty signs them (API-FACTS §7.3), as complete HTTP/1.1 requests.</summary>
internal static class Deliveries
{
    public static byte[][] Sign(string secret, int port, int count)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var eventDate = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var requests = new byte[count][];
        Parallel.For(0, count, i =>
        {
            // The shape and size of a real opportunity.updated (keys in Twenty's order, no spaces); a new record id each.
            var body = Encoding.UTF8.GetBytes(
                "{\"targetUrl\":\"https://sodimo.example/webhooks/twenty\",\"eventName\":\"opportunity.updated\","
                + "\"objectMetadata\":{\"id\":\"0f5f4bd6-6c2b-4d5a-9a63-6f3b8a1f2c11\",\"nameSingular\":\"opportunity\"},"
                + "\"workspaceId\":\"20202020-1c25-4d02-bf25-6aeccf7ea419\",\"webhookId\":\"7d0c2f8e-9b1a-4c3d-8e5f-1a2b3c4d5e6f\","
                + $"\"eventDate\":\"{eventDate}\",\"workspaceMemberId\":\"a1b2c3d4-0000-4000-8000-000000000001\","
                + $"\"record\":{{\"id\":\"{Guid.NewGuid():D}\",\"name\":\"Renouvellement parc {i}\",\"stage\":\"EXPORT_CLIENTS\","
                + "\"amount\":{\"amountMicros\":125000000000,\"currencyCode\":\"EUR\"}},\"updatedFields\":[\"stage\"]}");
            var signed = new byte[timestamp.Length + 1 + body.Length];
            Encoding.ASCII.GetBytes(timestamp + ":", signed);
            body.CopyTo(signed, timestamp.Length + 1);
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
            var head = Encoding.ASCII.GetBytes(
                $"POST /webhooks/twenty HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                + $"Content-Length: {body.Length}\r\nX-Twenty-Webhook-Timestamp: {timestamp}\r\n"
                + $"X-Twenty-Webhook-Signature: {signature}\r\nX-Twenty-Webhook-Nonce: {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}\r\n\r\n");
            requests[i] = [.. head, .. body];
        });
        return requests;
    }
}

/// <summary>One keep-alive HTTP/1.1 connection: sends a pre-built request, reads the status and the whole response.</summary>
internal sealed class HttpConnection : IAsyncDisposable
{
    private readonly Socket socket;
    private byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    private HttpConnection(Socket socket) => this.socket = socket;

    public static async Task<HttpConnection> OpenAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint);
            return new HttpConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Sends the request and returns the response's status code once its body has been read.</summary>
    public async Task<int> SendAsync(byte[] request)
    {
        for (var sent = 0; sent < request.Length;)
        {
            sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None);
        }

        var headerEnd = await FindAsync("\r\n\r\n"u8.ToArray());
        var status = ((buffer[start + 9] - '0') * 100) + ((buffer[start + 10] - '0') * 10) + (buffer[start + 11] - '0');
        var headers = Encoding.ASCII.GetString(buffer, start, headerEnd - start);
        start = headerEnd + 4;
        long length = 0;
        var chunked = false;
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(line.AsSpan(15).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("transfer-encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }

        if (!chunked)
        {
            await SkipAsync(length);
            return status;
        }

        while (true)
        {
            var lineEnd = await FindAsync("\r\n"u8.ToArray());
            var sizeText = Encoding.ASCII.GetString(buffer, start, lineEnd - start).Split(';')[0];
            start = lineEnd + 2;
            var size = long.Parse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                start = await FindAsync("\r\n"u8.ToArray()) + 2; // no trailers
                return status;
            }

            await SkipAsync(size + 2);
        }
    }

    private async Task<int> FindAsync(byte[] marker)
    {
        var searched = start;
        while (true)
        {
            var at = buffer.AsSpan(searched, end - searched).IndexOf(marker);
            if (at >= 0)
            {
                return searched + at;
            }

            searched = Math.Max(start, end - marker.Length + 1);
            var shift = start;
            await ReceiveAsync();
            searched -= shift - start;
        }
    }

    private async Task SkipAsync(long count)
    {
        while (end - start < count)
        {
            count -= end - start;
            start = end;
            await ReceiveAsync();
        }

        start += (int)count;
    }

    /// <summary>Reads more bytes, after moving what is unread to the front (and growing the buffer if it is full).</summary>
    private async Task ReceiveAsync()
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("the host closed the connection");
        }

        end += read;
    }
}
