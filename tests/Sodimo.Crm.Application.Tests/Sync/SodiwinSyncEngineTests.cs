using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Sodiwin;
using static Sodimo.Crm.Application.Tests.Sync.InMemorySodiwinSource;

namespace Sodimo.Crm.Application.Tests.Sync;

public sealed class SodiwinSyncEngineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 2, 30, 0, TimeSpan.Zero));
    private readonly FakeSyncTwenty _twenty = new();
    private readonly FakeRunLedger _ledger;
    private readonly FakeLeaseStore _leases;
    private readonly SodiwinSyncEngine _engine;
    private int _runs;

    public SodiwinSyncEngineTests()
    {
        _ledger = new FakeRunLedger([], _time);
        _leases = new FakeLeaseStore(_time);
        _engine = new SodiwinSyncEngine(_twenty, _ledger, _leases, _time);
    }

    private Task<SodiwinSyncReport> Run(IReadOnlyList<SodiwinClient> clients, bool dryRun = false, IReadOnlyList<SodiwinRowError>? errors = null) =>
        _engine.RunAsync(new InMemorySodiwinSource(clients, errors), new RunContext($"sync-{++_runs}", Actor.Sync, "nightly-sync"), dryRun);

    [Fact]
    public async Task RunAsync_EmptyTwenty_CreatesEveryClientInOneBatchThroughTheLedger()
    {
        var report = await Run(Clients(3));

        report.Outcome.ShouldBe(SyncOutcome.Succeeded);
        report.Created.ShouldBe(3);
        _twenty.Calls.ShouldBe(["findByClientCodes", "createMany"]);
        report.ReadCalls.ShouldBe(1);
        report.WriteCalls.ShouldBe(1);
        report.LowerBoundCalls.ShouldBe(2);

        var company = _twenty.Companies.Values.Single(c => c.ClientCode == "C100000");
        company.Id.ShouldBe(SodiwinSyncEngine.CompanyIdFor("C100000"));
        company.Name.ShouldBe("Cave C100000");
        company.Fields["billing_address"].ShouldBe(new PostalAddress("1 rue du Port", null, "Paris", null, "75011", "FRANCE"));
        company.Fields["ar_balance"].ShouldBe(new Money(100.5m, "EUR"));
        company.Fields["ar_aging_bucket"].ShouldBe("DAYS_0_30");
        company.Fields["last_order_top_skus"].ShouldBe(new[] { "VR0001", "VB0002" });
        company.Fields["halal_cert"].ShouldBeNull();

        var entry = _ledger.Single();
        entry.RunId.ShouldBe("sync-1");
        entry.Actor.ShouldBe(Actor.Sync);
        entry.ToolName.ShouldBe(SodiwinSyncEngine.Tool);
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Attempts.ShouldBe(1);
        entry.Records.Select(r => (r.Id, r.Action)).ShouldBe(
            _twenty.Companies.Keys.Select(id => (id.ToString(), RecordAction.Created)), ignoreOrder: true);
        entry.RequestJson.ShouldContain("\"arBalance\":{\"old\":null,\"new\":{\"amount\":100.5,\"currencyCode\":\"EUR\"}}");
        _leases.Held.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_SameInputTwice_SecondRunMakesNoWrite()
    {
        var clients = Clients(130);
        await Run(clients);
        var writes = _twenty.Writes.Count;
        var entries = _ledger.Entries.Count;

        var second = await Run(clients);

        second.Outcome.ShouldBe(SyncOutcome.Succeeded);
        second.Plan.Unchanged.Count.ShouldBe(130);
        second.Plan.Creates.ShouldBeEmpty();
        second.Plan.Updates.ShouldBeEmpty();
        second.WriteCalls.ShouldBe(0);
        second.ReadCalls.ShouldBe(1);
        _twenty.Writes.Count.ShouldBe(writes);
        _ledger.Entries.Count.ShouldBe(entries);
    }

    [Fact]
    public async Task RunAsync_ManyClients_ReadsPagesOf200AndWritesBatchesOf60()
    {
        var report = await Run(Clients(450));

        _twenty.Count("findByClientCodes").ShouldBe(3);
        _twenty.Count("createMany").ShouldBe(8);
        report.ReadCalls.ShouldBe(3);
        report.WriteCalls.ShouldBe(8);
        report.LowerBoundCalls.ShouldBe(3 + 8);
        _twenty.Companies.Count.ShouldBe(450);
        _ledger.Entries.Count.ShouldBe(8);
        _ledger.Entries.ShouldAllBe(e => e.RunId == "sync-1" && e.Status == LedgerStatus.Succeeded);
        _ledger.Entries.Sum(e => e.Records.Count).ShouldBe(450);
    }

    [Fact]
    public async Task RunAsync_ChangedValues_WritesOnlySodiwinFieldsThatChanged()
    {
        var existing = _twenty.Seed("C100000", "Cave Renamed In Twenty",
            ("category", "CAVISTE"), ("type", "CLIENT"), ("ar_balance", new Money(100.50m, "EUR")), ("ar_aging_bucket", "DAYS_0_30"),
            ("ar_last_payment_at", new DateOnly(2026, 2, 1)), ("brand_exclusivity", new[] { "Domaine Éole" }),
            ("last_order_date", new DateOnly(2026, 4, 3)), ("last_order_amount", new Money(2000m, "EUR")),
            ("last_order_top_skus", new[] { "VR0001", "VB0002" }),
            ("halal_cert", true), ("delivery_address", new PostalAddress("Quai 4", City: "Rungis")),
            ("billing_address", new PostalAddress("Edited in Twenty")));
        var client = Client("C100000", 2, balance: 250m, name: "Cave Sodiwin Name") with { ArAgingBucket = "90+", LastOrderTopSkus = [] };

        var report = await Run([client]);

        report.Outcome.ShouldBe(SyncOutcome.Succeeded);
        var update = report.Plan.Updates.ShouldHaveSingleItem();
        update.CompanyId.ShouldBe(existing.Id);
        update.Changes.Select(c => c.Field).ShouldBe(["ar_balance", "ar_aging_bucket", "last_order_top_skus"]);
        update.Changes[0].ShouldBe(new SyncFieldChange("ar_balance", "arBalance", new Money(100.50m, "EUR"), new Money(250m, "EUR")));
        update.Changes[1].ShouldBe(new SyncFieldChange("ar_aging_bucket", "arAgingBucket", "DAYS_0_30", "DAYS_90_PLUS"));
        ((IEnumerable<string>)update.Changes[2].Old!).ShouldBe(["VR0001", "VB0002"]);
        update.Changes[2].New.ShouldBeNull();
        var write = _twenty.Writes.ShouldHaveSingleItem();
        write.Op.ShouldBe("update");
        write.Fields.Select(f => f.SodimoName).ShouldBe(["ar_balance", "ar_aging_bucket", "last_order_top_skus"]);

        var after = _twenty.Companies[existing.Id];
        after.Name.ShouldBe("Cave Renamed In Twenty");
        after.Fields["billing_address"].ShouldBe(new PostalAddress("Edited in Twenty"));
        after.Fields["halal_cert"].ShouldBe(true);
        after.Fields["delivery_address"].ShouldBe(new PostalAddress("Quai 4", City: "Rungis"));
        after.Fields["ar_balance"].ShouldBe(new Money(250m, "EUR"));
        _ledger.Single().Records.ShouldBe([new TouchedRecord("company", existing.Id.ToString(), RecordAction.Updated)]);
    }

    [Fact]
    public async Task RunAsync_TwentyOwnedFieldEditedBetweenRuns_SurvivesAndNothingIsWritten()
    {
        var clients = Clients(2);
        await Run(clients);
        var id = SodiwinSyncEngine.CompanyIdFor("C100001");
        _twenty.Edit(id, "halal_cert", true);
        _twenty.Edit(id, "name", "Renamed by a person");
        var writes = _twenty.Writes.Count;

        var report = await Run(clients);

        report.Plan.Unchanged.Count.ShouldBe(2);
        _twenty.Writes.Count.ShouldBe(writes);
        _twenty.Companies[id].Fields["halal_cert"].ShouldBe(true);
        _twenty.Companies[id].Name.ShouldBe("Renamed by a person");
    }

    [Fact]
    public async Task RunAsync_DuplicateKeyInDump_RejectsEveryRowOfItAndSyncsTheRest()
    {
        var clients = new[] { Client("C1", 2), Client("C2", 3), Client("C1", 4, balance: 5m) };

        var report = await Run(clients, errors: [new SodiwinRowError(5, SodiwinRowErrorKind.InvalidNumber, "unparseable number: SOLDE \"x\"", "C3")]);

        report.Outcome.ShouldBe(SyncOutcome.CompletedWithRejections);
        report.Plan.Rejected.Select(r => (r.LineNumber, r.Kind)).ShouldBe(
        [
            (2, SodiwinRowErrorKind.DuplicateKey), (4, SodiwinRowErrorKind.DuplicateKey), (5, SodiwinRowErrorKind.InvalidNumber),
        ]);
        report.Plan.Rejected[0].Reason.ShouldContain("lines 2, 4");
        _twenty.Companies.Values.Select(c => c.ClientCode).ShouldBe(["C2"]);
    }

    [Fact]
    public async Task RunAsync_CodeMatchingTwoCompanies_IsRejectedAndNotWritten()
    {
        var a = _twenty.Seed("C1", "One");
        var b = _twenty.Seed("C1", "Two");

        var report = await Run([Client("C1", 2), Client("C2", 3)]);

        report.Outcome.ShouldBe(SyncOutcome.CompletedWithRejections);
        var rejected = report.Plan.Rejected.ShouldHaveSingleItem();
        rejected.Kind.ShouldBe(SodiwinRowErrorKind.AmbiguousMatch);
        rejected.Reason.ShouldContain(a.Id.ToString());
        rejected.Reason.ShouldContain(b.Id.ToString());
        _twenty.Writes.ShouldAllBe(w => w.Op == "create" && w.Id == SodiwinSyncEngine.CompanyIdFor("C2"));
    }

    [Fact]
    public async Task RunAsync_DryRun_PlansWithOldAndNewButWritesNothing()
    {
        _twenty.Seed("C100000", "Cave", ("ar_balance", new Money(1m, "EUR")));

        var report = await Run(Clients(2), dryRun: true);

        report.DryRun.ShouldBeTrue();
        report.Plan.Creates.Select(c => c.ClientCode).ShouldBe(["C100001"]);
        report.Plan.Updates.Single().Changes.First(c => c.Field == "ar_balance").ShouldBe(
            new SyncFieldChange("ar_balance", "arBalance", new Money(1m, "EUR"), new Money(100.5m, "EUR")));
        _twenty.Calls.ShouldBe(["findByClientCodes"]);
        _ledger.Entries.ShouldBeEmpty();
        _leases.Calls.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_BatchRefusedForOneRecord_SplitsItWritesTheOthersAndReportsTheBadOne()
    {
        _twenty.PoisonCode = "C100007";

        var report = await Run(Clients(10));

        report.Outcome.ShouldBe(SyncOutcome.CompletedWithRejections);
        report.Created.ShouldBe(9);
        _twenty.Companies.Count.ShouldBe(9);
        var rejection = report.WriteRejections.ShouldHaveSingleItem();
        rejection.ClientCode.ShouldBe("C100007");
        rejection.LineNumber.ShouldBe(9);
        rejection.Kind.ShouldBe(SodiwinRowErrorKind.WriteRejected);
        rejection.Reason.ShouldContain("Invalid value for C100007");
        _ledger.Entries.Count(e => e.Status == LedgerStatus.Rejected).ShouldBe(_ledger.Entries.Count(e => e.Status != LedgerStatus.Succeeded));
        _ledger.Entries.Where(e => e.Status == LedgerStatus.Succeeded).Sum(e => e.Records.Count).ShouldBe(9);
        report.WriteCalls.ShouldBeLessThanOrEqualTo(1 + (2 * 4));
    }

    [Fact]
    public async Task RunAsync_LeaseHeldByAnotherRun_DoesNothing()
    {
        await _leases.TryAcquireAsync("sodiwin-sync", "other-run", TimeSpan.FromMinutes(10));

        var report = await Run(Clients(3));

        report.Outcome.ShouldBe(SyncOutcome.Failed);
        report.Error!.ShouldContain("Another sync holds the lease");
        _twenty.Calls.ShouldBeEmpty();
        _ledger.Entries.ShouldBeEmpty();
        _leases.Held["sodiwin-sync"].Owner.ShouldBe("other-run");
    }

    [Fact]
    public async Task RunAsync_ExpiredLease_IsTakenOver()
    {
        await _leases.TryAcquireAsync("sodiwin-sync", "crashed-run", TimeSpan.FromMinutes(10));
        _time.Advance(TimeSpan.FromMinutes(11));

        var report = await Run(Clients(1));

        report.Outcome.ShouldBe(SyncOutcome.Succeeded);
        _twenty.Companies.Count.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_TwentyUnavailableOnAWrite_StopsRecordsFailedAndSendsNothingMore()
    {
        _twenty.Before = (op, n) => op == "createMany" && n == 3 ? new TwentyUnavailableException("503 after retries") : null;

        var report = await Run(Clients(150));

        report.Outcome.ShouldBe(SyncOutcome.Failed);
        report.Error!.ShouldContain("503 after retries");
        report.Created.ShouldBe(60);
        _twenty.Count("createMany").ShouldBe(2);
        _ledger.Entries.Select(e => e.Status).ShouldBe([LedgerStatus.Succeeded, LedgerStatus.Failed]);
    }

    [Fact]
    public async Task RunAsync_KilledMidRunThenRerun_ConvergesWithoutDuplicates()
    {
        var clients = Clients(150);
        // The second batch lands in Twenty but its answer is lost (as if the process died after sending).
        _twenty.After = (op, n) => op == "createMany" && n == 3 ? new TwentyOutcomeUnknownException("connection reset") : null;

        var first = await Run(clients);

        first.Outcome.ShouldBe(SyncOutcome.Failed);
        _twenty.Companies.Count.ShouldBe(120);
        _ledger.Entries.Select(e => e.Status).ShouldBe([LedgerStatus.Succeeded, LedgerStatus.Pending]);
        _leases.Held.ShouldBeEmpty();

        _twenty.After = (_, _) => null;
        var second = await Run(clients);

        second.Outcome.ShouldBe(SyncOutcome.Succeeded);
        second.Plan.Creates.Count.ShouldBe(30);
        second.Plan.Unchanged.Count.ShouldBe(120);
        _twenty.Companies.Count.ShouldBe(150);
        _twenty.Companies.Values.GroupBy(c => c.ClientCode).ShouldAllBe(g => g.Count() == 1);

        var third = await Run(clients);
        third.WriteCalls.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_LedgerUnavailable_SendsNoWrite()
    {
        _ledger.FailBegin = new LedgerUnavailableException("disk full");

        var report = await Run(Clients(3));

        report.Outcome.ShouldBe(SyncOutcome.Failed);
        report.Error!.ShouldContain("disk full");
        _twenty.Calls.ShouldBe(["findByClientCodes"]);
    }

    [Fact]
    public async Task RunAsync_UnreadableDump_FailsBeforeAnyCall()
    {
        var source = new InMemorySodiwinSource([]) { Fail = new SodiwinDumpException("x.csv: the header lacks column(s) SOLDE") };

        var report = await _engine.RunAsync(source, new RunContext("sync-x", Actor.Sync, "nightly-sync"), dryRun: false);

        report.Outcome.ShouldBe(SyncOutcome.Failed);
        report.Error.ShouldBe("x.csv: the header lacks column(s) SOLDE");
        _twenty.Calls.ShouldBeEmpty();
        _leases.Held.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ReportsProgress()
    {
        var seen = new List<SyncProgress>();

        await _engine.RunAsync(new InMemorySodiwinSource(Clients(130)), new RunContext("sync-p", Actor.Sync, "nightly-sync"), false,
            new SynchronousProgress(seen.Add));

        seen.ShouldContain(new SyncProgress("read", 130, 130));
        seen.Where(p => p.Phase == "create").Select(p => p.Done).ShouldBe([60, 120, 130]);
    }

    private sealed class SynchronousProgress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
