using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Webhooks;

namespace Sodimo.Crm.Testing.Tests.Webhooks;

/// <summary>API-FACTS §7.2 and PEER-CASES [webhook]: body keys and their order.</summary>
public class WebhookPayloadTests
{
    private static readonly WebhookRegistration Hook = new()
    {
        Id = Guid.Parse("11111111-1111-1111-1111-111111111111"),
        TargetUrl = "https://example.test/h",
        Operations = ["*.*"],
        Secret = "s",
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Build_UpdateEvent_KeysInSection7_2Order()
    {
        var change = new WebhookEvent(Guid.Parse("22222222-2222-2222-2222-222222222222"), "person", "updated",
            new JsonObject { ["id"] = "p", ["city"] = "Paris" }, new JsonObject { ["id"] = "p", ["city"] = "Lyon <&>" }, ["city"]);

        var json = WebhookPayload.Serialize(WebhookPayload.Build(Hook, change, Guid.Parse("33333333-3333-3333-3333-333333333333"),
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero)));

        json.ShouldBe("""{"targetUrl":"https://example.test/h","eventName":"person.updated","objectMetadata":{"id":"22222222-2222-2222-2222-222222222222","nameSingular":"person"},"workspaceId":"33333333-3333-3333-3333-333333333333","webhookId":"11111111-1111-1111-1111-111111111111","eventDate":"2026-01-02T03:04:05.006Z","record":{"id":"p","city":"Lyon <&>"},"updatedFields":["city"]}""");
    }

    [Fact]
    public void Build_DeleteEvent_UsesBeforeImage_AndNoUpdatedFields()
    {
        var change = new WebhookEvent(Guid.NewGuid(), "company", "destroyed", new JsonObject { ["id"] = "c" }, null);

        var payload = WebhookPayload.Build(Hook, change, Guid.NewGuid(), DateTimeOffset.UnixEpoch);

        payload["record"]!.ToJsonString().ShouldBe("""{"id":"c"}""");
        payload.ContainsKey("updatedFields").ShouldBeFalse();
        payload.ContainsKey("userId").ShouldBeFalse();
    }

    [Fact]
    public void Build_WebhookRecord_HasSecretRemoved()
    {
        var change = new WebhookEvent(Guid.NewGuid(), "webhook", "created", null, new JsonObject { ["id"] = "w", ["secret"] = "x" });

        WebhookPayload.Build(Hook, change, Guid.NewGuid(), DateTimeOffset.UnixEpoch)["record"]!.ToJsonString().ShouldBe("""{"id":"w"}""");
    }

    [Theory]
    [InlineData("person.created", true)]
    [InlineData("*.created", true)]
    [InlineData("person.*", true)]
    [InlineData("*.*", true)]
    [InlineData("company.created", false)]
    [InlineData("person.updated", false)]
    public void Matches_OperationWildcards(string operation, bool expected) =>
        (Hook with { Operations = [operation] }).Matches("person", "created").ShouldBe(expected);
}
