using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Domain.Sodiwin;
using Sodimo.Crm.Infrastructure;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.Infrastructure.Twenty.Metadata;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.Benchmarks;

/// <summary>
/// Cost of a nightly sync in Twenty calls: 10,000 companies already in a provisioned TwentyEmulator, a dump in which
/// 5% of them changed, the real Twenty client and SQLite ledger, the emulator's default rate limits (100 per second and
/// per minute) on. Each run prints the calls made (429s included) next to the lower bound and a naive sync's 2 × 10,000.
/// Figures in docs/benchmarks/sync.md.
/// </summary>
[Config(typeof(SingleRunConfig))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class SyncCallCountBenchmarks
{
    private const int Companies = 10_000;
    private const int Changed = Companies / 20;
    private readonly string _directory = Directory.CreateTempSubdirectory("sodimo-sync-bench-").FullName;
    private TwentyEmulator _emulator = null!;
    private ServiceProvider _services = null!;
    private SodiwinSyncEngine _engine = null!;
    private SodiwinClient[] _clients = [];
    private int _round;

    /// <summary>Provisions the emulator and seeds the 10,000 companies with a first sync (rate limit off meanwhile).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var options = new TwentyEmulatorOptions();
        _emulator = new TwentyEmulator(options);
        options.RateLimit.Enabled = false;
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sodimo:Twenty:BaseUrl"] = "http://localhost",
            ["Sodimo:Twenty:ApiKey"] = "dev-key",
            ["Sodimo:Ledger:SqlitePath"] = Path.Combine(_directory, "ledger.db"),
        }).Build();
        var services = new ServiceCollection();
        services.AddSodimoCrmInfrastructure(config);
        services.AddHttpClient(TwentyServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _emulator.CreateHandler());
        _services = services.BuildServiceProvider();
        _engine = new SodiwinSyncEngine(
            _services.GetRequiredService<ITwentyCompanies>(), _services.GetRequiredService<IRunLedger>(),
            _services.GetRequiredService<ILeaseStore>(), TimeProvider.System);

        using var http = new HttpClient(_emulator.CreateHandler());
        var provisioner = new WorkspaceProvisioner(
            new TwentyMetadataClient(http, new TwentyMetadataOptions { BaseUrl = new Uri("http://localhost"), ApiKey = "dev-key" }),
            SodimoSchema.Current, webhook: null);
        var plan = provisioner.PlanAsync().GetAwaiter().GetResult();
        provisioner.ApplyAsync(plan, _ => { }).GetAwaiter().GetResult();

        _clients = Enumerable.Range(0, Companies).Select(i => new SodiwinClient
        {
            LineNumber = i + 2,
            ClientCode = $"C{100000 + i}",
            Name = $"Client {i}",
            Category = "CAVISTE",
            AccountType = "CLIENT",
            AddressCity = "Paris",
            ArBalance = 1000m + i,
            ArAgingBucket = "0-30",
            LastOrderDate = new DateOnly(2026, 4, 3),
            LastOrderTopSkus = ["VR0001", "VB0002"],
        }).ToArray();
        var seed = Run(_clients, "seed");
        if (seed.Created != Companies)
        {
            throw new InvalidOperationException($"Seeding created {seed.Created} companies: {seed.Error}");
        }

        options.RateLimit.Enabled = true;
    }

    /// <summary>Cleans up.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A nightly run: 5% of the companies have a new balance.</summary>
    /// <returns>The Twenty calls made.</returns>
    [Benchmark]
    public int NightlySync()
    {
        _round++;
        var changed = _clients.Select((c, i) => i % 20 == _round % 20 ? c with { ArBalance = c.ArBalance + _round } : c).ToArray();
        var before = _emulator.Journal.Entries.Count(e => e.Path.StartsWith("/rest/", StringComparison.Ordinal));
        var report = Run(changed, "nightly-" + _round);
        var calls = _emulator.Journal.Entries.Count(e => e.Path.StartsWith("/rest/", StringComparison.Ordinal)) - before;
        var throttled = _emulator.Journal.Entries.Skip(before).Count(e => e.Status == 429);
        _clients = changed;
        if (report.Updated != Changed)
        {
            throw new InvalidOperationException($"Expected {Changed} updates, got {report.Updated}: {report.Error}");
        }

        Console.WriteLine(
            $"// sync-calls: companies={Companies} changed={Changed} calls={calls} (reads={report.ReadCalls} writes={report.WriteCalls} "
            + $"429s={throttled}) lowerBound={report.LowerBoundCalls} naive={2 * Companies}");
        return calls;
    }

    private SodiwinSyncReport Run(SodiwinClient[] clients, string run) =>
        _engine.RunAsync(new Source(clients), new RunContext(run, Actor.Sync, "bench"), dryRun: false).GetAwaiter().GetResult();

    private sealed class Source(SodiwinClient[] clients) : ISodiwinClientSource
    {
        public string Name => "bench";

        public Task<SodiwinDump> ReadAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new SodiwinDump { Source = Name, Clients = clients, Errors = [], RecordCount = clients.Length });
    }

    /// <summary>In process, cold: one warm-up-free measured run per iteration, two iterations.</summary>
    private sealed class SingleRunConfig : ManualConfig
    {
        // Seeding 10,000 companies through the emulator takes minutes on a loaded machine: allow 15.
        public SingleRunConfig() => AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(15), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(0)
            .WithIterationCount(2)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}
