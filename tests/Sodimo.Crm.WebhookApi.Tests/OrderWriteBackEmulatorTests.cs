using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.RecordSodiwinOrder;
using Sodimo.Crm.Application.Webhooks;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>
/// End to end: a deal created in the TwentyEmulator fires a signed webhook to the webhook API, the deal is pushed to a
/// fake Sodiwin API, and the order number it returns lands on the deal in the emulator; the update event of that
/// write-back comes back and sets off nothing.
/// </summary>
public sealed class OrderWriteBackEmulatorTests : IAsyncLifetime, IAsyncDisposable
{
    private const string CreateField = "mutation CreateField($input: CreateOneFieldMetadataInput!) { createOneField(input: $input) { id name } }";
    private readonly FakeTimeProvider time = new(TwentyVectors.SignedAt);
    private TwentyEmulator emulator = null!;
    private FakeSodiwin sodiwin = null!;
    private WebhookApiServer server = null!;

    public async Task InitializeAsync()
    {
        var options = new TwentyEmulatorOptions { TimeProvider = time };
        options.RateLimit.Enabled = false;
        emulator = new TwentyEmulator(options);
        await emulator.StartAsync();
        sodiwin = await FakeSodiwin.StartAsync();
        server = await WebhookApiServer.StartAsync(time, s =>
        {
            s["Sodimo:Webhooks:ProcessInbox"] = "true";
            s["Sodimo:SodiwinPush:ApiBaseUrl"] = sodiwin.BaseUrl;
            s["Sodimo:SodiwinPush:Backoff:0"] = "00:00:00";
            s["Sodimo:Twenty:BaseUrl"] = emulator.BaseAddress.ToString();
            s["Sodimo:Twenty:ApiKey"] = "dev-key";
        });
        await ProvisionAsync(server.App.Services.GetRequiredService<ITwentyGraphQLClient>());
        emulator.Webhooks.Register(new Uri(server.Client.BaseAddress!, "/webhooks/twenty").ToString(), ["opportunity.*"], WebhookApiServer.Secret);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await sodiwin.DisposeAsync();
        await emulator.DisposeAsync();
    }

