using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Infrastructure.Ledger;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.SyncWorker.Cli;
using Sodimo.Crm.SyncWorker.Scheduling;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.SyncWorker.Tests.Scheduling;

/// <summary>The <c>run</c> command on a fake clock against a provisioned TwentyEmulator.</summary>
public sealed class RunCommandTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // 27 Nov 2026 03:10 in Paris (UTC+1).
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 2, 10, 0, TimeSpan.Zero);
    private readonly ProvisionedWorkspace _workspace = new("sodimo-run-");
    private readonly FakeTimeProvider _time = new(Start);
    private readonly SemaphoreSlim _waiting = new(0);
    private DateTimeOffset _nextDue;

    public RunCommandTests()
    {
        _workspace.Config["Sodimo:Schedule:SyncSource"] = "csv:" + Path.Combine(AppContext.BaseDirectory, "Sync", "Fixtures", "clients-200.csv");
        _workspace.Config["Sodimo:Schedule:ReportDirectory"] = _workspace.Directory;
        _workspace.Config["Sodimo:Schedule:Reconcile"] = "off";
    }

    public Task InitializeAsync() => _workspace.ProvisionAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        _waiting.Dispose();
        await _workspace.DisposeAsync();
    }

    private CliContext Context(out StringWriter stdout, out StringWriter stderr) => _workspace.Context(out stdout, out stderr);

    private RunCommand Command() => new()
    {
        Time = _time,
        HandleSigterm = false,
        Waiting = due =>
        {
            _nextDue = due;
            _waiting.Release();
        },
        ConfigureServices = s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            _workspace.UseEmulator(s);
        },
    };

    private async Task Idle() => (await _waiting.WaitAsync(Patience)).ShouldBeTrue("the run loop did not go back to waiting");

    private async Task<int> CompanyCount()
    {
        using var http = _workspace.Emulator.CreateClient();
        var body = await http.GetFromJsonAsync<JsonObject>("rest/companies?limit=1");
        return body!["totalCount"]!.GetValue<int>();
    }

    private static int Count(string text, string line) => text.Split('\n').Count(l => l.Contains(line, StringComparison.Ordinal));

    [Fact]
    public async Task Run_ClockPast0330_SyncsExactlyOnceAndHealthRunsHourly()
    {
        var context = Context(out var stdout, out var stderr);
        using var stop = new CancellationTokenSource();
        var run = Command().RunAsync([], context, stop.Token);

        await Idle();
        _nextDue.ShouldBe(new DateTimeOffset(2026, 11, 27, 2, 30, 0, TimeSpan.Zero)); // 03:30 Paris
        (await CompanyCount()).ShouldBe(0);

        _workspace.Emulator.Journal.Clear();
        _time.Advance(TimeSpan.FromMinutes(19)); // 03:29: nothing due

        _time.Advance(TimeSpan.FromMinutes(2)); // 03:31
        await Idle();
        (await CompanyCount()).ShouldBe(200);
        _workspace.Emulator.Journal.For("POST", "/rest/batch/companies").Count.ShouldBe(4);
        _nextDue.ShouldBe(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero)); // health at 04:00 Paris
        var output = stdout.ToString();
        Count(output, "2026-11-27T02:31:00Z run: sync start").ShouldBe(1, output); // not at 03:29
        Count(output, "run: sync start").ShouldBe(1, output);
        Count(output, "run: sync end: exit 0 (ok)").ShouldBe(1, output);
        Count(output, "run: health start").ShouldBe(0, output);

        _time.Advance(TimeSpan.FromMinutes(29)); // 04:00: health, not sync again
        await Idle();
        output = stdout.ToString();
        Count(output, "run: sync start").ShouldBe(1, output);
        Count(output, "run: health start").ShouldBe(1, output);
        Count(output, "run: health end: exit 0 (ok)").ShouldBe(1, output);
        _workspace.Emulator.Journal.For("POST", "/rest/batch/companies").Count.ShouldBe(4);

        _time.Advance(TimeSpan.FromHours(1)); // 05:00: health again
        await Idle();
        Count(stdout.ToString(), "run: health start").ShouldBe(2);
        Count(stdout.ToString(), "run: sync start").ShouldBe(1);

        await stop.CancelAsync();
        (await run.WaitAsync(Patience)).ShouldBe(0, stderr.ToString());
        stdout.ToString().ShouldContain("run: stopped");
        Directory.GetFiles(_workspace.Directory, "sync-*.json").Length.ShouldBe(1);
    }

    [Fact]
    public async Task Run_ReconcileEveryFiveMinutes_TakesAndReleasesItsLease()
    {
        _workspace.Config["Sodimo:Schedule:Sync"] = "off";
        _workspace.Config["Sodimo:Schedule:Health"] = "off";
        _workspace.Config["Sodimo:Schedule:Reconcile"] = "*/5 * * * *";
        var context = Context(out var stdout, out var stderr);
        using var stop = new CancellationTokenSource();
        var run = Command().RunAsync([], context, stop.Token);

        await Idle();
        _nextDue.ShouldBe(Start.AddMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(5));
        await Idle();
        _time.Advance(TimeSpan.FromMinutes(5));
        await Idle();

        var output = stdout.ToString();
        Count(output, "run: reconcile start").ShouldBe(2, output);
        Count(output, "run: reconcile end: 0 pending looked at").ShouldBe(2, output); // the second pass got the lease back
        await stop.CancelAsync();
        (await run.WaitAsync(Patience)).ShouldBe(0, stderr.ToString());
    }

    [Fact]
    public async Task Run_ReconcileLeaseHeldElsewhere_SkipsThePass()
    {
        _workspace.Config["Sodimo:Schedule:Sync"] = "off";
        _workspace.Config["Sodimo:Schedule:Health"] = "off";
        _workspace.Config["Sodimo:Schedule:Reconcile"] = "*/5 * * * *";
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSodimoLedger(_workspace.Configuration());
        await using var provider = services.BuildServiceProvider();
        var leases = provider.GetRequiredService<ILeaseStore>();
        (await leases.TryAcquireAsync(RunCommand.ReconcileLeaseName, "other-worker", TimeSpan.FromHours(1))).ShouldNotBeNull();
        var context = Context(out var stdout, out var stderr);
        using var stop = new CancellationTokenSource();
        var run = Command().RunAsync([], context, stop.Token);

        await Idle();
        _time.Advance(TimeSpan.FromMinutes(5));
        await Idle();

        stdout.ToString().ShouldContain("run: reconcile end: skipped: another reconciler holds the lease \"mutation-reconcile\"");
        (await leases.ReleaseAsync(RunCommand.ReconcileLeaseName, "other-worker")).ShouldBeTrue(); // still the other owner's
        await stop.CancelAsync();
        (await run.WaitAsync(Patience)).ShouldBe(0, stderr.ToString());
    }

    [Theory]
    [InlineData("Sync", "61 3 * * *")]
    [InlineData("Health", "every hour")]
    public async Task Run_BadCron_OneClearLineAndExit1(string key, string cron)
    {
        _workspace.Config["Sodimo:Schedule:" + key] = cron;
        var context = Context(out var stdout, out var stderr);

        var exit = await CommandDispatcher.Default.RunAsync(["run"], context, CancellationToken.None);

        exit.ShouldBe(1);
        stdout.ToString().ShouldBeEmpty();
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1);
        lines[0].ShouldStartWith($"run: bad configuration: Sodimo:Schedule:{key} \"{cron}\" is not a five-field cron expression");
        _workspace.Emulator.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_SyncSourceSql_SyncsTheStagingBatchAt0330()
    {
        _workspace.Config["Sodimo:Schedule:SyncSource"] = "sql";
        _workspace.Config["Sodimo:Schedule:Health"] = "off";
        var services = new ServiceCollection();
        services.AddSodimoLedger(_workspace.Configuration());
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.GetRequiredService<IRunLedger>().QueryAsync(new LedgerQuery { Limit = 1 }); // creates the schema
        }

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_workspace.Config["Sodimo:Ledger:SqlitePath"]};Pooling=False"))
        {
            await connection.OpenAsync();
            await Sodimo.Crm.Infrastructure.Tests.Sodiwin.SodiwinStagingLoader.LoadAsync(
                connection, t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), "nightly", Start,
                Sodimo.Crm.Infrastructure.Tests.Sodiwin.SodiwinStagingLoader.CellsOf(Path.Combine(AppContext.BaseDirectory, "Sync", "Fixtures", "clients-200.csv")));
        }

        var context = Context(out var stdout, out var stderr);
        using var stop = new CancellationTokenSource();
        var run = Command().RunAsync([], context, stop.Token);

        await Idle();
        _time.Advance(TimeSpan.FromMinutes(21)); // 03:31 Paris
        await Idle();

        (await CompanyCount()).ShouldBe(200);
        Count(stdout.ToString(), "run: sync end: exit 0 (ok)").ShouldBe(1, stdout.ToString());
        await stop.CancelAsync();
        (await run.WaitAsync(Patience)).ShouldBe(0, stderr.ToString());
        var report = Directory.GetFiles(_workspace.Directory, "sync-*.json").ShouldHaveSingleItem();
        JsonNode.Parse(await File.ReadAllTextAsync(report))!["batch"]!.GetValue<string>().ShouldBe("nightly");
    }

    [Fact]
    public async Task Run_UnknownSyncSource_SaysSoAndExits1()
    {
        _workspace.Config["Sodimo:Schedule:SyncSource"] = "ftp:/data/clients.csv";
        var context = Context(out _, out var stderr);

        var exit = await CommandDispatcher.Default.RunAsync(["run"], context, CancellationToken.None);

        exit.ShouldBe(1);
        stderr.ToString().Trim().ShouldBe(
            "run: bad configuration: Sodimo:Schedule:SyncSource \"ftp:/data/clients.csv\" is not a sync source: csv:PATH (a dump file) or sql (the ETL's staging table in the ledger database).");
        _workspace.Emulator.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_NoSyncSource_SaysSoAndExits1()
    {
        _workspace.Config.Remove("Sodimo:Schedule:SyncSource");
        var context = Context(out _, out var stderr);

        var exit = await CommandDispatcher.Default.RunAsync(["run"], context, CancellationToken.None);

        exit.ShouldBe(1);
        stderr.ToString().Trim().ShouldBe(
            "run: bad configuration: Sodimo:Schedule:SyncSource is required for the nightly sync (csv:PATH or sql), or set Sodimo:Schedule:Sync to \"off\".");
    }
}
