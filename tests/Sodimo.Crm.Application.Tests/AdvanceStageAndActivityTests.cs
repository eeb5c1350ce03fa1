using Sodimo.Crm.Application.AddActivity;
using Sodimo.Crm.Application.AdvanceStage;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Tests;

public sealed class AdvanceStageAndActivityTests : IDisposable
{
    private readonly CrmHarness _crm = new();

    public void Dispose() => _crm.Dispose();

    internal static AdvanceStageCommand Advance(Guid dealId, string stage, string key = "s1", string? pipeline = null) =>
        new() { Run = CrmHarness.Run, IdempotencyKey = key, DealId = dealId, Stage = stage, Pipeline = pipeline };

    internal static AddActivityCommand Activity(string key, string kind = "task", Guid? person = null, Guid? company = null, Guid? deal = null) => new()
    {
        Run = CrmHarness.Run,
        IdempotencyKey = key,
        Kind = kind,
        Title = "Call back about the proforma",
        Body = "**Ask** for the signed proforma.",
        PersonId = person,
        CompanyId = company,
        DealId = deal,
    };

    [Fact]
    public async Task AdvanceStage_MovesTheDealStampsTheTimeAndRecordsFromAndTo()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Proforma Sent", health: DealHealth.Red);

        var result = await _crm.Mediator.Send(Advance(deal.Id, "proforma_confirmed"));

