using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Testing.Webhooks;

namespace Sodimo.Crm.Testing.Tests.Webhooks;

/// <summary>API-FACTS §7.1–7.3 over real loopback HTTP.</summary>
public class EmulatorWebhooksTests
{
    private static readonly Guid Workspace = Guid.Parse("20202020-0000-0000-0000-000000000001");

    private static WebhookEvent Created(string id, string obj = "person") =>
        new(Guid.Parse("20202020-0000-0000-0000-0000000000aa"), obj, "created", null, new JsonObject { ["id"] = id });

    [Fact]
    public async Task Delivery_OverLoopback_IsSignedAndVerifiable()
    {
        using var receiver = new LoopbackReceiver();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        using var hub = new EmulatorWebhooks(time, Workspace);
        var hook = hub.Register(receiver.Url, ["person.created"], "top-secret");

        hub.Publish([Created("p1")]);
        await hub.WhenIdleAsync();

        var received = receiver.Requests.ShouldHaveSingleItem();
        received.Method.ShouldBe("POST");
        received.Headers["Content-Type"].ShouldBe("application/json");
        var timestamp = received.Headers[WebhookSignature.TimestampHeader];
        timestamp.ShouldBe(time.GetUtcNow().ToUnixTimeMilliseconds().ToString());
        received.Headers[WebhookSignature.NonceHeader].ShouldMatch("^[0-9a-f]{32}$");
        WebhookSignature.Verify("top-secret", timestamp, received.Text, received.Headers[WebhookSignature.SignatureHeader]).ShouldBeTrue();
        var body = JsonNode.Parse(received.Text)!.AsObject();
        body.Select(p => p.Key).ShouldBe(["targetUrl", "eventName", "objectMetadata", "workspaceId", "webhookId", "eventDate", "record"]);
        body["webhookId"]!.GetValue<string>().ShouldBe(hook.Id.ToString());
        body["record"]!["id"]!.GetValue<string>().ShouldBe("p1");

        var delivery = hub.Deliveries.ShouldHaveSingleItem();
        delivery.StatusCode.ShouldBe(200);
        delivery.Body.ShouldBe(received.Text);
        delivery.EventName.ShouldBe("person.created");
    }

    [Fact]
    public async Task EmptySecret_SendsNoSignatureHeaders()
    {
        using var receiver = new LoopbackReceiver();
        using var hub = new EmulatorWebhooks(TimeProvider.System, Workspace);
        hub.Register(receiver.Url, secret: "");

        hub.Publish([Created("p1")]);
        await hub.WhenIdleAsync();

        receiver.Requests.ShouldHaveSingleItem().Headers.Keys.ShouldNotContain(WebhookSignature.SignatureHeader);
    }

    [Fact]
    public async Task FailingTarget_IsCalledOnce_NoRetry()
    {
        using var receiver = new LoopbackReceiver(status: 500);
        using var hub = new EmulatorWebhooks(TimeProvider.System, Workspace);
        hub.Register(receiver.Url);

        hub.Publish([Created("p1")]);
        await hub.WhenIdleAsync();

        receiver.Requests.Count.ShouldBe(1);
        var delivery = hub.Deliveries.ShouldHaveSingleItem();
        delivery.StatusCode.ShouldBe(500);
        delivery.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task HangingTarget_TimesOut_AndIsRecordedAsError()
    {
        using var receiver = new LoopbackReceiver(hang: true);
        using var hub = new EmulatorWebhooks(TimeProvider.System, Workspace) { DeliveryTimeout = TimeSpan.FromMilliseconds(300) };
        hub.Register(receiver.Url);

        hub.Publish([Created("p1")]);
        await hub.WhenIdleAsync();

        var delivery = hub.Deliveries.ShouldHaveSingleItem();
        delivery.StatusCode.ShouldBeNull();
        delivery.Error.ShouldNotBeNull().ShouldContain("Timeout");
        receiver.Requests.Count.ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public async Task ConnectionRefused_IsRecordedAsError()
    {
        string url;
        using (var closed = new LoopbackReceiver())
        {
            url = closed.Url;
        }

        using var hub = new EmulatorWebhooks(TimeProvider.System, Workspace);
        hub.Register(url);
        hub.Publish([Created("p1")]);
        await hub.WhenIdleAsync();

        hub.Deliveries.ShouldHaveSingleItem().Error.ShouldNotBeNull();
    }

    [Fact]
    public async Task Batch_FansOutWebhooksOuterEventsInner_AndFiltersOperations()
    {
        using var receiver = new LoopbackReceiver();
        using var hub = new EmulatorWebhooks(TimeProvider.System, Workspace);
        var a = hub.Register(receiver.Url, ["*.created"]);
        var b = hub.Register(receiver.Url, ["person.*"]);
        hub.Register(receiver.Url, ["company.updated"]);

        hub.Publish([Created("p1"), Created("p2"), Created("c1", "company")]);
        await hub.WhenIdleAsync();

        hub.Deliveries.Select(d => (d.WebhookId, JsonNode.Parse(d.Body)!["record"]!["id"]!.GetValue<string>()))
            .ShouldBe([(a.Id, "p1"), (a.Id, "p2"), (a.Id, "c1"), (b.Id, "p1"), (b.Id, "p2")]);
    }

    [Fact]
    public void Register_NonHttpUrl_InvalidTargetUrl() =>
        Should.Throw<WebhookInputException>(() => new EmulatorWebhooks(TimeProvider.System, Workspace).Register("ftp://x/y"))
            .Message.ShouldBe("Invalid target URL provided");

    [Fact]
    public void Register_NoSecret_GeneratesA64HexSecret_AndDefaultOperations()
    {
        using var hub = new EmulatorWebhooks(TimeProvider.System, Workspace);
        var hook = hub.Register("https://example.test/x");

        hook.Secret.ShouldMatch("^[0-9a-f]{64}$");
        hook.Operations.ShouldBe(["*.*"]);
    }
}
