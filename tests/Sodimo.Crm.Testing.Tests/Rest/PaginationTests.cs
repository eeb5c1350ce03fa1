using System.Text;
using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests.Rest;

/// <summary>API-FACTS §1.4 limit / order_by / cursors / depth; PEER-CASES [limit] [order_by] [cursor] [depth]. Over loopback HTTP.</summary>
public sealed class PaginationTests
{
    private static double[] Positions(JsonNode body) =>
        body["data"]!["people"]!.AsArray().Select(p => p!["position"]!.GetValue<double>()).ToArray();

    [Fact]
    public async Task Limit_defaults_to_60_and_clamps_at_200()
    {
        // PEER-CASES [limit]: no limit → 60; above 200 clamped silently
        await using var h = await Harness.StartAsync(Transport.Loopback);
        var people = Enumerable.Range(0, 250).Select(i => new JsonObject { ["position"] = i }).ToArray();
        h.Emulator.Seed("people", people);
        var (_, body, _) = await h.GetAsync("/rest/people");
        body!["data"]!["people"]!.AsArray().Count.ShouldBe(60);
        body["totalCount"]!.GetValue<int>().ShouldBe(250);
        body["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeTrue();
        (_, body, _) = await h.GetAsync("/rest/people?limit=1000");
        body!["data"]!["people"]!.AsArray().Count.ShouldBe(200);
        (_, body, _) = await h.GetAsync("/rest/people?limit=0");
        body!["data"]!["people"]!.AsArray().Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    public async Task Invalid_limit_is_400(string limit)
    {
        // API-FACTS §1.4 limit '<v>' is invalid
        await using var h = await Harness.StartAsync(Transport.Loopback);
        var (status, body, _) = await h.GetAsync("/rest/people?limit=" + limit);
        status.ShouldBe(400);
        body!["messages"]![0]!.GetValue<string>().ShouldBe($"limit '{limit}' is invalid. Should be an integer");
    }

    [Fact]
    public async Task Limit_3_of_4_reports_next_page_and_full_total()
    {
        // PEER-CASES [limit] limit=3 on 4 records
        await using var h = await Harness.StartAsync(Transport.Loopback);
        h.SeedPeople();
        var (_, body, _) = await h.GetAsync("/rest/people?limit=3");
        body!["data"]!["people"]!.AsArray().Count.ShouldBe(3);
        body["totalCount"]!.GetValue<int>().ShouldBe(4);
        body["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Order_by_position_both_ways_and_cursor_honours_sort()
    {
        // PEER-CASES [order_by] position[AscNullsLast]/[DescNullsLast]; [cursor] desc + starting_after
        await using var h = await Harness.StartAsync(Transport.Loopback);
        h.SeedPeople();
        Positions((await h.GetAsync("/rest/people?order_by=position[AscNullsLast]")).Body!).ShouldBe([0, 1, 2, 3]);
        var (_, body, _) = await h.GetAsync("/rest/people?order_by=position[DescNullsLast]&limit=2");
        Positions(body!).ShouldBe([3, 2]);
        body!["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeTrue();
        var end = body["pageInfo"]!["endCursor"]!.GetValue<string>();
        (_, body, _) = await h.GetAsync($"/rest/people?order_by=position[DescNullsLast]&limit=2&starting_after={Uri.EscapeDataString(end)}");
        Positions(body!).ShouldBe([1, 0]);
    }

    [Fact]
    public async Task Starting_after_excludes_the_cursor_record()
    {
        // PEER-CASES [cursor] limit=2 then starting_after=<startCursor>&limit=1 → the page's second record
        await using var h = await Harness.StartAsync(Transport.Loopback);
        h.SeedPeople();
        var (_, body, _) = await h.GetAsync("/rest/people?limit=2");
        var page = body!["data"]!["people"]!.AsArray();
        var start = body["pageInfo"]!["startCursor"]!.GetValue<string>();
        (_, body, _) = await h.GetAsync($"/rest/people?limit=1&starting_after={Uri.EscapeDataString(start)}");
        var next = body!["data"]!["people"]!.AsArray();
        next.Count.ShouldBe(1);
        next[0]!["id"]!.GetValue<string>().ShouldBe(page[1]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ending_before_returns_the_records_right_before_in_ascending_order()
    {
        // PEER-CASES [cursor] limit=4 then ending_before=<endCursor>&limit=2 → [people[1], people[2]]
        await using var h = await Harness.StartAsync(Transport.Loopback);
        h.SeedPeople();
        var (_, body, _) = await h.GetAsync("/rest/people?limit=4");
        var all = body!["data"]!["people"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToArray();
        var end = body["pageInfo"]!["endCursor"]!.GetValue<string>();
        (_, body, _) = await h.GetAsync($"/rest/people?limit=2&ending_before={Uri.EscapeDataString(end)}");
        body!["data"]!["people"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ShouldBe([all[1], all[2]]);
        body["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>().ShouldBeTrue();
        body["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Cursor_is_base64_json_of_order_values_and_id()
    {
        // PEER-CASES [cursor] format: {orderBy values..., id}; plain {id} without order_by; composite keeps sub-fields
        await using var h = await Harness.StartAsync(Transport.Loopback);
        h.SeedPeople();
        var (_, body, _) = await h.GetAsync("/rest/people?limit=1");
        var id = body!["data"]!["people"]![0]!["id"]!.GetValue<string>();
        Decode(body["pageInfo"]!["startCursor"]!).ShouldBe($"{{\"id\":\"{id}\"}}");

        (_, body, _) = await h.GetAsync("/rest/people?limit=1&order_by=name.firstName[DescNullsLast]");
        var first = body!["data"]!["people"]![0]!;
        first["name"]!["firstName"]!.GetValue<string>().ShouldBe("P3");
        Decode(body["pageInfo"]!["endCursor"]!).ShouldBe($"{{\"name\":{{\"firstName\":\"P3\"}},\"id\":\"{first["id"]!.GetValue<string>()}\"}}");
    }

    private static string Decode(JsonNode cursor) => Encoding.UTF8.GetString(Convert.FromBase64String(cursor.GetValue<string>()));

    [Fact]
    public async Task Invalid_cursor_is_400()
    {
        // PEER-CASES [cursor] starting_after=invalid-cursor
        await using var h = await Harness.StartAsync(Transport.Loopback);
        var (status, body, _) = await h.GetAsync("/rest/people?starting_after=invalid-cursor");
        status.ShouldBe(400);
        body!["error"]!.GetValue<string>().ShouldBe("BadRequestException");
        body["messages"]![0]!.GetValue<string>().ShouldBe("Invalid cursor: invalid-cursor");
    }

    [Fact]
    public async Task Full_paginated_read_visits_every_record_once_with_id_tie_breaker()
    {
        // API-FACTS §1.4: id tie-breaker always appended — equal sort values still page without overlap
        await using var h = await Harness.StartAsync(Transport.Loopback);
        h.Emulator.Seed("people", Enumerable.Range(0, 130).Select(i => new JsonObject { ["city"] = i % 3 == 0 ? "A" : "B", ["position"] = i }).ToArray());
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = "/rest/people?limit=50&order_by=city[DescNullsFirst]" + (cursor is null ? "" : "&starting_after=" + Uri.EscapeDataString(cursor));
            var (_, body, _) = await h.GetAsync(url);
            seen.AddRange(body!["data"]!["people"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()));
            cursor = body["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? body["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
            pages++;
        }
        while (cursor is not null);
        pages.ShouldBe(3);
        seen.Count.ShouldBe(130);
        seen.Distinct().Count().ShouldBe(130);
    }

    [Fact]
    public async Task Order_by_errors()
    {
        // PEER-CASES [order_by] bad direction (case-sensitive); whole composite → 400
        await using var h = await Harness.StartAsync(Transport.Loopback);
        var (status, body, _) = await h.GetAsync("/rest/people?order_by=city[asc]");
        status.ShouldBe(400);
        body!["messages"]![0]!.GetValue<string>().ShouldBe(
            "'order_by' direction 'asc' invalid. Allowed values are 'AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3");
        (await h.GetAsync("/rest/people?order_by=name[AscNullsLast]")).Status.ShouldBe(400);
    }

    [Fact]
    public async Task Nulls_first_and_last_are_honoured()
    {
        // API-FACTS §1.4 four directions
        await using var h = await Harness.StartAsync(Transport.Loopback);
        h.Emulator.Seed("companies",
            new JsonObject { ["name"] = "ten", ["employees"] = 10 },
            new JsonObject { ["name"] = "none" },
            new JsonObject { ["name"] = "five", ["employees"] = 5 });
        async Task<string[]> Order(string dir) => (await h.GetAsync($"/rest/companies?order_by=employees[{dir}]")).Body!["data"]!["companies"]!
            .AsArray().Select(c => c!["name"]!.GetValue<string>()).ToArray();
        (await Order("AscNullsFirst")).ShouldBe(["none", "five", "ten"]);
        (await Order("AscNullsLast")).ShouldBe(["five", "ten", "none"]);
        (await Order("DescNullsFirst")).ShouldBe(["none", "ten", "five"]);
        (await Order("DescNullsLast")).ShouldBe(["ten", "five", "none"]);
    }

    [Fact]
    public async Task Depth_0_has_join_column_only_and_depth_1_embeds_one_level()
    {
        // PEER-CASES [depth]: depth=0 → companyId present, company absent; depth=1 → company embedded, company.people absent
        await using var h = await Harness.StartAsync(Transport.Loopback);
        var (companyId, ids) = h.SeedPeople();
        var (_, body, _) = await h.GetAsync($"/rest/people/{ids[0]}");
        var person = body!["data"]!["person"]!.AsObject();
        person["companyId"]!.GetValue<string>().ShouldBe(companyId);
        person.ContainsKey("company").ShouldBeFalse();

        (_, body, _) = await h.GetAsync($"/rest/people/{ids[0]}?depth=1");
        person = body!["data"]!["person"]!.AsObject();
        person["company"]!["domainName"]!["primaryLinkUrl"]!.GetValue<string>().ShouldBe("https://acme.test/");
        person["company"]!.AsObject().ContainsKey("people").ShouldBeFalse();

        (_, body, _) = await h.GetAsync($"/rest/companies/{companyId}?depth=1");
        body!["data"]!["company"]!["people"]!.AsArray().Count.ShouldBe(4);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("invalid")]
    public async Task Depth_other_than_0_or_1_is_400_on_every_operation(string depth)
    {
        // PEER-CASES [depth] depth=2 → 400 on GET many, GET one, POST one, POST batch, PATCH one
        await using var h = await Harness.StartAsync(Transport.Loopback);
        var (_, ids) = h.SeedPeople();
        var expected = $"'depth={depth}' parameter invalid. Allowed values are 0, 1";
        var responses = new[]
        {
            await h.GetAsync("/rest/people?depth=" + depth),
            await h.GetAsync($"/rest/people/{ids[0]}?depth={depth}"),
            await h.PostAsync("/rest/people?depth=" + depth, Harness.Person("X", "Y")),
            await h.PostAsync("/rest/batch/people?depth=" + depth, new JsonArray(Harness.Person("X", "Z"))),
            await h.PatchAsync($"/rest/people/{ids[0]}?depth={depth}", new JsonObject { ["city"] = "Nice" }),
        };
        foreach (var (status, body, _) in responses)
        {
            status.ShouldBe(400);
            body!["messages"]![0]!.GetValue<string>().ShouldBe(expected);
        }

        h.Emulator.GetRecords("people").Count.ShouldBe(4);
    }
}
