using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Tests;

public sealed class ReconcilerTests : IDisposable
{
    private static readonly ReconcileOptions Options = new() { MinimumAge = TimeSpan.FromMinutes(2) };
    private readonly CrmHarness _crm = new();

    public void Dispose() => _crm.Dispose();

    private static UpsertContactCommand Upsert(string key) => UpsertContactTests.Command(key, "all",
        new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["category"] = "CHR" } },
        new ContactInput { Email = "jeanne@cave.fr", FirstName = "Jeanne" });

    private async Task<ReconcileReport> ReconcileLaterAsync()
    {
        _crm.Time.Advance(TimeSpan.FromMinutes(5));
        _crm.Events.Clear();
        return await _crm.Reconciler.ReconcileAsync(Options);
    }

    [Fact]
    public async Task UpsertThatLandedBeforeTheAnswerWasLost_IsConfirmedWithoutAnyWrite()
    {
        _crm.Twenty.After = op => op == "people.create" ? new TwentyOutcomeUnknownException("reset after send") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => _crm.Mediator.Send(Upsert("u1")).AsTask());
        _crm.Twenty.After = _ => null;

        var report = await ReconcileLaterAsync();

        report.Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.Confirmed);
        _crm.Twenty.TwentyCalls.ShouldNotContain("twenty.companies.create");
        _crm.Twenty.TwentyCalls.ShouldNotContain("twenty.people.create");
        _crm.Twenty.People.Count.ShouldBe(1);
        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        // The person's record was never added by the writer (it died first): the reconciler recognised its client id.
        entry.Records.ShouldBe([
            new TouchedRecord("company", ClientIds.For("crm_upsert_contact", "u1", "company").ToString(), RecordAction.Created),
            new TouchedRecord("person", ClientIds.For("crm_upsert_contact", "u1", "person").ToString(), RecordAction.Created),
        ]);
    }

    [Fact]
    public async Task UpsertInterruptedBeforeTheSecondStepWasSent_CreatesOnlyTheMissingRecordOnce_AfterCheckingIt()
    {
        _crm.Twenty.Before = op => op == "people.create" ? new TwentyOutcomeUnknownException("process killed") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => _crm.Mediator.Send(Upsert("u2")).AsTask());
        _crm.Twenty.Before = _ => null;

        var report = await ReconcileLaterAsync();

        report.Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.Completed);
        _crm.Twenty.Count("companies.create").ShouldBe(0);
        _crm.Twenty.Count("people.create").ShouldBe(1);
        var lookup = _crm.Events.IndexOf("twenty.people.findByEmail");
        lookup.ShouldBeLessThan(_crm.Events.IndexOf("twenty.people.create"));
        var personId = ClientIds.For("crm_upsert_contact", "u2", "person");
        _crm.Twenty.People[personId].CompanyId.ShouldBe(ClientIds.For("crm_upsert_contact", "u2", "company"));
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Succeeded);
        _crm.Ledger.Single().Records.Count.ShouldBe(2);

        // A second run finds nothing left to do.
        (await ReconcileLaterAsync()).Results.ShouldBeEmpty();
        _crm.Twenty.People.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SodimoFieldsOnlyCreateThatLanded_IsConfirmed_ThoughCreationOnlyFieldsAreInTheRequest()
    {
        var command = UpsertContactTests.Command("u3", "sodimo-fields-only",
            new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["name"] = "Cave", ["category"] = "CHR" } });
        _crm.Twenty.After = op => op == "companies.create" ? new TwentyOutcomeUnknownException("timeout after send") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => _crm.Mediator.Send(command).AsTask());
        _crm.Twenty.After = _ => null;

        var report = await ReconcileLaterAsync();

        report.Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.Confirmed);
        _crm.Twenty.Count("companies.create").ShouldBe(0);
        _crm.Twenty.Count("companies.update").ShouldBe(0);
        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Records.ShouldBe([new TouchedRecord("company", ClientIds.For("crm_upsert_contact", "u3", "company").ToString(), RecordAction.Created)]);
        var replay = await _crm.Mediator.Send(command);
        replay.Replayed.ShouldBeTrue();
        replay.Company.ShouldBe(UpsertOutcome.Created);
    }

    [Fact]
    public async Task AddActivityCrashedAfterTheLedgerCommit_IsSentOnceAfterCheckingThatNothingLanded()
    {
        var company = _crm.Twenty.SeedCompany("C100042", "Cave");
        _crm.Twenty.Before = op => op == "activities.create" ? new TwentyOutcomeUnknownException("killed before send") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() =>
            _crm.Mediator.Send(AdvanceStageAndActivityTests.Activity("a1", "note", company: company.Id)).AsTask());
        _crm.Twenty.Before = _ => null;

        var report = await ReconcileLaterAsync();

        report.Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.Completed);
        _crm.Events.IndexOf("twenty.activities.get").ShouldBeLessThan(_crm.Events.IndexOf("twenty.activities.create"));
        _crm.Twenty.Count("activities.create").ShouldBe(1);
        _crm.Twenty.Activities.Keys.ShouldBe([ClientIds.For("crm_add_activity", "a1", "activity")]);
        _crm.Twenty.Targets.Values.ShouldHaveSingleItem().TargetId.ShouldBe(company.Id);
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Succeeded);
    }

    [Fact]
    public async Task AddActivityWhoseTargetsLandedBeforeTheAnswerWasLost_IsConfirmedWithNoCreate()
    {
        var company = _crm.Twenty.SeedCompany("C100042", "Cave");
        _crm.Twenty.After = op => op == "activities.createTargets" ? new TwentyOutcomeUnknownException("timeout after send") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() =>
            _crm.Mediator.Send(AdvanceStageAndActivityTests.Activity("a2", "task", company: company.Id)).AsTask());
        _crm.Twenty.After = _ => null;

        var report = await ReconcileLaterAsync();

        report.Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.Confirmed);
        _crm.Twenty.Count("activities.create").ShouldBe(0);
        _crm.Twenty.Count("activities.createTargets").ShouldBe(0);
        _crm.Twenty.Targets.Count.ShouldBe(1);
        _crm.Ledger.Single().Records.Select(r => r.ObjectName).ShouldBe(["task", "taskTarget"]);
    }

    [Fact]
    public async Task AdvanceStage_IsConfirmedWhenTheDealIsThere_AndNeverReSentWhenItIsNot()
    {
        var landed = _crm.Twenty.SeedDeal("Landed", "Export Clients", "Payment");
        var lost = _crm.Twenty.SeedDeal("Lost", "Export Clients", "Payment");
        _crm.Twenty.After = op => op == "deals.update" ? new TwentyOutcomeUnknownException("timeout after send") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(landed.Id, "Waiting for delivery", "d1")).AsTask());
        _crm.Twenty.After = _ => null;
        _crm.Twenty.Before = op => op == "deals.update" ? new TwentyOutcomeUnknownException("killed before send") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(lost.Id, "Waiting for delivery", "d2")).AsTask());
        _crm.Twenty.Before = _ => null;

        var report = await ReconcileLaterAsync();

        report.Results.Select(r => r.Decision).ShouldBe([ReconcileDecision.Confirmed, ReconcileDecision.NotApplied]);
        _crm.Twenty.Count("deals.update").ShouldBe(0);
        _crm.Twenty.Deals[lost.Id].Stage.ShouldBe("Payment");
        var entries = _crm.Ledger.Entries;
        entries[0].Status.ShouldBe(LedgerStatus.Succeeded);
        entries[0].ResultJson.ShouldNotBeNull();
        entries[1].Status.ShouldBe(LedgerStatus.Failed);
        entries[1].Error.ShouldBe("The deal is in \"Payment\", not \"Waiting for delivery\": the stage change was not applied (not re-sent).");

        // The confirmed entry now replays like any succeeded one.
        var replay = await _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(landed.Id, "Waiting for delivery", "d1"));
        replay.Replayed.ShouldBeTrue();
        replay.ToStage.ShouldBe("Waiting for delivery");
    }

    [Fact]
    public async Task WhileTwentyIsDown_EntriesStayPending_ThenGoToAPersonPastTheMaximumAge()
    {
        var deal = _crm.Twenty.SeedDeal("Deal", "Export Clients", "Payment");
        _crm.Twenty.Before = op => op == "deals.update" ? new TwentyOutcomeUnknownException("timeout") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(deal.Id, "Waiting for delivery")).AsTask());
        _crm.Twenty.Before = _ => new TwentyUnavailableException("connection refused");

        var first = await ReconcileLaterAsync();
        first.Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.LeftPending);
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Pending);

        _crm.Time.Advance(TimeSpan.FromHours(25));
        var later = await ReconcileLaterAsync();

        later.Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.NeedsHuman);
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.NeedsHuman);
        _crm.Ledger.Single().Error.ShouldNotBeNull().ShouldContain("connection refused");
    }

    [Fact]
    public async Task RecentEntriesAreLeftToTheirWriter()
    {
        var deal = _crm.Twenty.SeedDeal("Deal", "Export Clients", "Payment");
        _crm.Twenty.Before = op => op == "deals.update" ? new TwentyOutcomeUnknownException("timeout") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(deal.Id, "Waiting for delivery")).AsTask());

        var report = await _crm.Reconciler.ReconcileAsync(Options);

        report.Results.ShouldBeEmpty();
    }
}
