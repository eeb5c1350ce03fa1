using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Snapshooter.Xunit;
using Sodimo.Crm.Domain.Provisioning;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Infrastructure.Twenty.Metadata;

namespace Sodimo.Crm.SyncWorker.Tests.Provisioning;

public class TwentyMetadataClientTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static TwentyMetadataOptions Options(string baseUrl = "http://127.0.0.1:3000") =>
        new() { BaseUrl = new Uri(baseUrl), ApiKey = "key-123" };

    private static (TwentyMetadataClient Client, ScriptedHandler Handler) Create(Func<RecordedRequest, HttpResponseMessage> answer, TwentyMetadataOptions? options = null)
    {
        var handler = new ScriptedHandler(answer);
        return (new TwentyMetadataClient(new HttpClient(handler), options ?? Options()), handler);
    }

    [Fact]
    public async Task ListObjects_PostsToMetadataWithBearerAndParsesObjectsFieldsAndOptions()
    {
        var (client, handler) = Create(_ => ScriptedHandler.Json(HttpStatusCode.OK, """
            {"data":{"objects":{"edges":[{"node":{"id":"o1","nameSingular":"opportunity","namePlural":"opportunities","isCustom":false,"isActive":true,
              "fields":{"edges":[{"node":{"id":"f1","name":"stage","type":"SELECT","isActive":true,"isUnique":null,
                "options":[{"id":"x1","value":"NEW","label":"New","color":"red","position":0},{"id":"x2","value":"MEETING","label":"Meeting","color":"sky","position":2.0}]}}]}}}]}}}
            """), Options("http://127.0.0.1:3000/twenty/"));

        var objects = await client.ListObjectsAsync();

        var request = handler.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Uri.ShouldBe(new Uri("http://127.0.0.1:3000/twenty/metadata"));
        request.Authorization.ShouldBe("Bearer key-123");
        request.Query.ShouldContain("objects(paging: { first: 1000 })");
        var stage = objects.ShouldHaveSingleItem().FindField("stage")!;
        stage.IsUnique.ShouldBeNull();
        stage.Options.ShouldBe([new ExistingOption("x1", "NEW", "New", "red", 0), new ExistingOption("x2", "MEETING", "Meeting", "sky", 2)]);
    }

    [Fact]
    public async Task CreateField_SelectAndRelation_SendTheCreateOneFieldInputs()
    {
        var (client, handler) = Create(_ => ScriptedHandler.Data(new JsonObject { ["createOneField"] = new JsonObject { ["id"] = "new-id" } }));
        var schema = SodimoSchema.Current;

        (await client.CreateFieldAsync("opp-id", schema.GetField("Opportunity", "health"))).ShouldBe("new-id");
        await client.CreateFieldAsync("alert-id", schema.GetField("DeltaAlert", "company_id"), "company-id", "IconAlertTriangle");
        await client.CreateFieldAsync("company-id", schema.GetField("Company", "client_code"));

        handler.Requests.ShouldAllBe(r => r.Query.Contains("createOneField(input: $input)"));
        Snapshot.Match(string.Join("\n", handler.Requests.Select(r => r.Variables.ToJsonString(Indented))));
    }

    [Fact]
    public async Task CreateField_RelationWithoutTarget_Throws()
    {
        var (client, handler) = Create(_ => throw new InvalidOperationException("no call expected"));

        await Should.ThrowAsync<ArgumentException>(() => client.CreateFieldAsync("alert-id", SodimoSchema.Current.GetField("DeltaAlert", "company_id")));
        handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task UpdateOptions_SendsEveryOptionWithItsId()
    {
        var (client, handler) = Create(_ => ScriptedHandler.Data(new JsonObject { ["updateOneField"] = new JsonObject { ["id"] = "f" } }));

        await client.UpdateOptionsAsync("f", [new("id-1", "GREEN", "Green", "green", 0), new("id-2", "RED", "Red", "red", 1)], "Opportunity.health");

        var input = handler.Requests.Single().Variables["input"]!;
        input["id"]!.GetValue<string>().ShouldBe("f");
        input["update"]!["options"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ShouldBe(["id-1", "id-2"]);
        input["update"]!.AsObject().Select(p => p.Key).ShouldBe(["options"]);
    }

    [Fact]
    public async Task CreateWebhook_SendsTargetOperationsAndSecret()
    {
        var (client, handler) = Create(_ => ScriptedHandler.Data(new JsonObject { ["createWebhook"] = new JsonObject { ["id"] = "w1" } }));

        var id = await client.CreateWebhookAsync(new WebhookSpec(new Uri("https://w.test/hook"), ["opportunity.updated"], "sec", "d"));

        id.ShouldBe("w1");
        var input = handler.Requests.Single().Variables["input"]!;
        input.ToJsonString().ShouldBe("""{"targetUrl":"https://w.test/hook","operations":["opportunity.updated"],"description":"d","secret":"sec"}""");
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task Execute_HttpAuthFailure_IsAccessDenied(HttpStatusCode status)
    {
        var (client, _) = Create(_ => ScriptedHandler.Json(status, """{"statusCode":403,"error":"ForbiddenException","messages":["Forbidden resource"]}"""));

        var ex = await Should.ThrowAsync<TwentyMetadataException>(() => client.ListObjectsAsync());

        ex.Failure.ShouldBe(TwentyMetadataFailure.AccessDenied);
        ex.Message.ShouldContain("Sodimo:Twenty:ApiKey");
    }

    [Fact]
    public async Task Execute_GraphQLForbidden_IsAccessDenied()
    {
        var (client, _) = Create(_ => ScriptedHandler.Json(HttpStatusCode.OK,
            """{"errors":[{"message":"Method not allowed for this role","extensions":{"code":"FORBIDDEN"}}],"data":null}"""));

        var ex = await Should.ThrowAsync<TwentyMetadataException>(() => client.ListObjectsAsync());

        ex.Failure.ShouldBe(TwentyMetadataFailure.AccessDenied);
        ex.Code.ShouldBe("FORBIDDEN");
        ex.Message.ShouldContain("Method not allowed for this role");
    }

    [Fact]
    public async Task Execute_MetadataValidationFailure_IsRejectedWithTheNestedMessage()
    {
        var (client, _) = Create(_ => ScriptedHandler.Json(HttpStatusCode.OK, """
            {"errors":[{"message":"Multiple validation errors occurred while creating fields","extensions":{"code":"METADATA_VALIDATION_FAILED",
              "errors":{"fieldMetadata":[{"errors":[{"code":"INVALID_FIELD_INPUT","message":"Label must not contain a comma"}]}]}}}],"data":null}
            """));

        var ex = await Should.ThrowAsync<TwentyMetadataException>(() => client.CreateFieldAsync("o", SodimoSchema.Current.GetField("Company", "category")));

        ex.Failure.ShouldBe(TwentyMetadataFailure.Rejected);
        ex.Message.ShouldContain("creating field Company.category");
        ex.Message.ShouldContain("Label must not contain a comma");
        ex.Message.ShouldContain("METADATA_VALIDATION_FAILED");
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, TwentyMetadataFailure.Unreachable)]
    [InlineData(HttpStatusCode.BadGateway, TwentyMetadataFailure.Unreachable)]
    [InlineData(HttpStatusCode.NotFound, TwentyMetadataFailure.Unreachable)]
    [InlineData(HttpStatusCode.OK, TwentyMetadataFailure.InvalidResponse)]
    public async Task Execute_NonGraphQLAnswer_IsClassified(HttpStatusCode status, TwentyMetadataFailure expected)
    {
        var (client, _) = Create(_ => new HttpResponseMessage(status) { Content = new StringContent("<html>nginx</html>") });

        var ex = await Should.ThrowAsync<TwentyMetadataException>(() => client.ListObjectsAsync());

        ex.Failure.ShouldBe(expected);
        ex.Message.ShouldNotContain("\n");
    }

    [Fact]
    public async Task Execute_ClosedPort_IsUnreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new TwentyMetadataClient(new HttpClient(), Options($"http://127.0.0.1:{port}"));

        var ex = await Should.ThrowAsync<TwentyMetadataException>(() => client.ListObjectsAsync());

        ex.Failure.ShouldBe(TwentyMetadataFailure.Unreachable);
        ex.Message.ShouldContain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task Execute_NoAnswerWithinTimeout_IsUnreachable()
    {
        var handler = new HangingHandler();
        var options = Options();
        options.Timeout = TimeSpan.FromMilliseconds(50);
        var client = new TwentyMetadataClient(new HttpClient(handler), options);

        var ex = await Should.ThrowAsync<TwentyMetadataException>(() => client.ListObjectsAsync());

        ex.Failure.ShouldBe(TwentyMetadataFailure.Unreachable);
        ex.Message.ShouldContain("did not answer");
    }

    [Fact]
    public async Task Execute_429_WaitsRetryAfterThenSendsAgain()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var calls = 0;
        var handler = new ScriptedHandler(_ => ++calls == 1
            ? new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2)) } }
            : ScriptedHandler.Data(new JsonObject { ["createWebhook"] = new JsonObject { ["id"] = "w1" } }));
        var client = new TwentyMetadataClient(new HttpClient(handler), Options(), time);

        var call = client.CreateWebhookAsync(new WebhookSpec(new Uri("https://w.test/hook"), ["*.*"], "s", "d"));
        await WaitUntil(() => handler.Requests.Count == 1);
        time.Advance(TimeSpan.FromSeconds(1));
        handler.Requests.Count.ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(1));

        (await call).ShouldBe("w1");
        handler.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Execute_429WithLongRetryAfter_IsUnreachableWithoutWaiting()
    {
        var handler = new ScriptedHandler(_ =>
            new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(10)) } });
        var client = new TwentyMetadataClient(new HttpClient(handler), Options());

        var ex = await Should.ThrowAsync<TwentyMetadataException>(() => client.ListObjectsAsync());

        ex.Failure.ShouldBe(TwentyMetadataFailure.Unreachable);
        ex.Message.ShouldContain("429");
        handler.Requests.Count.ShouldBe(1);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().ShouldBeTrue();
    }

    [Fact]
    public void Ctor_MissingApiKey_Throws()
    {
        Should.Throw<ArgumentException>(() => new TwentyMetadataClient(new HttpClient(), new TwentyMetadataOptions { BaseUrl = new Uri("http://x") }))
            .Message.ShouldContain("Sodimo:Twenty:ApiKey");
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
