using System.Net;
using System.Text.Json.Nodes;
using Sodimo.Crm.Infrastructure.Twenty;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty;

public sealed class TwentyRecordsClientTests
{
    private static readonly Guid Id = Guid.Parse("0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f");

    [Fact]
    public async Task FindMany_SendsTypedQueryAndBearerKey_ReadsEnvelope()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.OK, """
            {"data":{"companies":[{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","clientCode":"C100007"}]},
             "totalCount":7,"pageInfo":{"hasNextPage":true,"hasPreviousPage":false,"startCursor":"c1","endCursor":"c2"}}
            """);

        var page = await h.Records.FindManyAsync(TwentyObjectName.Company, new TwentyFindManyQuery
        {
            Filter = TwentyFilter.Eq("clientCode", TwentyFilterValue.ClientCode("C100007")),
            OrderBy = [new TwentySort("createdAt", TwentySortDirection.DescNullsLast)],
            Limit = 50,
            StartingAfter = "abc=",
            Depth = 1,
        });

        var request = h.Handler.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("GET");
        request.Uri.AbsolutePath.ShouldBe("/rest/companies");
        request.DecodedQuery.ShouldContain("filter=clientCode[eq]:C100007");
        request.DecodedQuery.ShouldContain("order_by=createdAt[DescNullsLast]");
        request.DecodedQuery.ShouldContain("limit=50");
        request.DecodedQuery.ShouldContain("starting_after=abc=");
        request.DecodedQuery.ShouldContain("depth=1");
        request.Authorization.ShouldBe("Bearer " + TwentyClientHarness.ApiKey);

        page.Records.ShouldHaveSingleItem()["clientCode"]!.GetValue<string>().ShouldBe("C100007");
        page.TotalCount.ShouldBe(7);
        page.PageInfo.ShouldBe(new TwentyPageInfo(true, false, "c1", "c2"));
    }

    [Fact]
    public async Task FindMany_NoLimit_UsesConfiguredPageSize()
    {
        using var h = new TwentyClientHarness(new() { ["Sodimo:Twenty:PageSize"] = "120" });
        h.Handler.Then(HttpStatusCode.OK, """{"data":{"people":[]},"totalCount":0,"pageInfo":{"hasNextPage":false}}""");

        var page = await h.Records.FindManyAsync(TwentyObjectName.Person);

        h.Handler.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe("/rest/people?limit=120");
        page.Records.ShouldBeEmpty();
    }

    [Fact]
    public async Task FindAll_FollowsCursorsUntilLastPage()
    {
        using var h = new TwentyClientHarness();
        h.Handler
            .Then(HttpStatusCode.OK, """{"data":{"companies":[{"id":"a"},{"id":"b"}]},"totalCount":3,"pageInfo":{"hasNextPage":true,"endCursor":"cur-b"}}""")
            .Then(HttpStatusCode.OK, """{"data":{"companies":[{"id":"c"}]},"totalCount":3,"pageInfo":{"hasNextPage":false,"endCursor":"cur-c"}}""");

        var ids = new List<string>();
        await foreach (var r in h.Records.FindAllAsync(TwentyObjectName.Company, new TwentyFindManyQuery { Limit = 2 }))
            ids.Add(r["id"]!.GetValue<string>());

        ids.ShouldBe(["a", "b", "c"]);
        h.Handler.Requests.Select(r => r.DecodedQuery).ShouldBe(["?limit=2", "?limit=2&starting_after=cur-b"]);
    }

    [Fact]
    public async Task FindOne_404_ReturnsNull_200_ReturnsRecord()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.NotFound, """{"statusCode":404,"error":"NotFoundException","messages":["Record not found"]}""")
            .Then(HttpStatusCode.OK, """{"data":{"company":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f"}}}""");

        (await h.Records.FindOneAsync(TwentyObjectName.Company, Id)).ShouldBeNull();
        (await h.Records.FindOneAsync(TwentyObjectName.Company, Id))!["id"]!.GetValue<string>().ShouldBe(Id.ToString());
        h.Handler.Requests[0].PathAndQuery.ShouldBe("/rest/companies/0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f");
    }

    [Fact]
    public async Task Create_And_Upsert_PostTheRecord()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.Created, """{"data":{"createCompany":{"id":"1","name":"Cave"}}}""")
            .Then(HttpStatusCode.Created, """{"data":{"createCompany":{"id":"1","name":"Cave 2"}}}""");

        var created = await h.Records.CreateAsync(TwentyObjectName.Company, new JsonObject { ["name"] = "Cave", ["clientCode"] = "C1" });
        var upserted = await h.Records.UpsertAsync(TwentyObjectName.Company, new JsonObject { ["name"] = "Cave 2", ["clientCode"] = "C1" });

        created["name"]!.GetValue<string>().ShouldBe("Cave");
        upserted["name"]!.GetValue<string>().ShouldBe("Cave 2");
        h.Handler.Requests[0].PathAndQuery.ShouldBe("/rest/companies");
        h.Handler.Requests[0].Body.ShouldBe("""{"name":"Cave","clientCode":"C1"}""");
        h.Handler.Requests[1].PathAndQuery.ShouldBe("/rest/companies?upsert=true");
        h.Handler.Requests.ShouldAllBe(r => r.Method == "POST");
    }

    [Fact]
    public async Task CreateMany_130Records_ThreeBatchesOf60_60_10()
    {
        using var h = new TwentyClientHarness();
        h.Handler.AlwaysEcho("createCompanies");
        var records = Enumerable.Range(0, 130).Select(i => new JsonObject { ["clientCode"] = $"C{i}" }).ToArray();

        var created = await h.Records.CreateManyAsync(TwentyObjectName.Company, records, upsert: true);

        created.Select(c => c["clientCode"]!.GetValue<string>()).ShouldBe(records.Select(r => r["clientCode"]!.GetValue<string>()));
        h.Handler.Requests.Select(r => r.PathAndQuery).ShouldAllBe(p => p == "/rest/batch/companies?upsert=true");
        h.Handler.Requests.Select(r => JsonNode.Parse(r.Body!)!.AsArray().Count).ShouldBe([60, 60, 10]);
    }

    [Fact]
    public async Task CreateMany_SecondBatchRejected_ReportsWhatTheFirstCreated()
    {
        using var h = new TwentyClientHarness();
        h.Handler.ThenEcho("createCompanies")
            .Then(HttpStatusCode.BadRequest, """{"statusCode":400,"error":"BadRequestException","messages":["Duplicate Client code"],"code":"QUERY_FAILED"}""");
        var records = Enumerable.Range(0, 100).Select(i => new JsonObject { ["clientCode"] = $"C{i}" }).ToArray();

        var ex = await Should.ThrowAsync<TwentyBatchException>(h.Records.CreateManyAsync(TwentyObjectName.Company, records));

        ex.Created.Count.ShouldBe(60);
        ex.FailedAtIndex.ShouldBe(60);
        ex.Messages.ShouldBe(["Duplicate Client code"]);
        ex.InnerException.ShouldBeOfType<TwentyBadRequestException>().Code.ShouldBe("QUERY_FAILED");
        h.Handler.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Update_And_Delete_UseTheirVerbsAndEnvelopes()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.OK, """{"data":{"updateOpportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f","stage":"PAYMENT"}}}""")
            .Then(HttpStatusCode.OK, """{"data":{"deleteOpportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f"}}}""")
            .Then(HttpStatusCode.OK, """{"data":{"deleteOpportunity":{"id":"0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f"}}}""");

        var updated = await h.Records.UpdateAsync(TwentyObjectName.Opportunity, Id, new JsonObject { ["stage"] = "PAYMENT" });
        var deleted = await h.Records.DeleteAsync(TwentyObjectName.Opportunity, Id, softDelete: true);
        await h.Records.DeleteAsync(TwentyObjectName.Opportunity, Id);

        updated["stage"]!.GetValue<string>().ShouldBe("PAYMENT");
        deleted.ShouldBe(Id);
        h.Handler.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").ShouldBe([
            "PATCH /rest/opportunities/0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f",
            "DELETE /rest/opportunities/0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f?soft_delete=true",
            "DELETE /rest/opportunities/0b4b1b4e-7a57-4f8e-9a4e-1d2b3c4d5e6f",
        ]);
        h.Handler.Requests[0].Body.ShouldBe("""{"stage":"PAYMENT"}""");
    }

    [Fact]
    public async Task Error_Envelope_BecomesTypedExceptionWithTwentysMessages()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.BadRequest, """{"statusCode":400,"error":"BadRequestException","messages":["object 'company' not found. Did you mean 'companies'?"]}""")
            .Then(HttpStatusCode.Unauthorized, """{"statusCode":401,"error":"UnauthorizedException","messages":["This API Key is revoked"]}""")
            .Then(HttpStatusCode.Conflict, """{"statusCode":409,"error":"ConflictException","messages":["conflict"],"code":"UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT"}""")
            .Then(HttpStatusCode.BadRequest, "not json at all");

        var bad = await Should.ThrowAsync<TwentyBadRequestException>(h.Records.CreateAsync(TwentyObjectName.Company, []));
        bad.StatusCode.ShouldBe(400);
        bad.ErrorName.ShouldBe("BadRequestException");
        bad.Messages.ShouldBe(["object 'company' not found. Did you mean 'companies'?"]);
        bad.Message.ShouldContain("POST /rest/companies");
        bad.IsTransient.ShouldBeFalse();

        var auth = await Should.ThrowAsync<TwentyAuthException>(h.Records.CreateAsync(TwentyObjectName.Company, []));
        auth.Messages.ShouldBe(["This API Key is revoked"]);
        auth.Message.ShouldNotContain(TwentyClientHarness.ApiKey);

        var conflict = await Should.ThrowAsync<TwentyApiException>(h.Records.CreateAsync(TwentyObjectName.Company, []));
        conflict.StatusCode.ShouldBe(409);
        conflict.Code.ShouldBe("UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT");

        var raw = await Should.ThrowAsync<TwentyBadRequestException>(h.Records.CreateAsync(TwentyObjectName.Company, []));
        raw.Messages.ShouldBe(["not json at all"]);
    }

    [Fact]
    public async Task Success_WithUnexpectedBody_IsAProtocolError()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.OK, "<html>proxy</html>").Then(HttpStatusCode.OK, """{"data":{"somethingElse":[]}}""");

        await Should.ThrowAsync<TwentyProtocolException>(h.Records.FindManyAsync(TwentyObjectName.Company));
        await Should.ThrowAsync<TwentyProtocolException>(h.Records.FindManyAsync(TwentyObjectName.Company));
    }

    [Fact]
    public void ObjectName_NotCamelCase_Refused()
    {
        Should.Throw<ArgumentException>(() => new TwentyObjectName("company", "companies/../x"));
        Should.Throw<ArgumentException>(() => new TwentyObjectName("Company", "companies"));
    }
}
