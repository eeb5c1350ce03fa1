using System.Text.Json;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.RecordSodiwinOrder;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Application.Webhooks;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Tests;

/// <summary>The order number Sodiwin returns is written back to the deal through the mediator, ledger first.</summary>
public sealed class RecordSodiwinOrderTests : IDisposable
{
    private readonly CrmHarness _crm = new();
    private readonly FakePush _push = new();
    private readonly TwentyEventProcessor _processor;

    public RecordSodiwinOrderTests() => _processor = new TwentyEventProcessor(_crm.Ledger, _push, [], _crm.Mediator);

    public void Dispose() => _crm.Dispose();

    [Fact]
    public async Task A_returned_order_number_is_written_to_the_deal_after_its_ledger_row()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Proforma confirmed", "C00042");

        var done = await _processor.ProcessAsync(Entry(deal.Id, ["exportClientsStage"]));

        done.ShouldBe($"pushed sodiwin:{deal.Id}:PROFORMA_CONFIRMED: CMD-0007; order number written");
        var write = _crm.Twenty.Writes.ShouldHaveSingleItem();
        write.Id.ShouldBe(deal.Id);
        var field = write.Fields.ShouldHaveSingleItem();
        field.Field.TwentyName.ShouldBe(SodimoSchema.Current.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.SodiwinNumeroCommande));
        field.Value.ShouldBe("CMD-0007");
        var row = _crm.Ledger.Entries.Single(e => e.ToolName == RecordSodiwinOrderCommand.Tool);
        row.Status.ShouldBe(LedgerStatus.Succeeded);
        row.Actor.ShouldBe(Actor.Webhook);
        row.IdempotencyKey.ShouldContain($"sodiwin-order:{deal.Id}:PROFORMA_CONFIRMED");
        row.Target.RecordId.ShouldBe(deal.Id.ToString());
        _crm.Ledger.Entries.Single(e => e.ToolName == TwentyEventProcessor.SodiwinPushTool).Status.ShouldBe(LedgerStatus.Succeeded);
        // the write-back's ledger row is begun before the Twenty call
        var events = _crm.Events.ToList();
        events.LastIndexOf("ledger.begin").ShouldBeLessThan(events.IndexOf("twenty.deals.update"));
    }

    [Fact]
    public async Task The_update_event_of_our_own_write_back_sets_off_nothing()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Proforma confirmed", "C00042");
        await _processor.ProcessAsync(Entry(deal.Id, ["exportClientsStage"]));
        var rows = _crm.Ledger.Entries.Count;

        var done = await _processor.ProcessAsync(Entry(deal.Id, ["sodiwinNumeroCommande", "updatedAt"], "CMD-0007"));

        done.ShouldBe("ignored: no stage change");
        _push.Orders.Count.ShouldBe(1);
        _crm.Twenty.Writes.Count.ShouldBe(1);
        _crm.Ledger.Entries.Count.ShouldBe(rows);
    }

    [Fact]
    public async Task A_redelivered_stage_change_neither_pushes_nor_writes_again()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Proforma confirmed", "C00042");
        await _processor.ProcessAsync(Entry(deal.Id, ["exportClientsStage"]));

        var done = await _processor.ProcessAsync(Entry(deal.Id, ["exportClientsStage"]));

        done.ShouldEndWith("order number already written");
        _push.Orders.Count.ShouldBe(1);
        _crm.Twenty.Writes.Count.ShouldBe(1);
        _crm.Ledger.Entries.Count(e => e.ToolName == RecordSodiwinOrderCommand.Tool).ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_write_back_keeps_the_push_and_is_retried_by_the_next_delivery()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Proforma confirmed", "C00042");
        _crm.Twenty.Before = op => op == "deals.update" ? new TwentyUnavailableException("Twenty is down") : null;

        var first = await _processor.ProcessAsync(Entry(deal.Id, ["exportClientsStage"]));

        first.ShouldEndWith("order number not written: TwentyUnavailableException");
        _crm.Twenty.Writes.ShouldBeEmpty();
        _crm.Ledger.Entries.Single(e => e.ToolName == TwentyEventProcessor.SodiwinPushTool).Status.ShouldBe(LedgerStatus.Succeeded);
        _crm.Ledger.Entries.Single(e => e.ToolName == RecordSodiwinOrderCommand.Tool).Status.ShouldBe(LedgerStatus.Failed);

        _crm.Twenty.Before = _ => null;
        var second = await _processor.ProcessAsync(Entry(deal.Id, ["exportClientsStage"]));

        second.ShouldEndWith("order number written");
        _push.Orders.Count.ShouldBe(1);
        _crm.Twenty.Writes.ShouldHaveSingleItem().Fields.ShouldHaveSingleItem().Value.ShouldBe("CMD-0007");
        _crm.Ledger.Entries.Single(e => e.ToolName == RecordSodiwinOrderCommand.Tool).Status.ShouldBe(LedgerStatus.Succeeded);
    }

    [Fact]
    public async Task No_order_number_or_no_sender_writes_nothing()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Proforma confirmed", "C00042");
        _push.NumeroCommande = null;
        await _processor.ProcessAsync(Entry(deal.Id, ["exportClientsStage"]));
        _push.NumeroCommande = "CMD-0007";
        await new TwentyEventProcessor(_crm.Ledger, _push, []).ProcessAsync(Entry(deal.Id, ["exportClientsStage"], stage: "PAYMENT"));

        _push.Orders.Count.ShouldBe(2);
        _crm.Twenty.Writes.ShouldBeEmpty();
        _crm.Ledger.Entries.ShouldNotContain(e => e.ToolName == RecordSodiwinOrderCommand.Tool);
    }

    [Fact]
    public async Task A_write_back_whose_outcome_was_lost_is_set_again_by_the_reconciler()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Proforma confirmed", "C00042");
        _crm.Twenty.After = op => op == "deals.update" ? new TwentyOutcomeUnknownException("timeout after send") : null;
        (await _processor.ProcessAsync(Entry(deal.Id, ["exportClientsStage"]))).ShouldEndWith("order number not written: TwentyOutcomeUnknownException");
        _crm.Twenty.After = _ => null;
        _crm.Ledger.Entries.Single(e => e.ToolName == RecordSodiwinOrderCommand.Tool).Status.ShouldBe(LedgerStatus.Pending);

        _crm.Time.Advance(TimeSpan.FromMinutes(5));
        var report = await _crm.Reconciler.ReconcileAsync(new Common.Mutations.ReconcileOptions());

        report.Results.ShouldHaveSingleItem().Decision.ShouldBe(Common.Mutations.ReconcileDecision.Completed);
        _crm.Twenty.Writes.Count.ShouldBe(2);
        _crm.Twenty.Writes[^1].Fields.ShouldHaveSingleItem().Value.ShouldBe("CMD-0007");
        _crm.Ledger.Entries.Single(e => e.ToolName == RecordSodiwinOrderCommand.Tool).Status.ShouldBe(LedgerStatus.Succeeded);
    }

    [Fact]
    public async Task A_push_left_pending_by_a_crash_is_sent_again_by_the_claim_holder_only()
    {
        var deal = _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Proforma confirmed", "C00042");
        var entry = Entry(deal.Id, ["exportClientsStage"]);
        _push.Crash = true;
        await Should.ThrowAsync<InvalidOperationException>(() => _processor.ProcessAsync(entry)); // the process dies mid-push
        var push = _crm.Ledger.Entries.Single(e => e.ToolName == TwentyEventProcessor.SodiwinPushTool);
        push.Status.ShouldBe(LedgerStatus.Pending);
        _push.Crash = false;

        // Outside a claim (an admin replay) a pending push may be someone else's: nothing is sent.
        (await _processor.PushOnceAsync(JsonSerializer.Deserialize<SodiwinOrder>(push.RequestJson)!)).ShouldContain("InProgress");
        _push.Orders.Count.ShouldBe(1);

        // The entry taken again (its claim expired with the dead host): the push is finished under the same key.
        (await _processor.ProcessAsync(entry)).ShouldStartWith($"pushed sodiwin:{deal.Id}:PROFORMA_CONFIRMED");
        _push.Orders.Select(o => o.IdempotencyKey).Distinct().ShouldHaveSingleItem();
        _push.Orders.Count.ShouldBe(2);
        var done = _crm.Ledger.Entries.Single(e => e.ToolName == TwentyEventProcessor.SodiwinPushTool);
        done.Status.ShouldBe(LedgerStatus.Succeeded);
        done.Attempts.ShouldBe(2);
        _crm.Ledger.Entries.Single(e => e.ToolName == TwentyEventProcessor.StageChangedTool).Status.ShouldBe(LedgerStatus.Succeeded);
    }

    private static WebhookInboxEntry Entry(Guid deal, string[] updatedFields, string? numero = null, string stage = "PROFORMA_CONFIRMED")
    {
        var schema = SodimoSchema.Current;
        var record = new Dictionary<string, object?>
        {
            ["id"] = deal.ToString(),
            ["name"] = "Cave order",
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.Pipeline)] = "EXPORT_CLIENTS",
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.ExportClientsStage)] = stage,
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.ClientCode)] = "C00042",
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.SodiwinNumeroCommande)] = numero,
        };
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventName"] = "opportunity.updated",
            ["eventDate"] = "2026-11-27T16:00:00.000Z",
            ["record"] = record,
            ["updatedFields"] = updatedFields,
        });
        var id = Guid.NewGuid();
        return new WebhookInboxEntry(
            id,
            new WebhookDelivery("twenty", id.ToString(), "opportunity.updated", DateTimeOffset.UnixEpoch, body),
            WebhookInboxStatus.Received,
            DateTimeOffset.UnixEpoch,
            null,
            null);
    }

    private sealed class FakePush : ISodiwinPush
    {
        public List<SodiwinOrder> Orders { get; } = [];

        public string? NumeroCommande { get; set; } = "CMD-0007";

        public bool Crash { get; set; }

        public Task<SodiwinPushResult> PushAsync(SodiwinOrder order, CancellationToken cancellationToken = default)
        {
            Orders.Add(order);
            if (Crash)
            {
                throw new InvalidOperationException("the process died mid-push");
            }

            return Task.FromResult(new SodiwinPushResult(NumeroCommande, "https://sodiwin.test/orders/7"));
        }
    }
}
