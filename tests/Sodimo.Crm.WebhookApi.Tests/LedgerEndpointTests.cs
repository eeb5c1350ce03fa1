using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>POST /ledger over real HTTP on 127.0.0.1: a Twenty workflow records a ledger row with a bearer token.</summary>
public sealed class LedgerEndpointTests : IAsyncLifetime
{
    private const string Row = """
        {"runId":"wf-run-42","workflow":"export-clients","toolName":"workflow_update_deal","idempotencyKey":"wf-run-42:step-3",
         "target":{"object":"opportunity","recordId":"5a6b7c8d-1111-4222-8333-944455556666"},
         "request":{"stage":"EXPORT_CLIENTS"},
         "records":[{"object":"opportunity","id":"5a6b7c8d-1111-4222-8333-944455556666","action":"updated"}]}
        """;

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero));
    private WebhookApiServer server = null!;

    public async Task InitializeAsync() => server = await WebhookApiServer.StartAsync(time);

    public async Task DisposeAsync() => await server.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(string body, string? token = WebhookApiServer.Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ledger") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return server.Client.SendAsync(request);
    }

    private Task<IReadOnlyList<LedgerEntry>> EntriesAsync() =>
        server.App.Services.GetRequiredService<IRunLedger>().QueryAsync(new LedgerQuery());

    [Fact]
    public async Task Post_ValidRow_RecordsAWorkflowEntryWithItsOutcome()
    {
        using var response = await PostAsync(Row);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var entry = (await EntriesAsync()).ShouldHaveSingleItem();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("id").GetGuid().ShouldBe(entry.Id);
        entry.Actor.ShouldBe(Actor.Workflow);
        entry.RunId.ShouldBe("wf-run-42");
        entry.Skill.ShouldBe("export-clients");
        entry.IdempotencyKey.ShouldBe("workflow:wf-run-42:step-3");
        entry.RequestJson.ShouldBe("""{"stage":"EXPORT_CLIENTS"}""");
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Records.ShouldBe([new TouchedRecord("opportunity", "5a6b7c8d-1111-4222-8333-944455556666", RecordAction.Updated)]);
    }

    [Fact]
    public async Task Post_SameRowTwice_SecondIsAReplayWithNoNewEntry()
    {
        using var first = await PostAsync(Row);
        using var second = await PostAsync(Row);

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync()).ShouldContain("\"replay\":true");
        (await EntriesAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Post_SameKeyOtherRequest_Is409AndKeepsTheFirst()
    {
        using var first = await PostAsync(Row);
        using var other = await PostAsync(Row.Replace("EXPORT_CLIENTS", "WON", StringComparison.Ordinal));

        other.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await EntriesAsync()).ShouldHaveSingleItem().RequestJson.ShouldContain("EXPORT_CLIENTS");
    }

    [Fact]
    public async Task Post_FailedOutcome_IsRecordedAsFailedWithItsError()
    {
        using var response = await PostAsync(
            """{"runId":"r","workflow":"w","toolName":"t","idempotencyKey":"k","target":{"object":"company"},"request":{},"outcome":"failed","error":"HTTP 500"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var entry = (await EntriesAsync()).ShouldHaveSingleItem();
        entry.Status.ShouldBe(LedgerStatus.Failed);
        entry.Error.ShouldBe("HTTP 500");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-token-0123456789-abcdefghijklmnop")]
    [InlineData("ledger-token-0123456789-abcdefghijklmno")]
    public async Task Post_MissingOrWrongToken_Is401AndRecordsNothing(string? token)
    {
        using var response = await PostAsync(Row, token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await EntriesAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"runId":"r"}""")]
    [InlineData("""{"runId":"r","workflow":"w","toolName":"t","idempotencyKey":"k","target":{"object":"company"},"request":{},"outcome":"maybe"}""")]
    [InlineData("""{"runId":"r","workflow":"w","toolName":"t","idempotencyKey":"k","target":{"object":"company"},"request":{},"records":[{"object":"company","id":"c","action":"merged"}]}""")]
    [InlineData("""{"runId":"r","workflow":"w","toolName":"t","idempotencyKey":"k","target":{"object":"company"},"request":{},"unknown":1}""")]
    public async Task Post_InvalidRow_Is400AndRecordsNothing(string body)
    {
        using var response = await PostAsync(body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await EntriesAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_WithoutConfiguredTokens_Is404()
    {
        await using var closed = await WebhookApiServer.StartAsync(time, settings => settings.Remove("Sodimo:Webhooks:LedgerTokens:0"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ledger") { Content = new StringContent(Row, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebhookApiServer.Token);

        using var response = await closed.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