        result.FromStage.ShouldBe("Proforma Sent");
        result.ToStage.ShouldBe("Proforma confirmed");
        result.Pipeline.ShouldBe("Export Clients");
        result.StageEnteredAt.ShouldBe(_crm.Time.GetUtcNow());
        result.Changed.ShouldBeTrue();
        var write = _crm.Twenty.Writes.ShouldHaveSingleItem();
        write.Fields.Select(f => (f.TwentyName, f.Value)).ShouldBe([
            ("exportClientsStage", (object?)"PROFORMA_CONFIRMED"),
            ("stageEnteredAt", _crm.Time.GetUtcNow()),
            ("health", "GREEN"),
        ]);
        _crm.Twenty.Deals[deal.Id].Stage.ShouldBe("Proforma confirmed");
        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Target.ShouldBe(new LedgerTarget("opportunity", deal.Id.ToString()));
        entry.Records.ShouldBe([new TouchedRecord("opportunity", deal.Id.ToString(), RecordAction.Updated)]);
        entry.ResultJson.ShouldNotBeNull().ShouldContain("\"fromStage\":\"Proforma Sent\"");
    }

    [Fact]
    public async Task AdvanceStage_ToAStageOfTheOtherPipeline_IsRejectedWithTheValidStages()
    {
        var deal = _crm.Twenty.SeedDeal("Wine lead", "New Leads - Wine", "Qualification");

        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Advance(deal.Id, "Payment")).AsTask());

        ex.Message.ShouldBe("Stage \"Payment\" belongs to pipeline Export Clients, not New Leads - Wine; valid stages of New Leads - Wine: "
            + "Lead Received, Qualification, Product & Price Presentation, Follow-up / Feedback, Negotiation, Order Confirmation, Delivery & Onboarding, Post-Sale Follow-Up.");
        _crm.Twenty.Writes.ShouldBeEmpty();
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Rejected);
    }

    [Fact]
    public async Task AdvanceStage_UnknownStage_IsRefusedBeforeTheLedger()
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Advance(Guid.NewGuid(), "Won")).AsTask());

        ex.Message.ShouldStartWith("Unknown stage \"Won\"; valid stages: New Leads - Wine: Lead Received,");
        ex.Message.ShouldContain("Export Clients: Order received, Proforma Sent, Proforma confirmed, Payment, Waiting for delivery.");
        _crm.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task AdvanceStage_WhenTheCallerNamesTheWrongPipeline_IsRefused()
    {
        var deal = _crm.Twenty.SeedDeal("Wine lead", "New Leads - Wine", "Qualification");

        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Advance(deal.Id, "Payment", pipeline: "Export Clients")).AsTask());

        ex.Message.ShouldStartWith($"Deal {deal.Id} is in pipeline New Leads - Wine, not Export Clients; valid stages of New Leads - Wine: Lead Received");
        _crm.Twenty.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task AdvanceStage_ToTheCurrentStage_WritesNothing()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Payment");

        var result = await _crm.Mediator.Send(Advance(deal.Id, "Payment"));

        result.Changed.ShouldBeFalse();
        result.StageEnteredAt.ShouldBe(deal.StageEnteredAt);
        _crm.Twenty.Writes.ShouldBeEmpty();
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Succeeded);
    }

    [Fact]
    public async Task AdvanceStage_UnknownDeal_IsRejectedAsNotFound()
    {
        var id = Guid.NewGuid();

        await Should.ThrowAsync<RecordNotFoundException>(() => _crm.Mediator.Send(Advance(id, "Payment")).AsTask());

        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Rejected);
    }

    [Fact]
    public async Task AddActivity_CreatesATaskAndOneTargetPerLinkedRecord_WithClientIds()
    {
        var company = _crm.Twenty.SeedCompany("C100042", "Cave");
        var person = _crm.Twenty.SeedPerson("jeanne@cave.fr", "Jeanne", "Martin", company.Id);
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Payment");
        var assignee = Guid.NewGuid();
        var due = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(1));

        var result = await _crm.Mediator.Send(Activity("a1", "task", person.Id, company.Id, deal.Id) with { DueAt = due, AssigneeId = assignee });

        var activityId = ClientIds.For("crm_add_activity", "a1", "activity");
        result.ActivityId.ShouldBe(activityId);
        result.Kind.ShouldBe(ActivityKind.Task);
        var task = _crm.Twenty.Activities[activityId];
        (task.Kind, task.Title, task.DueAt, task.AssigneeId).ShouldBe((ActivityKind.Task, "Call back about the proforma", due, assignee));
        task.BodyMarkdown.ShouldBe("**Ask** for the signed proforma.");
        _crm.Twenty.Targets.Values.Select(t => (t.Kind, t.ActivityId, t.TargetKind, t.TargetId)).ShouldBe([
            (ActivityKind.Task, activityId, ActivityTargetKind.Person, person.Id),
            (ActivityKind.Task, activityId, ActivityTargetKind.Company, company.Id),
            (ActivityKind.Task, activityId, ActivityTargetKind.Deal, deal.Id),
        ], ignoreOrder: true);
        _crm.Twenty.Count("activities.createTargets").ShouldBe(1);
        var entry = _crm.Ledger.Single();
        entry.Target.ShouldBe(new LedgerTarget("task", activityId.ToString()));
        entry.Records.Select(r => (r.ObjectName, r.Action)).ShouldBe([
            ("task", RecordAction.Created), ("taskTarget", RecordAction.Created), ("taskTarget", RecordAction.Created), ("taskTarget", RecordAction.Created),
        ]);
        entry.Records.Select(r => r.Id).Skip(1).ShouldBe(_crm.Twenty.Targets.Keys.Select(k => k.ToString()), ignoreOrder: true);
    }

    [Fact]
    public async Task AddActivity_ReplayReturnsTheStoredResultAndCreatesNothing()
    {
        var company = _crm.Twenty.SeedCompany("C100042", "Cave");
        var first = await _crm.Mediator.Send(Activity("a7", "note", company: company.Id));

        var replay = await _crm.Mediator.Send(Activity("a7", "note", company: company.Id));

        replay.Replayed.ShouldBeTrue();
        replay.ActivityId.ShouldBe(first.ActivityId);
        replay.Targets.ShouldBe(first.Targets);
        replay.Records.ShouldBe(first.Records);
        _crm.Twenty.Count("activities.create").ShouldBe(1);
        _crm.Twenty.Count("activities.createTargets").ShouldBe(1);
    }

    [Fact]
    public async Task AddActivity_ANoteWithADueDateOrNoTarget_IsRefused()
    {
        var withDue = await Should.ThrowAsync<RequestRefusedException>(() =>
            _crm.Mediator.Send(Activity("a2", "note", person: Guid.NewGuid()) with { DueAt = DateTimeOffset.UnixEpoch }).AsTask());
        var noTarget = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Activity("a3", "note")).AsTask());
        var badKind = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Activity("a4", "meeting", person: Guid.NewGuid())).AsTask());
        var longTitle = await Should.ThrowAsync<RequestRefusedException>(() =>
            _crm.Mediator.Send(Activity("a5", "note", person: Guid.NewGuid()) with { Title = new string('t', 501) }).AsTask());

        withDue.Message.ShouldBe("A note has no due date; use kind \"task\".");
        noTarget.Message.ShouldBe("Link the activity to at least one of a person, a company or a deal.");
        badKind.Message.ShouldBe("Unknown activity kind \"meeting\"; valid: note, task.");
        longTitle.Message.ShouldBe("The title is limited to 500 characters.");
        _crm.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task AddActivity_ToAMissingRecord_WritesNothing()
    {
        var company = _crm.Twenty.SeedCompany("C100042", "Cave");
        var missing = Guid.NewGuid();

        var ex = await Should.ThrowAsync<RecordNotFoundException>(() => _crm.Mediator.Send(Activity("a6", "note", person: missing, company: company.Id)).AsTask());

        ex.Message.ShouldBe($"No person \"{missing}\" in Twenty.");
        _crm.Twenty.Activities.ShouldBeEmpty();
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Rejected);
    }
}
