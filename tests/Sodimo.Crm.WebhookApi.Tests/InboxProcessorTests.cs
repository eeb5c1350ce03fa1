using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Webhooks;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.WebhookApi.Tests;

public sealed class InboxProcessorTests : IAsyncLifetime
{
    private const string Deal = "0d9a1c52-7e4b-4f0e-9a51-3c2d1e0f4a6b";
    private const string AdminToken = "admin-token-0123456789-abcdefghijklmnop";
    private const string Member = "20202020-0687-4c41-b707-ed1bfca972a7";
    private readonly FakeTimeProvider time = new(TwentyVectors.SignedAt);
    private FakeSodiwin sodiwin = null!;
    private WebhookApiServer server = null!;
    private long tick;

    public async Task InitializeAsync()
    {
        sodiwin = await FakeSodiwin.StartAsync();
        server = await WebhookApiServer.StartAsync(time, s =>
        {
            s["Sodimo:Webhooks:ProcessInbox"] = "true";
            s["Sodimo:SodiwinPush:ApiBaseUrl"] = sodiwin.BaseUrl;
            s["Sodimo:SodiwinPush:Backoff:0"] = "00:00:00";
            s["Sodimo:Webhooks:AdminTokens:0"] = AdminToken;
        });
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await sodiwin.DisposeAsync();
    }

    [Fact]
    public async Task A_stage_change_delivered_twice_is_two_ledger_rows_and_one_order()
    {
        var body = Event(["exportClientsStage", "updatedAt"], "PROFORMA_CONFIRMED", Member);
        await PostAsync(body);
        await PostAsync(body); // the same change delivered again, signed at a new time: a new delivery

        await DrainedAsync();
        sodiwin.Requests.ShouldHaveSingleItem().IdempotencyKey.ShouldBe($"sodiwin:{Deal}:PROFORMA_CONFIRMED");
        var changes = await LedgerAsync(TwentyEventProcessor.StageChangedTool);
        changes.Count.ShouldBe(2);
        changes.ShouldAllBe(e => e.Actor == Actor.Human && e.CallerId == Member && e.Target.RecordId == Deal && e.Target.Key == "C00042");
        var push = (await LedgerAsync(TwentyEventProcessor.SodiwinPushTool)).ShouldHaveSingleItem();
        push.Status.ShouldBe(LedgerStatus.Succeeded);
        push.Actor.ShouldBe(Actor.Webhook);
        push.ResultJson.ShouldNotBeNull().ShouldContain("CMD-0001");
    }

    [Fact]
    public async Task Each_stage_change_row_has_the_stage_before_it_from_the_deals_previous_delivery()
    {
        // Twenty's payload holds only the record after the change (API-FACTS 7.2): the stage before is the previous delivery's.
        await PostAsync(Event(["pipeline", "newLeadsStage"], "NEW_LEADS_WINE", SodimoFieldNames.NewLeadsStage, "NEGOTIATION", null, "opportunity.created"));
        await PostAsync(Event(["newLeadsStage"], "NEW_LEADS_WINE", SodimoFieldNames.NewLeadsStage, "ORDER_CONFIRMATION", Member));
        await PostAsync(Event(["pipeline", "exportClientsStage"], "ORDER_RECEIVED", Member));
        await PostAsync(Event(["health", "stageEnteredAt"], "ORDER_RECEIVED", null)); // our own write: no row, but a state
        await PostAsync(Event(["exportClientsStage"], "PROFORMA_SENT", null));

        await DrainedAsync();
        var rows = (await LedgerAsync(TwentyEventProcessor.StageChangedTool))
            .Select(e => (e, JsonDocument.Parse(e.RequestJson).RootElement))
            .Select(x => $"{x.e.Actor}|{x.e.CallerId}|{Text(x.Item2, "fromPipeline")}:{Text(x.Item2, "fromStage")} -> {Text(x.Item2, "pipeline")}:{Text(x.Item2, "toStage")}");
        rows.ShouldBe([
            "Ai||: -> NEW_LEADS_WINE:NEGOTIATION",
            $"Human|{Member}|NEW_LEADS_WINE:NEGOTIATION -> NEW_LEADS_WINE:ORDER_CONFIRMATION",
            $"Human|{Member}|NEW_LEADS_WINE:ORDER_CONFIRMATION -> EXPORT_CLIENTS:ORDER_RECEIVED",
            "Ai||EXPORT_CLIENTS:ORDER_RECEIVED -> EXPORT_CLIENTS:PROFORMA_SENT",
        ], ignoreOrder: true); // the test clock stands still: rows tie on created_at; the from/to chain shows the order

        static string? Text(JsonElement change, string name) => change.GetProperty(name).GetString();
    }

    [Fact]
    public async Task Events_out_of_order_push_each_stage_once()
    {
        await PostAsync(Event(["exportClientsStage"], "PAYMENT", null));
        await PostAsync(Event(["exportClientsStage"], "PROFORMA_CONFIRMED", null));
        await PostAsync(Event(["exportClientsStage"], "PAYMENT", null));

        await DrainedAsync();
        sodiwin.Requests.Select(r => r.IdempotencyKey).ShouldBe([$"sodiwin:{Deal}:PAYMENT", $"sodiwin:{Deal}:PROFORMA_CONFIRMED"]);
        (await LedgerAsync(TwentyEventProcessor.StageChangedTool)).ShouldAllBe(e => e.Actor == Actor.Ai);
    }

