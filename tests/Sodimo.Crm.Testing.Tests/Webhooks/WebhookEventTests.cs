using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Webhooks;

namespace Sodimo.Crm.Testing.Tests.Webhooks;

/// <summary>API-FACTS §7 end to end: record changes through the APIs reach a real loopback receiver.</summary>
public class WebhookEventTests
{
    [Fact]
    public async Task Section7_RestCreate_DeliversSignedPayload_OverLoopback()
    {
        using var receiver = new LoopbackReceiver();
        await using var h = await Harness.StartAsync(Transport.Loopback);
        var hook = h.Emulator.Webhooks.Register(receiver.Url, ["person.created"], "s3cret");

        var (_, created, _) = await h.PostAsync("/rest/people", new JsonObject { ["name"] = new JsonObject { ["firstName"] = "Ada", ["lastName"] = "L" } });
        await h.Emulator.Webhooks.WhenIdleAsync();

        var received = receiver.Requests.ShouldHaveSingleItem();
        var timestamp = received.Headers[WebhookSignature.TimestampHeader];
        WebhookSignature.Verify("s3cret", timestamp, received.Text, received.Headers[WebhookSignature.SignatureHeader]).ShouldBeTrue();
        var body = JsonNode.Parse(received.Text)!.AsObject();
        body.Select(p => p.Key).ShouldBe(["targetUrl", "eventName", "objectMetadata", "workspaceId", "webhookId", "eventDate", "record"]);
        body["eventName"]!.GetValue<string>().ShouldBe("person.created");
        body["webhookId"]!.GetValue<string>().ShouldBe(hook.Id.ToString());
        body["workspaceId"]!.GetValue<string>().ShouldBe(h.Emulator.WorkspaceId.ToString());
        body["objectMetadata"]!["nameSingular"]!.GetValue<string>().ShouldBe("person");
        body["record"]!["id"]!.GetValue<string>().ShouldBe(created!["data"]!["createPerson"]!["id"]!.GetValue<string>());
        body["record"]!["name"]!["firstName"]!.GetValue<string>().ShouldBe("Ada");
    }

    [Fact]
    public async Task Section7_BatchCreate_OneEventPerRecord()
    {
        using var receiver = new LoopbackReceiver();
        await using var h = await Harness.StartAsync();
        h.Emulator.Webhooks.Register(receiver.Url, ["*.created"]);

        await h.PostAsync("/rest/batch/people", new JsonArray(new JsonObject { ["city"] = "A" }, new JsonObject { ["city"] = "B" }, new JsonObject { ["city"] = "C" }));
        await h.Emulator.Webhooks.WhenIdleAsync();

        h.Emulator.Webhooks.Deliveries.Select(d => JsonNode.Parse(d.Body)!["record"]!["city"]!.GetValue<string>()).ShouldBe(["A", "B", "C"]);
        receiver.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task PeerCase_BatchFanOut_WebhooksOuter_EventsInner()
    {
        // PEER-CASES [webhook] fan-out: one call per (webhook × record event), webhooks outer, events inner.
        using var receiver = new LoopbackReceiver();
        await using var h = await Harness.StartAsync();
        var a = h.Emulator.Webhooks.Register(receiver.Url, ["person.created"]);
        var b = h.Emulator.Webhooks.Register(receiver.Url, ["*.*"]);

        await h.PostAsync("/rest/batch/people", new JsonArray(new JsonObject { ["city"] = "A" }, new JsonObject { ["city"] = "B" }));
        await h.Emulator.Webhooks.WhenIdleAsync();

        h.Emulator.Webhooks.Deliveries.Select(d => (d.WebhookId, JsonNode.Parse(d.Body)!["record"]!["city"]!.GetValue<string>()))
            .ShouldBe([(a.Id, "A"), (a.Id, "B"), (b.Id, "A"), (b.Id, "B")]);
        h.Emulator.Webhooks.Deliveries.Select(d => JsonNode.Parse(d.Body)!["eventDate"]!.GetValue<string>()).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Section7_Update_Delete_Destroy_EventNamesAndImages()
    {
        using var receiver = new LoopbackReceiver();
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        h.Emulator.Webhooks.Register(receiver.Url, ["person.*"]);

        await h.PatchAsync($"/rest/people/{ids[0]}", new JsonObject { ["jobTitle"] = "CTO" });
        await h.DeleteAsync($"/rest/people/{ids[1]}?soft_delete=true");
        await h.DeleteAsync($"/rest/people/{ids[2]}");
        await h.Emulator.Webhooks.WhenIdleAsync();

        var bodies = h.Emulator.Webhooks.Deliveries.Select(d => JsonNode.Parse(d.Body)!).ToList();
        bodies.Select(b => b["eventName"]!.GetValue<string>()).ShouldBe(["person.updated", "person.deleted", "person.destroyed"]);
        bodies[0]["updatedFields"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldContain("jobTitle");
        bodies[0]["record"]!["jobTitle"]!.GetValue<string>().ShouldBe("CTO");
        bodies[1]["record"]!["deletedAt"].ShouldNotBeNull();
        bodies[2]["record"]!["id"]!.GetValue<string>().ShouldBe(ids[2]);
        bodies[2].AsObject().ContainsKey("updatedFields").ShouldBeFalse();
    }

    [Fact]
    public async Task Section7_GraphQLMutation_AndMetadataRegisteredWebhook_Fire()
    {
        using var receiver = new LoopbackReceiver();
        await using var h = await Harness.StartAsync();
        await h.PostAsync("/rest/metadata/webhooks", new JsonObject { ["targetUrl"] = receiver.Url, ["operations"] = new JsonArray("company.created"), ["secret"] = "" });

        await h.PostAsync("/graphql", new JsonObject { ["query"] = "mutation { createCompany(data: { name: \"Globex\" }) { id } }" });
        await h.PostAsync("/rest/people", new JsonObject { ["city"] = "ignored" });
        await h.Emulator.Webhooks.WhenIdleAsync();

        var delivery = h.Emulator.Webhooks.Deliveries.ShouldHaveSingleItem();
        delivery.EventName.ShouldBe("company.created");
        delivery.Headers.Keys.ShouldNotContain(WebhookSignature.SignatureHeader);
        receiver.Requests.ShouldHaveSingleItem();
    }
}
