using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.Benchmarks;

/// <summary>
/// TwentyEmulator throughput: 10,000 people created in batches of 60 through REST, then read back page by page
/// (limit 200, cursor pagination). Baseline: the same records put in with Seed and read with GetRecords (no HTTP).
/// Run: build/bench/run.sh --filter '*EmulatorBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class EmulatorBenchmarks
{
    private const int Records = 10_000;
    private const int Batch = 60;
    private JsonArray[] _batches = [];

    [GlobalSetup]
    public void Setup()
    {
        _batches = Enumerable.Range(0, (Records + Batch - 1) / Batch)
            .Select(b => new JsonArray(Enumerable.Range(b * Batch, Math.Min(Batch, Records - (b * Batch)))
                .Select(i => (JsonNode)new JsonObject
                {
                    ["name"] = new JsonObject { ["firstName"] = "First" + i, ["lastName"] = "Last" + i },
                    ["emails"] = new JsonObject { ["primaryEmail"] = $"person{i}@bench.test" },
                    ["city"] = i % 2 == 0 ? "Paris" : "Lyon",
                }).ToArray()))
            .ToArray();
    }

    private static TwentyEmulatorOptions Options()
    {
        var o = new TwentyEmulatorOptions();
        o.RateLimit.Enabled = false;
        return o;
    }

    [Benchmark(Baseline = true, Description = "Seed + GetRecords (no HTTP)")]
    public async Task<int> SeedDirect()
    {
        await using var emulator = new TwentyEmulator(Options());
        foreach (var batch in _batches)
        {
            emulator.Seed("people", batch.Select(n => (JsonObject)n!.DeepClone()).ToArray());
        }

        return emulator.GetRecords("people").Count;
    }

    [Benchmark(Description = "REST in process: 10k creates (batches of 60) + paginated read")]
    public async Task<int> RestInProcess()
    {
        await using var emulator = new TwentyEmulator(Options());
        using var client = emulator.CreateClient();
        return await CreateAndReadAsync(client);
    }

    [Benchmark(Description = "REST over loopback Kestrel: same workload")]
    public async Task<int> RestLoopback()
    {
        await using var emulator = new TwentyEmulator(Options());
        await emulator.StartAsync();
        using var client = new HttpClient { BaseAddress = emulator.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "dev-key");
        return await CreateAndReadAsync(client);
    }

    private async Task<int> CreateAndReadAsync(HttpClient client)
    {
        foreach (var batch in _batches)
        {
            using var response = await client.PostAsync("rest/batch/people",
                new StringContent(batch.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        var count = 0;
        string? cursor = null;
        while (true)
        {
            var url = "rest/people?limit=200" + (cursor is null ? "" : "&starting_after=" + Uri.EscapeDataString(cursor));
            var page = await client.GetFromJsonAsync<JsonObject>(url);
            count += page!["data"]!["people"]!.AsArray().Count;
            if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>()) break;
            cursor = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }

        if (count != Records) throw new InvalidOperationException($"Read {count} records, expected {Records}.");
        return count;
    }
}
