using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Sodimo.Crm.Infrastructure.Twenty;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty;

public sealed class TwentyResilienceTests
{
    private const string OneCompany = """{"data":{"company":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","name":"Cave"}}}""";
    private const string Created = """{"data":{"createCompany":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","name":"Cave"}}}""";
    private const string Unavailable = """{"statusCode":503,"error":"ServiceUnavailableException","messages":["Service Unavailable"]}""";
    private static readonly Guid Id = Guid.Parse("0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f");

    [Fact]
    public async Task Get_503Then503Then200_RetriedWithBackoffAndSucceeds()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.ServiceUnavailable, Unavailable)
            .Then(HttpStatusCode.ServiceUnavailable, Unavailable)
            .Then(HttpStatusCode.OK, OneCompany);

        var task = h.Records.FindOneAsync(TwentyObjectName.Company, Id);
        await h.Handler.WaitForRequestsAsync(1);
        await Task.Delay(50);
        h.Handler.Requests.Count.ShouldBe(1, "the retry must wait for its backoff on the fake clock");

        var company = await h.RunAsync(task, TimeSpan.FromMilliseconds(50));

        company!["name"]!.GetValue<string>().ShouldBe("Cave");
        h.Handler.Requests.Count.ShouldBe(3);
        h.Handler.Requests.ShouldAllBe(r => r.Method == "GET");
    }

    [Fact]
    public async Task Post_503_NotRetried_ServerErrorWithTwentysMessage()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.ServiceUnavailable, Unavailable).Always(HttpStatusCode.Created, Created);

        var ex = await Should.ThrowAsync<TwentyServerException>(
            h.RunAsync(h.Records.CreateAsync(TwentyObjectName.Company, new JsonObject { ["name"] = "Cave" }), TimeSpan.FromMilliseconds(100)));

        ex.StatusCode.ShouldBe(503);
        ex.Messages.ShouldBe(["Service Unavailable"]);
        await Task.Delay(50);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await Task.Delay(50);
        h.Handler.Requests.Count.ShouldBe(1, "a create must never be re-sent after a 5xx");
    }

    [Fact]
    public async Task Post_AttemptTimeoutAfterSend_NotRetried_OutcomeMayHaveBeenApplied()
    {
        using var h = new TwentyClientHarness();
        h.Handler.ThenHang().Always(HttpStatusCode.Created, Created);

        var ex = await Should.ThrowAsync<TwentyTransportException>(
            h.RunAsync(h.Records.CreateAsync(TwentyObjectName.Company, new JsonObject { ["name"] = "Cave" }), TimeSpan.FromSeconds(1)));

        ex.Failure.ShouldBe(TwentyTransportFailure.Timeout);
        ex.MayHaveBeenApplied.ShouldBeTrue();
        h.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Post_ConnectionDroppedAfterSend_NotRetried_OutcomeMayHaveBeenApplied()
    {
        using var h = new TwentyClientHarness();
        h.Handler.ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."))
            .Always(HttpStatusCode.Created, Created);

        var ex = await Should.ThrowAsync<TwentyTransportException>(
            h.RunAsync(h.Records.CreateAsync(TwentyObjectName.Company, new JsonObject { ["name"] = "Cave" }), TimeSpan.FromMilliseconds(100)));

        ex.Failure.ShouldBe(TwentyTransportFailure.ConnectionLost);
        ex.MayHaveBeenApplied.ShouldBeTrue();
        h.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Post_ConnectionRefused_RetriedBecauseNothingWasSent()
    {
        using var h = new TwentyClientHarness();
        h.Handler.ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"))
            .Then(HttpStatusCode.Created, Created);

        var created = await h.RunAsync(h.Records.CreateAsync(TwentyObjectName.Company, new JsonObject { ["name"] = "Cave" }), TimeSpan.FromMilliseconds(100));

        created["id"]!.GetValue<string>().ShouldBe(Id.ToString());
        h.Handler.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Get_HangsEveryTime_RetriedThenTimeoutThatChangedNothing()
    {
        using var h = new TwentyClientHarness(new() { ["Sodimo:Twenty:MaxRetryAttempts"] = "2", ["Sodimo:Twenty:TotalTimeout"] = "00:01:00" });
        h.Handler.ThenHang().ThenHang().ThenHang();

        var ex = await Should.ThrowAsync<TwentyTransportException>(
            h.RunAsync(h.Records.FindOneAsync(TwentyObjectName.Company, Id), TimeSpan.FromMilliseconds(500)));

        ex.Failure.ShouldBe(TwentyTransportFailure.Timeout);
        ex.MayHaveBeenApplied.ShouldBeFalse();
        h.Handler.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Post_429WithRetryAfter2_WaitsTwoSecondsThenResends()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.TooManyRequests,
                """{"statusCode":429,"error":"RATE_LIMITED","messages":["Rate limit exceeded for apiKey: 100 requests per 60s."],"retryAfterSeconds":2}""",
                r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(2)))
            .Then(HttpStatusCode.Created, Created);

        var task = h.Records.CreateAsync(TwentyObjectName.Company, new JsonObject { ["name"] = "Cave" });
        await h.Handler.WaitForRequestsAsync(1);

        h.Time.Advance(TimeSpan.FromMilliseconds(1900));
        await Task.Delay(100);
        h.Handler.Requests.Count.ShouldBe(1, "Retry-After: 2 must hold the retry for two seconds");

        h.Time.Advance(TimeSpan.FromMilliseconds(150));
        // Within far less real time than the two seconds asked: the wait ran on the injected clock.
        await h.Handler.WaitForRequestsAsync(2, within: TimeSpan.FromMilliseconds(1000));
        var created = await task;

        created["name"]!.GetValue<string>().ShouldBe("Cave");
        h.Handler.Requests.Select(r => r.Body).Distinct().Count().ShouldBe(1, "the same body is sent again");
    }

    [Fact]
    public async Task Get_429AskingLongerThanMaxRetryAfter_FailsAtOnceWithRetryAfter()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.TooManyRequests,
                """{"statusCode":429,"error":"RATE_LIMITED","messages":["Rate limit exceeded for apiKey: 100 requests per 60s."]}""",
                r => r.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(45)))
            .Always(HttpStatusCode.OK, OneCompany);

        var ex = await Should.ThrowAsync<TwentyRateLimitedException>(h.Records.FindOneAsync(TwentyObjectName.Company, Id));

        ex.RetryAfter.ShouldBe(TimeSpan.FromSeconds(45));
        ex.ErrorName.ShouldBe("RATE_LIMITED");
        ex.Messages.ShouldBe(["Rate limit exceeded for apiKey: 100 requests per 60s."]);
        ex.IsTransient.ShouldBeTrue();
        h.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Get_400_NotRetried()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Always(HttpStatusCode.BadRequest, """{"statusCode":400,"error":"BadRequestException","messages":["'filter' invalid."]}""");

        await Should.ThrowAsync<TwentyBadRequestException>(h.Records.FindManyAsync(TwentyObjectName.Company));

        h.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Breaker_OpensAfterRepeated5xx_ThenFailsFastWithoutSending()
    {
        using var h = new TwentyClientHarness(new()
        {
            ["Sodimo:Twenty:MaxRetryAttempts"] = "0",
            ["Sodimo:Twenty:CircuitMinimumThroughput"] = "3",
        });
        h.Handler.Always(HttpStatusCode.InternalServerError, """{"statusCode":500,"error":"InternalServerErrorException","messages":["boom"]}""");

        for (var i = 0; i < 3; i++)
            await Should.ThrowAsync<TwentyServerException>(h.Records.FindManyAsync(TwentyObjectName.Company));

        var ex = await Should.ThrowAsync<TwentyTransportException>(h.Records.FindManyAsync(TwentyObjectName.Company));
        ex.Failure.ShouldBe(TwentyTransportFailure.CircuitOpen);
        ex.MayHaveBeenApplied.ShouldBeFalse();
        h.Handler.Requests.Count.ShouldBe(3, "an open circuit sends nothing");

        await Should.ThrowAsync<TwentyTransportException>(h.GraphQL.QueryAsync(TwentyGraphQLEndpoint.Core, "query { companies { totalCount } }"));
        h.Handler.Requests.Count.ShouldBe(3, "REST and GraphQL share the circuit");

        h.Time.Advance(h.Options.CircuitBreakDuration + TimeSpan.FromSeconds(1));
        await Should.ThrowAsync<TwentyServerException>(h.Records.FindManyAsync(TwentyObjectName.Company));
        h.Handler.Requests.Count.ShouldBe(4, "after the break one trial call goes through");
    }

    [Fact]
    public async Task Breaker_AuthFailuresAndRateLimits_DoNotOpenIt()
    {
        using var h = new TwentyClientHarness(new()
        {
            ["Sodimo:Twenty:MaxRetryAttempts"] = "0",
            ["Sodimo:Twenty:CircuitMinimumThroughput"] = "2",
        });
        for (var i = 0; i < 5; i++)
            h.Handler.Then(HttpStatusCode.Forbidden, """{"statusCode":403,"error":"ForbiddenException","messages":["Forbidden resource"]}""");
        h.Handler.Always(HttpStatusCode.OK, OneCompany);

        for (var i = 0; i < 5; i++)
        {
            var ex = await Should.ThrowAsync<TwentyAuthException>(h.Records.FindOneAsync(TwentyObjectName.Company, Id));
            ex.Messages.ShouldBe(["Forbidden resource"]);
        }

        (await h.Records.FindOneAsync(TwentyObjectName.Company, Id)).ShouldNotBeNull();
        h.Handler.Requests.Count.ShouldBe(6);
    }

    [Fact]
    public async Task GraphQLQuery_RetriedOn5xx_GraphQLMutation_NotRetried()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.BadGateway, "<html>bad gateway</html>")
            .Then(HttpStatusCode.OK, """{"data":{"companies":{"totalCount":2}}}""")
            .Then(HttpStatusCode.BadGateway, "<html>bad gateway</html>")
            .Always(HttpStatusCode.OK, """{"data":{"createCompany":{"id":"x"}}}""");

        var data = await h.RunAsync(h.GraphQL.QueryAsync(TwentyGraphQLEndpoint.Core, "query { companies { totalCount } }"), TimeSpan.FromMilliseconds(100));
        data["companies"]!["totalCount"]!.GetValue<int>().ShouldBe(2);
        h.Handler.Requests.Count.ShouldBe(2);

        var ex = await Should.ThrowAsync<TwentyServerException>(
            h.GraphQL.MutateAsync(TwentyGraphQLEndpoint.Core, "mutation($d: CompanyCreateInput!) { createCompany(data: $d) { id } }", new JsonObject { ["d"] = new JsonObject { ["name"] = "x" } }));
        ex.StatusCode.ShouldBe(502);
        h.Handler.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Budget_SpentAndNoQueue_FailsFastWithoutSending()
    {
        using var h = new TwentyClientHarness(new() { ["Sodimo:Twenty:RequestsPerMinute"] = "3", ["Sodimo:Twenty:RateLimitQueue"] = "0" });
        h.Handler.Always(HttpStatusCode.OK, OneCompany);

        for (var i = 0; i < 3; i++)
            (await h.Records.FindOneAsync(TwentyObjectName.Company, Id)).ShouldNotBeNull();
        var ex = await Should.ThrowAsync<TwentyRateLimitedException>(h.Records.CreateAsync(TwentyObjectName.Company, new JsonObject { ["name"] = "x" }));

        ex.IsTransient.ShouldBeTrue();
        ex.Message.ShouldContain("was not sent");
        h.Handler.Requests.Count.ShouldBe(3, "the budget holds calls back before they reach Twenty");
    }

    [Fact]
    public async Task Budget_WaitOutlastsTheTotalTimeout_ReportedAsTheClientsBudget_NotAsTwenty()
    {
        using var h = new TwentyClientHarness(new()
        {
            ["Sodimo:Twenty:RequestsPerMinute"] = "2",
            ["Sodimo:Twenty:TotalTimeout"] = "00:00:05",
            ["Sodimo:Twenty:AttemptTimeout"] = "00:00:02",
            ["Sodimo:Twenty:MaxRetryAfter"] = "00:00:02",
        });
        h.Handler.Always(HttpStatusCode.OK, OneCompany);
        for (var i = 0; i < 2; i++)
            (await h.Records.FindOneAsync(TwentyObjectName.Company, Id)).ShouldNotBeNull();

        // The third call queues for the budget (it frees up only after a real minute); the fake clock ends the total timeout.
        var ex = await Should.ThrowAsync<TwentyRateLimitedException>(
            h.RunAsync(h.Records.CreateAsync(TwentyObjectName.Company, new JsonObject { ["name"] = "x" }), TimeSpan.FromMilliseconds(500)));

        ex.IsClientBudget.ShouldBeTrue();
        ex.Message.ShouldBe(
            "The client's own call budget of 2 calls a minute to Twenty (Sodimo:Twenty:RequestsPerMinute) was exhausted: " +
            "POST /rest/companies waited its turn for 5 s (Sodimo:Twenty:TotalTimeout) and was not sent. Twenty itself did not refuse or time out.");
        h.Handler.Requests.Count.ShouldBe(2, "the queued call never reached Twenty");

        var port = Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyPortErrors.Map("create company", ex, write: true);
        port.ShouldBeOfType<Sodimo.Crm.Application.Common.Ports.TwentyUnavailableException>().Message.ShouldContain("call budget of 2 calls a minute");
    }

    [Fact]
    public async Task Budget_CallerCancelsWhileWaiting_StaysACancellation()
    {
        using var h = new TwentyClientHarness(new() { ["Sodimo:Twenty:RequestsPerMinute"] = "1" });
        h.Handler.Always(HttpStatusCode.OK, OneCompany);
        (await h.Records.FindOneAsync(TwentyObjectName.Company, Id)).ShouldNotBeNull();
        using var cancel = new CancellationTokenSource();

        var waiting = h.Records.FindOneAsync(TwentyObjectName.Company, Id, cancel.Token);
        await Task.Delay(20);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(waiting);
        h.Handler.Requests.Count.ShouldBe(1);
    }
}