    [Fact]
    public async Task The_order_number_lands_on_the_deal_and_its_update_event_sets_off_nothing()
    {
        var schema = SodimoSchema.Current;
        var numeroField = schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.SodiwinNumeroCommande);
        using var http = emulator.CreateClient();
        using var created = await http.PostAsJsonAsync("rest/opportunities", new JsonObject
        {
            ["name"] = "Caves Müller",
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.Pipeline)] = "EXPORT_CLIENTS",
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.ExportClientsStage)] = "PROFORMA_CONFIRMED",
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.ClientCode)] = "C00042",
        });
        created.EnsureSuccessStatusCode();
        var dealId = Guid.Parse(emulator.GetRecords("opportunity").ShouldHaveSingleItem()["id"]!.GetValue<string>());

        for (var i = 0; i < 400 && emulator.FindRecord("opportunity", dealId)![numeroField]?.GetValue<string>() is null; i++)
        {
            await Task.Delay(25);
        }

        emulator.FindRecord("opportunity", dealId)![numeroField]!.GetValue<string>().ShouldBe("CMD-0001");
        await emulator.Webhooks.WhenIdleAsync();
        await DrainedAsync();
        emulator.Webhooks.Deliveries.Count.ShouldBe(2); // the create, and the update of our write-back
        sodiwin.Requests.ShouldHaveSingleItem().IdempotencyKey.ShouldBe($"sodiwin:{dealId}:PROFORMA_CONFIRMED");
        var ledger = server.App.Services.GetRequiredService<IRunLedger>();
        var rows = await ledger.QueryAsync(new LedgerQuery { Limit = 100 });
        rows.Count(e => e.ToolName == TwentyEventProcessor.StageChangedTool).ShouldBe(1);
        rows.Single(e => e.ToolName == TwentyEventProcessor.SodiwinPushTool).Status.ShouldBe(LedgerStatus.Succeeded);
        var writeBack = rows.Single(e => e.ToolName == RecordSodiwinOrderCommand.Tool);
        writeBack.Status.ShouldBe(LedgerStatus.Succeeded);
        writeBack.Actor.ShouldBe(Actor.Webhook);
        writeBack.Target.RecordId.ShouldBe(dealId.ToString());
    }

    [Fact]
    public async Task The_host_runs_the_reconciler_which_settles_a_write_back_left_pending()
    {
        // A write-back whose outcome a crash left unknown: a pending ledger row, the deal untouched.
        var schema = SodimoSchema.Current;
        var numeroField = schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.SodiwinNumeroCommande);
        using var http = emulator.CreateClient();
        using var created = await http.PostAsJsonAsync("rest/opportunities", new JsonObject { ["name"] = "Caves Müller" });
        created.EnsureSuccessStatusCode();
        var dealId = Guid.Parse(emulator.GetRecords("opportunity").ShouldHaveSingleItem()["id"]!.GetValue<string>());
        var command = new RecordSodiwinOrderCommand
        {
            Run = new RunContext("sodiwin-order:test", Actor.Webhook, "twenty-webhook"),
            IdempotencyKey = RecordSodiwinOrderCommand.KeyFor(dealId, "PAYMENT"),
            DealId = dealId,
            NumeroCommande = "CMD-0042",
        };
        var payload = Sodimo.Crm.Application.Common.Mutations.MutationJson.Payload(command);
        var ledger = server.App.Services.GetRequiredService<IRunLedger>();
        var pending = await ledger.BeginAsync(new LedgerBeginRequest(
            command.Run, command.ToolName, command.Target, Sodimo.Crm.Application.Common.Mutations.MutationJson.ScopedKey(command), payload, LedgerRequestHash.Of(payload)));
        pending.IsStarted.ShouldBeTrue();

        // The reconciler runs every 5 minutes (fake clock) and leaves entries younger than 2 minutes alone.
        for (var i = 0; i < 400 && (await ledger.GetAsync(pending.Entry.Id))!.Status == LedgerStatus.Pending; i++)
        {
            if (i % 20 == 0)
            {
                time.Advance(TimeSpan.FromMinutes(1));
            }

            await Task.Delay(25);
        }

        (await ledger.GetAsync(pending.Entry.Id))!.Status.ShouldBe(LedgerStatus.Succeeded);
        emulator.FindRecord("opportunity", dealId)![numeroField]!.GetValue<string>().ShouldBe("CMD-0042");
    }

    private static async Task ProvisionAsync(ITwentyGraphQLClient graphQL)
    {
        var data = await graphQL.QueryAsync(TwentyGraphQLEndpoint.Metadata, "query { objects(paging: { first: 100 }) { edges { node { id nameSingular } } } }");
        var ids = data["objects"]!["edges"]!.AsArray().Select(e => e!["node"]!)
            .ToDictionary(n => n["nameSingular"]!.GetValue<string>(), n => n["id"]!.GetValue<string>());
        foreach (var (obj, field) in SodimoSchema.Current.Objects.Where(o => !o.IsCustom).SelectMany(o => o.Fields.Where(f => !f.IsStandard).Select(f => (o, f))))
        {
            var input = new JsonObject
            {
                ["objectMetadataId"] = ids[obj.NameSingular],
                ["type"] = field.Type.ToApiName(),
                ["name"] = field.TwentyName,
                ["label"] = field.Label,
            };
            if (field.HasOptions)
            {
                input["options"] = new JsonArray(field.Options.Select(o => (JsonNode)new JsonObject
                {
                    ["value"] = o.Value,
                    ["label"] = o.Label,
                    ["position"] = o.Position,
                    ["color"] = o.ColorApiName,
                }).ToArray());
            }

            await graphQL.MutateAsync(TwentyGraphQLEndpoint.Metadata, CreateField, new JsonObject { ["input"] = new JsonObject { ["field"] = input } });
        }
    }

    private async Task DrainedAsync()
    {
        var inbox = server.App.Services.GetRequiredService<IWebhookInbox>();
        for (var i = 0; i < 400 && (await inbox.ListReceivedAsync(10)).Count > 0; i++)
        {
            await Task.Delay(25);
        }

        (await inbox.ListReceivedAsync(10)).ShouldBeEmpty();
    }
}
