using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application;
using Sodimo.Crm.Application.ListDeals;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Infrastructure;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.Benchmarks;

/// <summary>
/// The SDK's own cost. Mutation: <see cref="UpsertContactCommand"/> updating an existing person's phone through the
/// mediator (validation, durable SQLite ledger row before the call, Twenty calls through the resilient client, outcome
/// written back) against the very same HTTP exchanges — captured from the emulator's journal of an SDK call — sent with
/// a bare <see cref="HttpClient"/>. Read: <see cref="ListDealsQuery"/> (20 deals) against the same GET sent bare and
/// deserialized into typed deals, as a hand-written client would (and, for reference, the GET with its body unparsed).
/// Both sides talk to one in-process <see cref="TwentyEmulator"/> (no sockets, rate limit off), so the difference is
/// the SDK. Figures in docs/benchmarks/sdk.md.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SdkConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SdkMutationBenchmarks : IDisposable
{
    private const string Email = "bench@example.com";
    // SODIMO_BENCH_LEDGER_DIR=/dev/shm puts the ledger on tmpfs, to separate fsync cost from the rest.
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(
        Environment.GetEnvironmentVariable("SODIMO_BENCH_LEDGER_DIR") ?? Path.GetTempPath(),
        "sodimo-bench-" + Guid.NewGuid().ToString("N"))).FullName;
    private TwentyEmulator _emulator = null!;
    private ServiceProvider _provider = null!;
    private IMediator _mediator = null!;
    private HttpClient _bare = null!;
    private (HttpMethod Method, string Url, string Body)[][] _mutationWire = [];
    private (HttpMethod Method, string Url, string Body)[] _readWire = [];
    private long _sequence;
    private long _calls;

    /// <summary>Emulator with one person and 20 deals, the SDK registered as a consumer would, the wire captured.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var options = new TwentyEmulatorOptions();
        options.RateLimit.Enabled = false;
        _emulator = new TwentyEmulator(options);
        _emulator.Seed("people", new JsonObject
        {
            ["name"] = new JsonObject { ["firstName"] = "Bench", ["lastName"] = "Mark" },
            ["emails"] = new JsonObject { ["primaryEmail"] = Email },
        });
        for (var i = 0; i < 20; i++)
            _emulator.Seed("opportunities", new JsonObject { ["name"] = $"Order {i}" });

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sodimo:Twenty:BaseUrl"] = "http://127.0.0.1:3000",
            ["Sodimo:Twenty:ApiKey"] = "dev-key",
            // The client's own call budget (100 a minute, like Twenty's bucket) would hold thousands of iterations.
            ["Sodimo:Twenty:RequestsPerMinute"] = "0",
            ["Sodimo:Ledger:SqlitePath"] = Path.Combine(_directory, "ledger.db"),
        }).Build();
        var services = new ServiceCollection();
        services.AddSodimoCrmApplication();
        services.AddSodimoCrmInfrastructure(configuration);
        services.AddHttpClient(TwentyServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _emulator.CreateHandler());
        _provider = services.BuildServiceProvider();
        _mediator = _provider.GetRequiredService<IMediator>();

        _bare = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1:3000/") };
        _bare.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-key");
        _bare.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // Capture what the SDK sends (two mutations, one per phone value, so the bare side alternates too).
        _mutationWire = new (HttpMethod, string, string)[2][];
        for (var i = 0; i < 2; i++)
        {
            _emulator.Journal.Clear();
            var result = SdkMutation().GetAwaiter().GetResult();
            if (result.Person != UpsertOutcome.Updated)
                throw new InvalidOperationException($"Expected an update, got {result.Person}.");
            _mutationWire[(_sequence - 1) % 2 == 0 ? 0 : 1] = Capture();
        }

        _emulator.Journal.Clear();
        var page = SdkRead().GetAwaiter().GetResult();
        if (page.Deals.Count != 20)
            throw new InvalidOperationException($"Expected 20 deals, got {page.Deals.Count}.");
        _readWire = Capture();
        if (BareRead().GetAwaiter().GetResult() != 20)
            throw new InvalidOperationException("The hand-written read did not find the 20 deals.");
        _emulator.Journal.Clear();
    }

    /// <summary>Disposes the clients and the emulator and deletes the ledger.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _bare.Dispose();
        _provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The captured mutation exchanges (find by e-mail, update) with a bare HttpClient.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Mutation")]
    public async Task<int> BareMutation()
    {
        var wire = _mutationWire[_sequence++ % 2];
        var bytes = 0;
        foreach (var (method, url, body) in wire)
            bytes += await SendBare(method, url, body);
        Trim();
        return bytes;
    }

    /// <summary>UpsertContact through the mediator: validation, ledger row, the same exchanges, ledger outcome.</summary>
    [Benchmark]
    [BenchmarkCategory("Mutation")]
    public async Task<UpsertContactResult> SdkMutation()
    {
        var n = _sequence++;
        var result = await _mediator.Send(new UpsertContactCommand
        {
            Run = new RunContext("bench", Actor.Ai, "benchmark"),
            IdempotencyKey = $"bench-{Environment.ProcessId}-{n}",
            MergePolicy = "all",
            Person = new ContactInput { Email = Email, Phone = n % 2 == 0 ? "+33 1 00 00 00 00" : "+33 1 11 11 11 11" },
        });
        Trim();
        return result;
    }

    /// <summary>
    /// What a hand-written client does for the same answer: the captured ListDeals GET with a bare HttpClient, its body
    /// deserialized (System.Text.Json) into typed deals with the fields <see cref="ListDealsResult"/> carries.
    /// </summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Read")]
    public async Task<int> BareRead()
    {
        var count = 0;
        foreach (var (method, url, _) in _readWire)
        {
            using var request = new HttpRequestMessage(method, url);
            using var response = await _bare.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            var page = await JsonSerializer.DeserializeAsync<BareDealPage>(stream, BareJson);
            count += page!.Data.Opportunities.Count;
        }

        Trim();
        return count;
    }

    /// <summary>The same GET with its body only read as bytes, not parsed: the transport and the emulator alone.</summary>
    [Benchmark]
    [BenchmarkCategory("Read")]
    public async Task<int> BareReadBytes()
    {
        var bytes = 0;
        foreach (var (method, url, body) in _readWire)
            bytes += await SendBare(method, url, body);
        Trim();
        return bytes;
    }

    /// <summary>ListDeals (20 deals) through the mediator.</summary>
    [Benchmark]
    [BenchmarkCategory("Read")]
    public async Task<ListDealsResult> SdkRead()
    {
        var result = await _mediator.Send(new ListDealsQuery { Limit = 20 });
        Trim();
        return result;
    }

    private static readonly JsonSerializerOptions BareJson = new(JsonSerializerDefaults.Web);

    private sealed record BareDealPage(BareDealData Data, BarePageInfo? PageInfo, int? TotalCount);

    private sealed record BareDealData(List<BareDeal> Opportunities);

    private sealed record BarePageInfo(bool HasNextPage, string? EndCursor);

    private sealed record BareMoney(long? AmountMicros, string? CurrencyCode);

    private sealed record BareDeal(
        Guid Id,
        string? Name,
        string? Pipeline,
        string? Stage,
        string? Health,
        BareMoney? Amount,
        string? ClientCode,
        string? SodiwinNumeroCommande,
        DateTimeOffset? StageEnteredAt,
        DateTimeOffset? CloseDate,
        Guid? CompanyId,
        Guid? PointOfContactId,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt);

    private async Task<int> SendBare(HttpMethod method, string url, string body)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body.Length > 0)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _bare.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsByteArrayAsync();
        return text.Length;
    }

    private (HttpMethod, string, string)[] Capture() => _emulator.Journal.Entries
        .Select(e => (new HttpMethod(e.Method), e.Path.TrimStart('/') + (e.Query.Length > 0 ? "?" + e.Query.TrimStart('?') : ""), e.Body))
        .ToArray();

    // The journal keeps every request; both sides clear it at the same pace so memory stays flat.
    private void Trim()
    {
        if (++_calls % 256 == 0)
            _emulator.Journal.Clear();
    }

    private sealed class SdkConfig : ManualConfig
    {
        public SdkConfig()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(25).WithIterationCount(15));
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
        }
    }
}
