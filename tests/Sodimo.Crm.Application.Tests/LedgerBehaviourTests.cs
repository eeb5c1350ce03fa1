using Sodimo.Crm.Application.AdvanceStage;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Tests;

public sealed class LedgerBehaviourTests : IDisposable
{
    private readonly CrmHarness _crm = new();

    public void Dispose() => _crm.Dispose();

    private static UpsertContactCommand Upsert(string key, string email = "jeanne@cave.fr") => UpsertContactTests.Command(key, "all",
        new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["category"] = "CHR" } },
        new ContactInput { Email = email, FirstName = "Jeanne" });

    [Fact]
    public async Task ThePendingRowIsCommittedBeforeTheFirstTwentyCall()
    {
        await _crm.Mediator.Send(Upsert("k1"));

        var begin = _crm.Events.IndexOf("ledger.begin");
        var firstTwenty = _crm.Events.FindIndex(e => e.StartsWith("twenty.", StringComparison.Ordinal));
        begin.ShouldBe(0);
        firstTwenty.ShouldBe(1);
        _crm.Events.Last().ShouldBe("ledger.complete");
        // The first attempt is counted in the begin commit itself: one ledger write before Twenty, not two.
        _crm.Events.ShouldNotContain("ledger.attempt");
        _crm.Ledger.Single().Attempts.ShouldBe(1);
        // A landed step is added to the entry before the next write is sent; the last one goes with the outcome.
        _crm.Events.ShouldBe([
            "ledger.begin",
            "twenty.companies.findByClientCode", "twenty.people.findByEmail",
            "twenty.companies.create", "ledger.records",
            "twenty.people.create",
            "ledger.complete",
        ]);
        _crm.Ledger.Single().Records.Select(r => r.ObjectName).ShouldBe(["company", "person"]);
    }

    [Fact]
    public async Task ASingleStepMutation_ListsItsRecordInTheOutcomeCommit()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Payment");

        await _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(deal.Id, "Waiting for delivery"));

        _crm.Events.Where(e => e.StartsWith("ledger.", StringComparison.Ordinal)).ShouldBe(["ledger.begin", "ledger.complete"]);
        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Records.ShouldBe([new TouchedRecord("opportunity", deal.Id.ToString(), RecordAction.Updated)]);
    }

    [Fact]
    public async Task WhenALandedStepCannotBeListed_TheNextWriteIsNotSent()
    {
        _crm.Ledger.FailAddRecords = new LedgerUnavailableException("disk full");

        await Should.ThrowAsync<LedgerUnavailableException>(() => _crm.Mediator.Send(Upsert("k9")).AsTask());

        _crm.Twenty.Count("companies.create").ShouldBe(1);
        _crm.Twenty.Count("people.create").ShouldBe(0);
        // Left pending: the reconciler checks Twenty for the company's client-generated id before sending anything.
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Pending);
    }

    [Fact]
    public async Task WhenTheLedgerCannotBeWritten_TwentyIsNeverCalled()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Payment");
        _crm.Ledger.FailBegin = new LedgerUnavailableException("database is locked");

        await Should.ThrowAsync<LedgerUnavailableException>(() => _crm.Mediator.Send(Upsert("k2")).AsTask());
        await Should.ThrowAsync<LedgerUnavailableException>(() => _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(deal.Id, "Proforma Sent")).AsTask());

        _crm.Twenty.TwentyCalls.ShouldBeEmpty();
        _crm.Ledger.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task SameKeySameRequest_ReturnsTheStoredResult_AndWritesNothing()
    {
        var first = await _crm.Mediator.Send(Upsert("k3"));
        var callsAfterFirst = _crm.Twenty.TwentyCalls.Count();

        var replay = await _crm.Mediator.Send(Upsert("k3") with { Run = new RunContext("another-run", Actor.Ai, "crm-skill") });

        replay.Replayed.ShouldBeTrue();
        first.Replayed.ShouldBeFalse();
        (replay with { Replayed = false, Records = first.Records, FieldsWritten = first.FieldsWritten }).ShouldBe(first);
        replay.Records.ShouldBe(first.Records);
        replay.FieldsWritten["Company"].ShouldBe(first.FieldsWritten["Company"]);
        _crm.Twenty.TwentyCalls.Count().ShouldBe(callsAfterFirst);
        _crm.Twenty.Companies.Count.ShouldBe(1);
        _crm.Twenty.People.Count.ShouldBe(1);
        _crm.Ledger.Single().Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task SameKeyDifferentRequest_IsRefused_AndWritesNothing()
    {
        await _crm.Mediator.Send(Upsert("k4"));
        var calls = _crm.Twenty.TwentyCalls.Count();

        var ex = await Should.ThrowAsync<IdempotencyConflictException>(() => _crm.Mediator.Send(Upsert("k4", "other@cave.fr")).AsTask());

        ex.Message.ShouldBe("The idempotency key \"k4\" was already used for a different crm_upsert_contact request; use a new key.");
        _crm.Twenty.TwentyCalls.Count().ShouldBe(calls);
        _crm.Twenty.People.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SameKeyWhilePending_IsInProgress_AndWritesNothing()
    {
        _crm.Twenty.After = op => op == "people.create" ? new TwentyOutcomeUnknownException("reset after send") : null;
        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => _crm.Mediator.Send(Upsert("k5")).AsTask());
        _crm.Twenty.After = _ => null;
        var calls = _crm.Twenty.TwentyCalls.Count();

        var ex = await Should.ThrowAsync<MutationInProgressException>(() => _crm.Mediator.Send(Upsert("k5")).AsTask());

        ex.Message.ShouldContain("is pending");
        _crm.Twenty.TwentyCalls.Count().ShouldBe(calls);
    }

    [Fact]
    public async Task TheSameKeyTwiceAtOnce_SendsOnce_TheSecondIsInProgress()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        _crm.Twenty.Before = op =>
        {
            if (op == "companies.findByClientCode" && !entered.IsSet)
            {
                entered.Set();
                release.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();
            }

            return null;
        };
        var first = Task.Run(() => _crm.Mediator.Send(Upsert("c1")).AsTask());
        entered.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();

        await Should.ThrowAsync<MutationInProgressException>(() => _crm.Mediator.Send(Upsert("c1")).AsTask());
        release.Set();
        var result = await first;

        result.Company.ShouldBe(UpsertOutcome.Created);
        _crm.Twenty.Count("companies.create").ShouldBe(1);
        _crm.Twenty.Count("people.create").ShouldBe(1);
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Succeeded);
    }

    [Fact]
    public async Task TwentyUnavailableBeforeAnyWrite_FailsTheEntry_AndTheSameKeyMayRetry()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Payment");
        _crm.Twenty.Before = op => op == "deals.update" ? new TwentyUnavailableException("connection refused") : null;

        await Should.ThrowAsync<TwentyUnavailableException>(() => _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(deal.Id, "Waiting for delivery", "r1")).AsTask());
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Failed);
        _crm.Ledger.Single().Error.ShouldBe("connection refused");

        _crm.Twenty.Before = _ => null;
        var retry = await _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(deal.Id, "Waiting for delivery", "r1"));

        retry.Changed.ShouldBeTrue();
        _crm.Twenty.Deals[deal.Id].Stage.ShouldBe("Waiting for delivery");
        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task ReadsNeverTouchTheLedger()
    {
        _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Payment");

        await _crm.Mediator.Send(new ListDeals.ListDealsQuery());

        _crm.Events.ShouldBe(["twenty.deals.list"]);
    }

    [Fact]
    public async Task WhenTheOutcomeCannotBeRecorded_TheWriteStillReturns_AndTheEntryStaysPendingWithItsRecords()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Payment");
        _crm.Ledger.FailComplete = new LedgerUnavailableException("disk full");

        var result = await _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(deal.Id, "Waiting for delivery"));

        result.Changed.ShouldBeTrue();
        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.Pending);
        entry.Records.ShouldHaveSingleItem().Id.ShouldBe(deal.Id.ToString());
    }

    [Fact]
    public async Task TheRequestHashIgnoresTheRunSoARetryFromAnotherRunIsAReplayNotAConflict()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Payment");
        await _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(deal.Id, "Waiting for delivery", "h1"));

        var again = await _crm.Mediator.Send(AdvanceStageAndActivityTests.Advance(deal.Id, "Waiting for delivery", "h1") with
        {
            Run = new RunContext("run-99", Actor.Human, "cli"),
        });

        again.Replayed.ShouldBeTrue();
        again.FromStage.ShouldBe("Payment");
        _crm.Twenty.Count("deals.update").ShouldBe(1);
    }
}
