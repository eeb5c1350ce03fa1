using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Infrastructure;
using Sodimo.Crm.Infrastructure.Tests.Sodiwin;
using Sodimo.Crm.SyncWorker.Sync;
using Sodimo.Crm.Testing;
using Sodimo.Crm.Tests.Shared;

namespace Sodimo.Crm.SyncWorker.Tests.Sync;

/// <summary>
/// The built worker, run as a child process against a TwentyEmulator served on loopback, is SIGKILLed in the middle of a
/// sync at a point chosen by what the emulator has committed (no timing luck): right after a batch landed, while a batch
/// is on the wire, and in the middle of the update phase. Then: the dead run's lease blocks a rerun until it expires, a
/// rerun after that finishes, Twenty holds exactly the dump (no duplicate, every change), and the reconciler resolves
/// the batch the dead run left pending, so no ledger row stays pending.
/// </summary>
public sealed class SyncKillTests : IAsyncLifetime, IAsyncDisposable
{
    private const int BatchSize = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly ProvisionedWorkspace _workspace = new("sodimo-sync-kill-");
    private ChildProcess? _worker;

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Sync", "Fixtures", "clients-200.csv");

    private string LedgerPath => _workspace.Config["Sodimo:Ledger:SqlitePath"]!;

    public async Task InitializeAsync()
    {
        await _workspace.ProvisionAsync();
        await _workspace.Emulator.StartAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        await _workspace.DisposeAsync();
    }

