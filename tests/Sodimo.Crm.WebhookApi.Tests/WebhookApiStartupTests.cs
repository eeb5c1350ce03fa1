using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>Bad configuration stops the host at start with a message naming the key (and never the secret).</summary>
public sealed class WebhookApiStartupTests
{
    private static async Task<string> StartupError(Action<Dictionary<string, string?>> configure)
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() => WebhookApiServer.StartAsync(new FakeTimeProvider(), configure));
        return error.Message;
    }

    [Fact]
    public async Task Start_WithoutSecret_Fails() =>
        (await StartupError(s => s.Remove("Sodimo:Webhooks:Secrets:0"))).ShouldContain("Sodimo:Webhooks:Secrets needs at least one");

    [Fact]
    public async Task Start_WithOnlyTheProvisionedSecret_VerifiesWithIt_AndAnOwnListWins()
    {
        const string provisioned = "provisioned-secret-0123456789-abcdef";
        await using (var server = await WebhookApiServer.StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), s =>
        {
            s.Remove("Sodimo:Webhooks:Secrets:0");
            s["Sodimo:Webhook:Secret"] = provisioned;
        }))
        {
            (await SendSignedAsync(server, provisioned)).ShouldBe(System.Net.HttpStatusCode.Accepted);
            (await SendSignedAsync(server, TwentyVectors.Secret)).ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        }

        await using (var server = await WebhookApiServer.StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), s => s["Sodimo:Webhook:Secret"] = provisioned))
        {
            (await SendSignedAsync(server, TwentyVectors.Secret)).ShouldBe(System.Net.HttpStatusCode.Accepted);
            (await SendSignedAsync(server, provisioned)).ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        }

        (await StartupError(s =>
        {
            s.Remove("Sodimo:Webhooks:Secrets:0");
            s["Sodimo:Webhook:Secret"] = "too-short";
        })).ShouldContain("Sodimo:Webhooks:Secrets:0 is too short");
    }

    private static async Task<System.Net.HttpStatusCode> SendSignedAsync(WebhookApiServer server, string secret)
    {
        var body = System.Text.Encoding.UTF8.GetBytes($$$"""{"eventName":"company.updated","record":{"id":"{{{Guid.NewGuid()}}}"}}""");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/twenty") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Twenty-Webhook-Timestamp", timestamp);
        request.Headers.Add("X-Twenty-Webhook-Signature", TwentySignature.Sign(secret, timestamp, body));
        using var response = await server.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Start_ShortSecret_FailsWithoutEchoingIt()
    {
        var message = await StartupError(s => s["Sodimo:Webhooks:Secrets:0"] = "short-secret-123");

        message.ShouldContain("Sodimo:Webhooks:Secrets:0 is too short");
        message.ShouldNotContain("short-secret-123");
    }

    [Fact]
    public async Task Start_SecretWithSurroundingQuotes_Fails() =>
        (await StartupError(s => s["Sodimo:Webhooks:Secrets:0"] = "\"" + TwentyVectors.Secret + "\"")).ShouldContain("quotes");

    [Fact]
    public async Task Start_ShortLedgerToken_Fails() =>
        (await StartupError(s => s["Sodimo:Webhooks:LedgerTokens:0"] = "abc")).ShouldContain("Sodimo:Webhooks:LedgerTokens:0 must be at least 32");

    [Theory]
    [InlineData("Sodimo:Webhooks:TimestampTolerance", "00:00:00", "TimestampTolerance")]
    [InlineData("Sodimo:Webhooks:MaxBodyBytes", "10", "MaxBodyBytes")]
    [InlineData("Sodimo:Webhooks:WorkspaceId", "not-a-uuid", "WorkspaceId")]
    [InlineData("Sodimo:Ledger:Provider", "Postgres", "Sodimo:Ledger:PostgresConnectionString is required")]
    public async Task Start_ImpossibleSetting_Fails(string key, string value, string expected) =>
        (await StartupError(s => s[key] = value)).ShouldContain(expected);
}
