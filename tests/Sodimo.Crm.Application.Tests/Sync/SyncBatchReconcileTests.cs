using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Sodiwin;
using static Sodimo.Crm.Application.Tests.Sync.InMemorySodiwinSource;

namespace Sodimo.Crm.Application.Tests.Sync;

/// <summary>
/// The reconciler on <c>sodiwin_sync</c> batches left pending by a run that died mid-call: it checks Twenty (never
/// re-sends), only while holding the sync's lease, and tells a batch that landed from one that did not.
/// </summary>
public sealed class SyncBatchReconcileTests : IDisposable
{
    private static readonly ReconcileOptions Now = new() { MinimumAge = TimeSpan.Zero };
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 2, 30, 0, TimeSpan.Zero));
    private readonly FakeSyncTwenty _twenty = new();
    private readonly FakeRunLedger _ledger;
    private readonly FakeLeaseStore _leases;
    private readonly SodiwinSyncEngine _engine;
    private readonly ServiceProvider _services;
    private readonly MutationReconciler _reconciler;
    private int _runs;

    public SyncBatchReconcileTests()
    {
        _ledger = new FakeRunLedger([], _time);
        _leases = new FakeLeaseStore(_time);
        _engine = new SodiwinSyncEngine(_twenty, _ledger, _leases, _time);
        _services = new ServiceCollection().AddSingleton<ILeaseStore>(_leases).BuildServiceProvider();
        _reconciler = new MutationReconciler(_ledger, _twenty, null!, null!, null!, _time, _services);
    }

    public void Dispose() => _services.Dispose();

    private Task<SodiwinSyncReport> Run(IReadOnlyList<SodiwinClient> clients)
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        return _engine.RunAsync(new InMemorySodiwinSource(clients), new RunContext($"sync-{++_runs}", Actor.Sync, "nightly-sync"), dryRun: false);
    }

    private LedgerEntry Pending() => _ledger.Entries.Single(e => e.Status == LedgerStatus.Pending);

    [Fact]
    public async Task CreateBatchThatLanded_ThenRerun_IsConfirmedWithItsCompanies()
    {
        var clients = Clients(150);
        _twenty.After = (op, n) => op == "createMany" && n == 3 ? new TwentyOutcomeUnknownException("killed after sending") : null;
        (await Run(clients)).Outcome.ShouldBe(SyncOutcome.Failed);
        var pending = Pending();
        _twenty.After = (_, _) => null;
        (await Run(clients)).Plan.Creates.Count.ShouldBe(30);

        var report = await _reconciler.ReconcileAsync(Now);

        report.Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.Confirmed);
        var entry = (await _ledger.GetAsync(pending.Id))!;
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Records.Count.ShouldBe(60);
        entry.Records.ShouldAllBe(r => r.Action == RecordAction.Created && _twenty.Companies.ContainsKey(Guid.Parse(r.Id)));
        _ledger.Entries.ShouldNotContain(e => e.Status == LedgerStatus.Pending);
        _leases.Held.ShouldBeEmpty();
        _twenty.Count("createMany").ShouldBe(3); // checked, not re-sent
    }

    [Fact]
    public async Task CreateBatchThatNeverLanded_CreatedByTheRerun_IsRecordedAsNotApplied()
    {
        var clients = Clients(150);
        _twenty.Before = (op, n) => op == "createMany" && n == 3 ? new TwentyOutcomeUnknownException("killed before Twenty applied it") : null;
        (await Run(clients)).Outcome.ShouldBe(SyncOutcome.Failed);
        _twenty.Companies.Count.ShouldBe(60);
        var pending = Pending();
        _twenty.Before = (_, _) => null;
        (await Run(clients)).Plan.Creates.Count.ShouldBe(90);

        var result = (await _reconciler.ReconcileAsync(Now)).Results.ShouldHaveSingleItem();

        result.Decision.ShouldBe(ReconcileDecision.NotApplied);
        var entry = (await _ledger.GetAsync(pending.Id))!;
        entry.Status.ShouldBe(LedgerStatus.Failed);
        entry.Error.ShouldBe("the batch was not applied: 60 of its 60 companies were created later by run sync-2");
        _twenty.Companies.Count.ShouldBe(150);
    }

    [Fact]
    public async Task CreateBatchThatNeverLanded_NoRerunYet_IsNotAppliedAndNothingIsSent()
    {
        _twenty.Before = (op, n) => op == "createMany" && n == 2 ? new TwentyOutcomeUnknownException("killed") : null;
        await Run(Clients(10));
        var pending = Pending();
        var writes = _twenty.Writes.Count;

        (await _reconciler.ReconcileAsync(Now)).Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.NotApplied);

        (await _ledger.GetAsync(pending.Id))!.Error.ShouldBe("the batch was not applied: 10 of its 10 companies are not in Twenty (the next sync creates them)");
        _twenty.Writes.Count.ShouldBe(writes);
    }

    [Fact]
    public async Task UpdateBatch_LandedIsConfirmed_NotLandedIsNotApplied()
    {
        await Run(Clients(20));
        var changed = Clients(20).Select(c => c with { ArBalance = 7.25m }).ToArray();
        _twenty.After = (op, _) => op == "updateMany" ? new TwentyOutcomeUnknownException("killed after sending") : null;
        await Run(changed);
        var landed = Pending();
        (await _reconciler.ReconcileAsync(Now)).Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.Confirmed);
        (await _ledger.GetAsync(landed.Id))!.Status.ShouldBe(LedgerStatus.Succeeded);

        var again = changed.Select(c => c with { ArBalance = 9m }).ToArray();
        _twenty.After = (_, _) => null;
        _twenty.Before = (op, _) => op == "updateMany" ? new TwentyOutcomeUnknownException("killed before Twenty applied it") : null;
        await Run(again);
        var lost = Pending();

        (await _reconciler.ReconcileAsync(Now)).Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.NotApplied);
        (await _ledger.GetAsync(lost.Id))!.Error.ShouldBe(
            "not applied, or changed since: 20 of its 20 companies do not hold the batch's values (the next sync re-plans them)");
    }

    [Fact]
    public async Task PendingBatch_WhileASyncHoldsTheLease_IsLeftAlone()
    {
        _twenty.After = (op, _) => op == "createMany" ? new TwentyOutcomeUnknownException("killed") : null;
        await Run(Clients(10));
        var pending = Pending();
        (await _leases.TryAcquireAsync("sodiwin-sync", "sync-live", TimeSpan.FromMinutes(10))).ShouldNotBeNull();

        var result = (await _reconciler.ReconcileAsync(Now)).Results.ShouldHaveSingleItem();

        result.Decision.ShouldBe(ReconcileDecision.LeftPending);
        result.Detail.ShouldContain("a sync run holds the lease \"sodiwin-sync\"");
        (await _ledger.GetAsync(pending.Id))!.Status.ShouldBe(LedgerStatus.Pending);
        _leases.Held["sodiwin-sync"].Owner.ShouldBe("sync-live");
    }
}