    /// <summary>The worker's settings: the loopback emulator, the ledger file, batches of 10, a 3-second lease.</summary>
    private Dictionary<string, string> Settings() => new()
    {
        ["Sodimo__Twenty__BaseUrl"] = _workspace.Emulator.BaseAddress.ToString().TrimEnd('/'),
        ["Sodimo__Twenty__ApiKey"] = "dev-key",
        ["Sodimo__Ledger__SqlitePath"] = LedgerPath,
        ["Sodimo__Sync__WriteBatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["Sodimo__Sync__LeaseDuration"] = "00:00:03",
    };

    private ChildProcess StartWorker(string source) =>
        _worker = WorkerProcess.Start(Settings(), "sync", "--source", source, "--report", Path.Combine(_workspace.Directory, $"report-{Guid.NewGuid():N}.json"));

    /// <summary>Kills the worker from inside the emulator's commit of the <paramref name="nth"/> company change of <paramref name="action"/>.</summary>
    private void KillAtChange(RecordChangeAction action, int nth)
    {
        var seen = 0;
        _workspace.Emulator.RecordChanged += (_, change) =>
        {
            if (change.ObjectNameSingular == "company" && change.Action == action && Interlocked.Increment(ref seen) == nth)
            {
                _worker!.Kill(); // the batch is committed in Twenty; its answer will never be read
            }
        };
    }

    private async Task<int> Killed(ChildProcess worker)
    {
        var exit = await worker.WaitForExitAsync(Patience);
        worker.Stdout.ShouldNotContain("outcome", customMessage: "the worker finished before it was killed");
        return exit;
    }

    private JsonObject[] Companies() =>
        _workspace.Emulator.GetRecords("company").Where(c => c["clientCode"] is not null).ToArray();

    private async Task<(string Owner, DateTimeOffset ExpiresAt)> SyncLease()
    {
        await using var connection = new SqliteConnection($"Data Source={LedgerPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT owner, expires_at FROM ledger_leases WHERE name = 'sodiwin-sync'";
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue("the killed run's lease is not in the ledger");
        return (reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

    private ServiceProvider Services(TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSodimoCrmInfrastructure(_workspace.Configuration());
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        _workspace.UseEmulator(services);
        return services.BuildServiceProvider();
    }

    private async Task<IReadOnlyList<LedgerEntry>> Entries()
    {
        await using var provider = Services();
        return await provider.GetRequiredService<IRunLedger>().QueryAsync(new LedgerQuery { ToolName = "sodiwin_sync", Limit = 1000 });
    }

    /// <summary>An in-process sync (the emulator in process), optionally on a fake clock.</summary>
    private async Task<(int Exit, string Out)> SyncInProcess(string source, TimeProvider? time = null, params string[] extra)
    {
        var command = new SyncCommand
        {
            Interactive = false,
            ConfigureServices = s =>
            {
                if (time is not null)
                {
                    s.AddSingleton(time);
                }

                _workspace.UseEmulator(s);
            },
        };
        var context = _workspace.Context(out var stdout, out _);
        var exit = await command.RunAsync(["--source", source, "--report", Path.Combine(_workspace.Directory, $"inproc-{Guid.NewGuid():N}.json"), .. extra],
            context, CancellationToken.None);
        return (exit, stdout.ToString());
    }

    /// <summary>
    /// What every scenario checks after the kill: the dead run's lease still blocks a run (on a clock just before it expires),
    /// then, once it has expired, a rerun of the worker finishes; Twenty holds exactly the dump; the reconciler resolves
    /// the dead run's pending batch; nothing stays pending.
    /// </summary>
    private async Task<(string RerunOut, ReconcileResult Resolved)> RerunAndResolve(string source, string killedRun)
    {
        var (owner, expiresAt) = await SyncLease();
        owner.ShouldBe(killedRun);
        _workspace.Emulator.Journal.Clear();
        var (blockedExit, blockedOut) = await SyncInProcess(source, new FakeTimeProvider(expiresAt.AddMilliseconds(-1)));
        blockedExit.ShouldBe(1);
        blockedOut.ShouldContain("Another sync holds the lease \"sodiwin-sync\"");
        _workspace.Emulator.Journal.Entries.ShouldBeEmpty();

        while (DateTimeOffset.UtcNow <= expiresAt)
        {
            await Task.Delay(100);
        }

        var rerun = StartWorker(source);
        var exit = await rerun.WaitForExitAsync(Patience);
        exit.ShouldBe(0, rerun.Stdout + rerun.Stderr);
        _workspace.Emulator.Journal.Entries.ShouldNotContain(e => e.Status >= 400);

        // Twenty holds exactly the dump: 200 companies, one per code, and a fresh plan has nothing to do.
        var companies = Companies();
        companies.Length.ShouldBe(200);
        companies.Select(c => c["clientCode"]!.GetValue<string>()).Distinct().Count().ShouldBe(200);
        var (planExit, plan) = await SyncInProcess(source, null, "--dry-run");
        planExit.ShouldBe(0);
        plan.ShouldContain("0 to create, 0 to update, 200 unchanged, 0 rejected");

        var pending = (await Entries()).Where(e => e.Status == LedgerStatus.Pending).ToArray();
        pending.ShouldHaveSingleItem().RunId.ShouldBe(killedRun);
        ReconcileResult resolved;
        await using (var provider = Services())
        {
            var reconciler = new MutationReconciler(
                provider.GetRequiredService<IRunLedger>(), provider.GetRequiredService<ITwentyCompanies>(), provider.GetRequiredService<ITwentyPeople>(),
                provider.GetRequiredService<ITwentyDeals>(), provider.GetRequiredService<ITwentyActivities>(), TimeProvider.System, provider);
            resolved = (await reconciler.ReconcileAsync(new ReconcileOptions { MinimumAge = TimeSpan.Zero })).Results.ShouldHaveSingleItem();
        }

        (await Entries()).ShouldNotContain(e => e.Status == LedgerStatus.Pending);
        return (rerun.Stdout, resolved);
    }

    [Fact]
    public async Task Kill_RightAfterABatchLanded_RerunCreatesTheRestAndTheBatchIsConfirmed()
    {
        KillAtChange(RecordChangeAction.Created, (2 * BatchSize) + 1); // inside the commit of the third batch
        var worker = StartWorker("csv:" + Fixture);

        (await Killed(worker)).ShouldBe(137); // 128 + SIGKILL

        Companies().Length.ShouldBe(3 * BatchSize);
        var entries = await Entries();
        entries.Select(e => e.Status).ShouldBe([LedgerStatus.Succeeded, LedgerStatus.Succeeded, LedgerStatus.Pending]);
        var killedRun = entries[0].RunId;

        var (rerun, resolved) = await RerunAndResolve("csv:" + Fixture, killedRun);

        rerun.ShouldContain("170 created, 0 updated, 30 unchanged, 0 rejected");
        _workspace.Emulator.Journal.For("POST", "/rest/batch/companies").Count.ShouldBe(17);
        resolved.Decision.ShouldBe(ReconcileDecision.Confirmed);
        var entry = (await Entries()).Single(e => e.Id == entries[2].Id);
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Records.Count.ShouldBe(BatchSize);
    }

    [Fact]
    public async Task Kill_WhileABatchIsOnTheWire_ItNeverLandsTheRerunCreatesItAndTheBatchIsNotApplied()
    {
        _workspace.Emulator.Faults.Add(new FaultRule(FaultKind.Delay, "/rest/batch/companies", "POST", times: 4) { Delay = TimeSpan.Zero });
        var onTheWire = _workspace.Emulator.Faults.Add(new FaultRule(FaultKind.Delay, "/rest/batch/companies", "POST") { Delay = TimeSpan.FromHours(1) });
        var worker = StartWorker("csv:" + Fixture);
        var deadline = DateTime.UtcNow + Patience;
        while (onTheWire.Applied == 0 && DateTime.UtcNow < deadline && !worker.HasExited)
        {
            await Task.Delay(20);
        }

        onTheWire.Applied.ShouldBe(1, worker.Stderr);
        worker.Kill(); // the fifth batch was sent and is held by Twenty; the worker dies before any answer

        (await Killed(worker)).ShouldBe(137);
        // Twenty sees the connection close and drops the held request: journaled with no answer, nothing written.
        deadline = DateTime.UtcNow + Patience;
        while (_workspace.Emulator.Journal.For("POST", "/rest/batch/companies").Count < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var dropped = _workspace.Emulator.Journal.For("POST", "/rest/batch/companies")[4];
        dropped.Status.ShouldBe(0);
        dropped.Fault.ShouldBe(FaultKind.Delay);
        Companies().Length.ShouldBe(4 * BatchSize);
        var entries = await Entries();
        entries.Select(e => e.Status).ShouldBe([.. Enumerable.Repeat(LedgerStatus.Succeeded, 4), LedgerStatus.Pending]);

        var (rerun, resolved) = await RerunAndResolve("csv:" + Fixture, entries[0].RunId);

        rerun.ShouldContain("160 created, 0 updated, 40 unchanged, 0 rejected");
        resolved.Decision.ShouldBe(ReconcileDecision.NotApplied);
        var entry = (await Entries()).Single(e => e.Id == entries[4].Id);
        entry.Status.ShouldBe(LedgerStatus.Failed);
        entry.Error.ShouldStartWith($"the batch was not applied: {BatchSize} of its {BatchSize} companies were created later by run sync-");
    }

    [Fact]
    public async Task Kill_InTheUpdatePhaseOfAStagingBatch_RerunAppliesEveryChange()
    {
        (await SyncInProcess("csv:" + Fixture)).Exit.ShouldBe(0);
        var rows = SodiwinStagingLoader.CellsOf(Fixture);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i][11] = string.Create(CultureInfo.InvariantCulture, $"-{i + 1}.000,01"); // SOLDE: every balance changes
        }

        await using (var connection = new SqliteConnection($"Data Source={LedgerPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await SodiwinStagingLoader.LoadAsync(connection, t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                "2026-11-28-nightly", DateTimeOffset.UtcNow, rows);
        }

        var before = (await Entries()).Count;
        KillAtChange(RecordChangeAction.Updated, (7 * BatchSize) + 5); // inside the commit of the eighth update batch
        var worker = StartWorker("sql");

        (await Killed(worker)).ShouldBe(137);
        var staged = rows.Select((r, i) => (Code: r[0]!, Micros: -(((i + 1) * 1_000_000_000L) + 10_000L))).ToDictionary(r => r.Code, r => r.Micros);
        Companies().Count(c => c["arBalance"]!["amountMicros"]!.GetValue<long>() == staged[c["clientCode"]!.GetValue<string>()]).ShouldBe(8 * BatchSize);
        var entries = (await Entries()).Skip(before).ToArray();
        entries.Select(e => e.Status).ShouldBe([.. Enumerable.Repeat(LedgerStatus.Succeeded, 7), LedgerStatus.Pending]);

        var (rerun, resolved) = await RerunAndResolve("sql", entries[0].RunId);

        rerun.ShouldContain("0 created, 120 updated, 80 unchanged, 0 rejected");
        resolved.Decision.ShouldBe(ReconcileDecision.Confirmed);
        Companies().ToDictionary(c => c["clientCode"]!.GetValue<string>(), c => c["arBalance"]!["amountMicros"]!.GetValue<long>()).ShouldBe(staged);
    }
}
