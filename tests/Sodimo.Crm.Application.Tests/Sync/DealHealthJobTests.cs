using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Tests.Sync;

public sealed class DealHealthJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeHealthDeals _deals = new();
    private readonly FakeRunLedger _ledger;
    private readonly FakeLeaseStore _leases;
    private readonly DealHealthJob _job;

    public DealHealthJobTests()
    {
        _ledger = new FakeRunLedger([], _time);
        _leases = new FakeLeaseStore(_time);
        _job = new DealHealthJob(_deals, _ledger, _leases, _time);
    }

    private static RunContext Run(string id = "health-1") => new(id, Actor.Workflow, "deal-health");

    [Fact]
    public async Task RunAsync_DealsOfKnownAges_WritesOnlyChangedHealthsThroughTheLedger()
    {
        // Export Clients thresholds: Payment 3 days, Order received 1 day (red past 2× by default).
        var fresh = _deals.Add("Export Clients", "Payment", Now.AddDays(-1), DealHealth.Green);
        var late = _deals.Add("Export Clients", "Payment", Now.AddDays(-4), DealHealth.Green);
        var veryLate = _deals.Add("Export Clients", "Order received", Now.AddDays(-3), DealHealth.Yellow);
        var unset = _deals.Add("Export Clients", "Proforma Sent", Now.AddHours(-2), null);
        var noThreshold = _deals.Add("New Leads - Wine", "Qualification", Now.AddDays(-300), DealHealth.Green);
        var noEntry = _deals.Add("Export Clients", "Payment", null, null);

        var report = await _job.RunAsync(Run(), dryRun: false);

        report.Outcome.ShouldBe(SyncOutcome.Succeeded);
        report.DealsRead.ShouldBe(6);
        report.Evaluated.ShouldBe(5);
        report.Skipped.ShouldBe(1);
        report.Changes.Select(c => (c.DealId, c.Old, c.New)).ShouldBe(
        [
            (late.Id, DealHealth.Green, DealHealth.Yellow),
            (veryLate.Id, DealHealth.Yellow, DealHealth.Red),
            (unset.Id, (DealHealth?)null, DealHealth.Green),
        ]);
        _deals.Deals.Single(d => d.Id == late.Id).Health.ShouldBe(DealHealth.Yellow);
        _deals.Deals.Single(d => d.Id == fresh.Id).Health.ShouldBe(DealHealth.Green);
        _deals.Deals.Single(d => d.Id == noThreshold.Id).Health.ShouldBe(DealHealth.Green);
        _deals.Deals.Single(d => d.Id == noEntry.Id).Health.ShouldBeNull();
        _deals.Calls.ShouldBe(["list", "updateMany"]);
        var entry = _ledger.Single();
        entry.Actor.ShouldBe(Actor.Workflow);
        entry.RunId.ShouldBe("health-1");
        entry.ToolName.ShouldBe(DealHealthJob.Tool);
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Records.Count.ShouldBe(3);
        entry.RequestJson.ShouldContain("\"health\":{\"old\":\"GREEN\",\"new\":\"YELLOW\"}");
    }

    [Fact]
    public async Task RunAsync_ClockMovesOn_NextRunWritesOnlyTheDealsThatCrossedAThreshold()
    {
        _deals.Add("Export Clients", "Payment", Now.AddDays(-1), null);
        _deals.Add("Export Clients", "Waiting for delivery", Now.AddDays(-1), null);
        (await _job.RunAsync(Run("health-1"), false)).Changes.Count.ShouldBe(2);

        var same = await _job.RunAsync(Run("health-2"), false);
        same.Changes.ShouldBeEmpty();
        same.WriteCalls.ShouldBe(0);

        _time.Advance(TimeSpan.FromDays(2.5)); // Payment (3 days) is now late; Waiting for delivery (5 days) is not.
        var later = await _job.RunAsync(Run("health-3"), false);

        later.Changes.Select(c => (c.Stage, c.New)).ShouldBe([("Payment", DealHealth.Yellow)]);
        _ledger.Entries.Count.ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_ManyDeals_ReadsPagesAndWritesBatchesOf60()
    {
        _deals.PageSize = 200;
        for (var i = 0; i < 450; i++)
        {
            _deals.Add("Export Clients", "Payment", Now.AddDays(-10), DealHealth.Green);
        }

        var report = await _job.RunAsync(Run(), false);

        report.ReadCalls.ShouldBe(3);
        report.WriteCalls.ShouldBe(8);
        report.Written.ShouldBe(450);
        _deals.Deals.ShouldAllBe(d => d.Health == DealHealth.Red);
    }

    [Fact]
    public async Task RunAsync_DryRun_WritesNothing()
    {
        _deals.Add("Export Clients", "Payment", Now.AddDays(-10), DealHealth.Green);

        var report = await _job.RunAsync(Run(), dryRun: true);

        report.Changes.Single().New.ShouldBe(DealHealth.Red);
        _deals.Calls.ShouldBe(["list"]);
        _ledger.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_LeaseHeld_DoesNothing()
    {
        await _leases.TryAcquireAsync(DealHealthJob.LeaseName, "other", TimeSpan.FromMinutes(5));
        _deals.Add("Export Clients", "Payment", Now.AddDays(-10), DealHealth.Green);

        var report = await _job.RunAsync(Run(), false);

        report.Outcome.ShouldBe(SyncOutcome.Failed);
        _deals.Calls.ShouldBeEmpty();
    }
}