    [Fact]
    public async Task Our_own_writes_set_off_nothing()
    {
        await PostAsync(Event(["sodiwinNumeroCommande", "updatedAt"], "PROFORMA_CONFIRMED", null));
        await PostAsync(Event(["health", "stageEnteredAt"], "PROFORMA_CONFIRMED", null));

        await DrainedAsync();
        sodiwin.Requests.ShouldBeEmpty();
        (await LedgerAsync(null)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Sodiwin_down_is_retried_then_dead_lettered_and_a_replay_pushes_once()
    {
        sodiwin.Status = 503;
        await PostAsync(Event(["exportClientsStage"], "PROFORMA_CONFIRMED", Member));
        await DrainedAsync();
        sodiwin.Requests.Count.ShouldBe(2); // one attempt, one retry after the configured backoff
        var failed = (await LedgerAsync(TwentyEventProcessor.SodiwinPushTool)).ShouldHaveSingleItem();
        failed.Status.ShouldBe(LedgerStatus.Failed);
        failed.Attempts.ShouldBe(2);

        (await AdminAsync(HttpMethod.Get, "/admin/failed", null)).ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        using (var list = await AdminSendAsync(HttpMethod.Get, "/admin/failed"))
        {
            using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
            json.RootElement.EnumerateArray().ShouldHaveSingleItem().GetProperty("id").GetGuid().ShouldBe(failed.Id);
        }

        sodiwin.Status = 201;
        (await AdminAsync(HttpMethod.Post, $"/admin/failed/{failed.Id}/replay", AdminToken)).ShouldBe(System.Net.HttpStatusCode.OK);
        (await AdminAsync(HttpMethod.Post, $"/admin/failed/{failed.Id}/replay", AdminToken)).ShouldBe(System.Net.HttpStatusCode.OK);

        sodiwin.Requests.Count.ShouldBe(3);
        var replayed = (await LedgerAsync(TwentyEventProcessor.SodiwinPushTool)).ShouldHaveSingleItem();
        replayed.Id.ShouldBe(failed.Id);
        replayed.Status.ShouldBe(LedgerStatus.Succeeded);
    }

    private static string Event(string[] updatedFields, string stage, string? member) =>
        Event(updatedFields, "EXPORT_CLIENTS", SodimoFieldNames.ExportClientsStage, stage, member);

    private static string Event(string[] updatedFields, string pipeline, string stageField, string stage, string? member, string eventName = "opportunity.updated")
    {
        var schema = SodimoSchema.Current;
        var record = new Dictionary<string, object?>
        {
            ["id"] = Deal,
            ["name"] = "Caves Müller",
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.Pipeline)] = pipeline,
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, stageField)] = stage,
            [schema.TwentyNameOf(SodimoObjectNames.Opportunity, SodimoFieldNames.ClientCode)] = "C00042",
            ["amount"] = new { amountMicros = 1234500000, currencyCode = "EUR" },
        };
        var payload = new Dictionary<string, object?>
        {
            ["targetUrl"] = "http://127.0.0.1/webhooks/twenty",
            ["eventName"] = eventName,
            ["objectMetadata"] = new { id = "5c3a0f9e-0000-4000-8000-000000000001", nameSingular = "opportunity" },
            ["workspaceId"] = "3b8e6458-5fc1-4e63-8563-008ccddaa6db",
            ["webhookId"] = "a1b2c3d4-0000-4000-8000-000000000002",
            ["eventDate"] = "2026-11-27T16:00:00.000Z",
        };
        if (member is not null)
        {
            payload["workspaceMemberId"] = member;
        }

        payload["record"] = record;
        payload["updatedFields"] = updatedFields;
        return JsonSerializer.Serialize(payload);
    }

    private async Task PostAsync(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = (TwentyVectors.SignedAt.ToUnixTimeMilliseconds() + Interlocked.Increment(ref tick)).ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twenty") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Twenty-Webhook-Timestamp", timestamp);
        request.Headers.Add("X-Twenty-Webhook-Signature", TwentySignature.Sign(TwentyVectors.Secret, timestamp, bytes));
        using var response = await server.Client.SendAsync(request);
        ((int)response.StatusCode).ShouldBe(202);
    }

    private async Task DrainedAsync()
    {
        for (var i = 0; i < 400 && (await server.App.Services.GetRequiredService<IWebhookInbox>().ListReceivedAsync(10)).Count > 0; i++)
        {
            await Task.Delay(25);
        }

        (await server.App.Services.GetRequiredService<IWebhookInbox>().ListReceivedAsync(10)).ShouldBeEmpty();
    }

    private async Task<System.Net.HttpStatusCode> AdminAsync(HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await server.Client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> AdminSendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", AdminToken);
        var response = await server.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response;
    }

    private Task<IReadOnlyList<LedgerEntry>> LedgerAsync(string? tool) =>
        server.App.Services.GetRequiredService<IRunLedger>().QueryAsync(new LedgerQuery { ToolName = tool, Limit = 100 });
}
