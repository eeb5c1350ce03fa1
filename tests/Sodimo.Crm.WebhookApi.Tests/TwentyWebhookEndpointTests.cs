using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>POST /webhooks/twenty over real HTTP on 127.0.0.1: what is refused stores nothing; what is accepted is stored once.</summary>
public sealed class TwentyWebhookEndpointTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(TwentyVectors.SignedAt.AddSeconds(2));
    private WebhookApiServer server = null!;

    public async Task InitializeAsync() => server = await WebhookApiServer.StartAsync(
        time, settings => settings["Sodimo:Webhooks:Secrets:1"] = TwentyVectors.OldSecret);

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static HttpRequestMessage Delivery(
        byte[]? body = null,
        string? timestamp = TwentyVectors.Timestamp,
        string? signature = TwentyVectors.Signature,
        string? contentType = "application/json",
        string nonce = "0123456789abcdef0123456789abcdef")
    {
        var content = new ByteArrayContent(body ?? Encoding.UTF8.GetBytes(TwentyVectors.Body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twenty") { Content = content };
        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Timestamp", timestamp);
        }

        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Signature", signature);
        }

        request.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Nonce", nonce);
        return request;
    }

    private static HttpRequestMessage Signed(byte[] body, string secret = TwentyVectors.Secret, string timestamp = TwentyVectors.Timestamp) =>
        Delivery(body, timestamp, TwentySignature.Sign(secret, timestamp, body));

    private async Task RefusedAndNothingStored(HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await server.Client.SendAsync(request);
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
        (await server.InboxAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_ValidDelivery_IsCommittedToTheInboxBeforeTheAnswer()
    {
        using var response = await server.Client.SendAsync(Delivery());

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entry = (await server.InboxAsync()).ShouldHaveSingleItem();
        json.RootElement.GetProperty("id").GetGuid().ShouldBe(entry.Id);
        entry.Delivery.ShouldBe(new WebhookDelivery("twenty", TwentyVectors.DeliveryKey, "opportunity.updated", TwentyVectors.SignedAt, TwentyVectors.Body));
        entry.Status.ShouldBe(WebhookInboxStatus.Received);
    }

    [Fact]
    public async Task Post_ExactReplayOrNewNonce_AnswersOkAndHasNoSecondEffect()
    {
        using var first = await server.Client.SendAsync(Delivery());
        using var replay = await server.Client.SendAsync(Delivery());
        using var newNonce = await server.Client.SendAsync(Delivery(nonce: "ffffffffffffffffffffffffffffffff"));

        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        newNonce.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadAsStringAsync()).ShouldContain("duplicate");
        (await server.InboxAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Post_SameBodySignedAtANewTime_IsANewDelivery()
    {
        var body = Encoding.UTF8.GetBytes(TwentyVectors.Body);
        using var first = await server.Client.SendAsync(Signed(body));
        using var second = await server.Client.SendAsync(Signed(body, timestamp: "1795795201000"));

        second.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await server.InboxAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Post_SignedWithTheOldSecretDuringRotation_IsAccepted()
    {
        using var response = await server.Client.SendAsync(Delivery(signature: TwentyVectors.OldSignature));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await server.InboxAsync()).ShouldHaveSingleItem();
    }

    [Fact]
    public Task Post_MissingTimestamp_Is401() => RefusedAndNothingStored(Delivery(timestamp: null), HttpStatusCode.Unauthorized);

    [Fact]
    public Task Post_MissingSignature_Is401() => RefusedAndNothingStored(Delivery(signature: null), HttpStatusCode.Unauthorized);

    [Fact]
    public Task Post_EmptySignature_Is401() => RefusedAndNothingStored(Delivery(signature: ""), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Post_SignatureHeaderTwice_Is401()
    {
        var request = Delivery();
        request.Headers.TryAddWithoutValidation("X-Twenty-Webhook-Signature", TwentyVectors.Signature);
        await RefusedAndNothingStored(request, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Post_LowerCaseHeaderNames_AreTheSameHeaders()
    {
        var request = Delivery(timestamp: null, signature: null);
        request.Headers.TryAddWithoutValidation("x-twenty-webhook-timestamp", TwentyVectors.Timestamp);
        request.Headers.TryAddWithoutValidation("x-twenty-webhook-signature", TwentyVectors.Signature);

        using var response = await server.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    public static TheoryData<string> WrongSignatures() => new()
    {
        TwentySignature.Sign("another-secret-of-enough-length-123", TwentyVectors.Timestamp, Encoding.UTF8.GetBytes(TwentyVectors.Body)),
        TwentyVectors.Signature.ToUpperInvariant(),
        Convert.ToBase64String(Convert.FromHexString(TwentyVectors.Signature)),
        "sha256=" + TwentyVectors.Signature,
        "v1," + TwentyVectors.Signature,
        TwentyVectors.Signature[..40],
        "0000000000000000000000000000000000000000000000000000000000000000 " + TwentyVectors.Signature,
    };

    [Theory]
    [MemberData(nameof(WrongSignatures))]
    public Task Post_WrongSignature_Is401(string signature) =>
        RefusedAndNothingStored(Delivery(signature: signature), HttpStatusCode.Unauthorized);

    [Theory]
    [InlineData("1795795200")]
    [InlineData("1795794898000")] // 5 min 4 s before the server's clock
    [InlineData("1795795502001")] // 5 min + 1 ms after
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1795795200000.5")]
    [InlineData("17957952000000000000")]
    public async Task Post_BadOrStaleTimestamp_Is401(string timestamp)
    {
        var body = Encoding.UTF8.GetBytes(TwentyVectors.Body);
        await RefusedAndNothingStored(Delivery(body, timestamp, TwentySignature.Sign(TwentyVectors.Secret, timestamp, body)), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Post_TimestampExactlyAtTheWindowsEdge_IsAccepted()
    {
        var timestamp = (TwentyVectors.SignedAt.AddSeconds(2) - TimeSpan.FromMinutes(5)).ToUnixTimeMilliseconds().ToString();
        using var response = await server.Client.SendAsync(Signed(Encoding.UTF8.GetBytes(TwentyVectors.Body), timestamp: timestamp));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Post_OneByteChangedOrReserialised_Is401()
    {
        var changed = Encoding.UTF8.GetBytes(TwentyVectors.Body);
        changed[50] ^= 1;
        await RefusedAndNothingStored(Delivery(changed), HttpStatusCode.Unauthorized);
        await RefusedAndNothingStored(Delivery(Encoding.UTF8.GetBytes(TwentyVectors.Body + "\n")), HttpStatusCode.Unauthorized);
        var reserialised = JsonSerializer.Serialize(JsonDocument.Parse(TwentyVectors.Body).RootElement, new JsonSerializerOptions { WriteIndented = true });
        await RefusedAndNothingStored(Delivery(Encoding.UTF8.GetBytes(reserialised)), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public Task Post_SignedButWithByteOrderMark_Is400() =>
        RefusedAndNothingStored(Signed([.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(TwentyVectors.Body)]), HttpStatusCode.BadRequest);

    [Fact]
    public Task Post_SignedButInvalidUtf8_Is400() =>
        RefusedAndNothingStored(Signed([.. "{\"eventName\":\""u8, 0xC3, 0x28, .. "\"}"u8]), HttpStatusCode.BadRequest);

    [Fact]
    public Task Post_SignedButNotJson_Is400() => RefusedAndNothingStored(Signed("eventName=x"u8.ToArray()), HttpStatusCode.BadRequest);

    [Fact]
    public Task Post_SignedEmptyBody_Is400() => RefusedAndNothingStored(Signed([]), HttpStatusCode.BadRequest);

    [Fact]
    public Task Post_SignedJsonWithoutEventName_Is422() =>
        RefusedAndNothingStored(Signed("""{"record":{"id":"x"}}"""u8.ToArray()), HttpStatusCode.UnprocessableEntity);

    [Fact]
    public Task Post_SignedJsonArray_Is422() => RefusedAndNothingStored(Signed("[1,2]"u8.ToArray()), HttpStatusCode.UnprocessableEntity);

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public Task Post_NotJsonContentType_Is415(string? contentType) =>
        RefusedAndNothingStored(Delivery(contentType: contentType), HttpStatusCode.UnsupportedMediaType);

    [Fact]
    public async Task Post_GzipEncodedBody_Is415()
    {
        var request = Delivery();
        request.Content!.Headers.ContentEncoding.Add("gzip");
        await RefusedAndNothingStored(request, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_JsonWithCharsetUtf8_IsAccepted()
    {
        using var response = await server.Client.SendAsync(Delivery(contentType: "application/json; charset=utf-8"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public Task Post_TwoMegabyteBody_Is413BeforeAnyHmac() =>
        RefusedAndNothingStored(Delivery(new byte[2 * 1024 * 1024], signature: new string('0', 64)), HttpStatusCode.RequestEntityTooLarge);

    [Fact]
    public async Task Post_ChunkedBodyOverTheCap_Is413()
    {
        var request = Delivery();
        var content = new StreamContent(new MemoryStream(new byte[600 * 1024]));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Content = content;
        request.Headers.TransferEncodingChunked = true;
        await RefusedAndNothingStored(request, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_InboxUnavailable_Is503AndNotAcknowledged()
    {
        (await server.InboxAsync()).ShouldBeEmpty(); // the schema exists
        server.BreakLedger();

        using var response = await server.Client.SendAsync(Delivery());

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        using var ready = await server.Client.GetAsync("/readyz");
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Health_Liveness_AndReadinessWithTheLedgerReachable()
    {
        using var live = await server.Client.GetAsync("/healthz");
        using var ready = await server.Client.GetAsync("/readyz");

        live.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("ready");
    }

    [Theory]
    [InlineData("20202020-1c25-4d02-bf25-6aeccf7ea419", HttpStatusCode.Accepted)]
    [InlineData("11111111-2222-4333-8444-555555555555", HttpStatusCode.UnprocessableEntity)]
    public async Task Post_WithWorkspaceConfigured_OnlyThatWorkspacesDeliveriesAreStored(string workspace, HttpStatusCode expected)
    {
        await using var pinned = await WebhookApiServer.StartAsync(time, settings => settings["Sodimo:Webhooks:WorkspaceId"] = workspace);

        using var response = await pinned.Client.SendAsync(Delivery());

        response.StatusCode.ShouldBe(expected);
        (await pinned.InboxAsync()).Count.ShouldBe(expected == HttpStatusCode.Accepted ? 1 : 0);
    }
}
