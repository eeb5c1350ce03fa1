using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests.Rest;

/// <summary>API-FACTS §1.4 filters evaluated end to end through GET /rest/{plural}.</summary>
public sealed class FilterQueryTests
{
    private static async Task<string[]> Names(Harness h, string query)
    {
        var (status, body, _) = await h.GetAsync("/rest/people?" + query);
        status.ShouldBe(200, body?.ToJsonString());
        return body!["data"]!["people"]!.AsArray().Select(p => p!["name"]!["firstName"]!.GetValue<string>()).Order().ToArray();
    }

    private static async Task<string> Error(Harness h, string url)
    {
        var (status, body, _) = await h.GetAsync(url);
        status.ShouldBe(400, body?.ToJsonString());
        return body!["messages"]![0]!.GetValue<string>();
    }

    [Fact]
    public async Task Position_lte_counts_the_filtered_set()
    {
        // PEER-CASES [filter] position[lte]:1 → 2 people, totalCount 2; position[lt]:2 → 2
        await using var h = await Harness.StartAsync();
        h.SeedPeople();
        var (_, body, _) = await h.GetAsync("/rest/people?filter=position[lte]:1");
        body!["data"]!["people"]!.AsArray().Count.ShouldBe(2);
        body["totalCount"]!.GetValue<int>().ShouldBe(2);
        body["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeFalse();
        (await Names(h, "filter=position[lt]:2")).ShouldBe(["P0", "P1"]);
    }

    [Fact]
    public async Task All_comparators_work_on_text_number_and_composites()
    {
        // API-FACTS §1.4: 14 comparators, dotted composite sub-fields, and/or/not
        await using var h = await Harness.StartAsync();
        h.SeedPeople();
        (await Names(h, "filter=city[eq]:Paris")).ShouldBe(["P0", "P2"]);
        (await Names(h, "filter=city[neq]:Paris")).ShouldBe(["P1", "P3"]);
        (await Names(h, "filter=position[gt]:2")).ShouldBe(["P3"]);
        (await Names(h, "filter=position[gte]:2")).ShouldBe(["P2", "P3"]);
        (await Names(h, "filter=position[in]:[0,3]")).ShouldBe(["P0", "P3"]);
        (await Names(h, "filter=name.firstName[startsWith]:P1")).ShouldBe(["P1"]);
        (await Names(h, "filter=emails.primaryEmail[endsWith]:2@acme.test")).ShouldBe(["P2"]);
        (await Names(h, "filter=emails.primaryEmail[like]:\"p_@acme.%25\"")).Length.ShouldBe(4);
        (await Names(h, "filter=name.firstName[like]:\"p%25\"")).ShouldBeEmpty();
        (await Names(h, "filter=name.firstName[ilike]:\"p%25\"")).Length.ShouldBe(4);
        (await Names(h, "filter=or(position[eq]:0,position[eq]:3)")).ShouldBe(["P0", "P3"]);
        (await Names(h, "filter=and(city[eq]:Paris,not(position[eq]:0))")).ShouldBe(["P2"]);
        (await Names(h, "filter=deletedAt[is]:NULL")).Length.ShouldBe(4);
        (await Names(h, "filter=city[is]:NOT_NULL")).Length.ShouldBe(4);
        (await Names(h, "filter=name.firstName[eq]:'P1',city[eq]:\"Lyon\"")).ShouldBe(["P1"]);
    }

    [Fact]
    public async Task Relation_foreign_key_filter_matches()
    {
        // PEER-CASES [filter] companyId[in]:["<uuid>"] filters by the relation's FK
        await using var h = await Harness.StartAsync();
        var (companyId, _) = h.SeedPeople();
        h.Emulator.Seed("people", Harness.Person("Loner", "X"));
        (await Names(h, $"filter=companyId[in]:[\"{companyId}\"]")).Length.ShouldBe(4);
        (await Names(h, $"filter=companyId[eq]:{companyId}")).Length.ShouldBe(4);
        (await Names(h, "filter=companyId[is]:NULL")).ShouldBe(["Loner"]);
    }

    [Fact]
    public async Task Select_and_array_comparators()
    {
        // API-FACTS §1.4 containsAny on multi-select/array; select enum values checked against options
        await using var h = await Harness.StartAsync();
        h.Emulator.Seed("opportunities",
            new JsonObject { ["name"] = "A", ["stage"] = "MEETING" },
            new JsonObject { ["name"] = "B", ["stage"] = "CUSTOMER" },
            new JsonObject { ["name"] = "C" });
        var (_, body, _) = await h.GetAsync("/rest/opportunities?filter=stage[in]:[MEETING,NEW]&order_by=name");
        body!["data"]!["opportunities"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ShouldBe(["A", "C"]);

        // PEER-CASES [filter] select-filter enum check
        (await Error(h, "/rest/opportunities?filter=stage[eq]:MISSING_OPTION")).ShouldBe(
            "'filter' enum value 'MISSING_OPTION' not available in 'stage' enum. Available enum values are ['NEW', 'SCREENING', 'MEETING', 'PROPOSAL', 'CUSTOMER']");
    }

    [Fact]
    public async Task Typed_value_errors_follow_twenty_messages()
    {
        // PEER-CASES [filter] number NaN, UUID, date-time, boolean value errors
        await using var h = await Harness.StartAsync();
        (await Error(h, "/rest/companies?filter=employees[eq]:\"not-a-number\"")).ShouldContain("Invalid number value NaN for field \"employees\"");
        (await Error(h, "/rest/people?filter=companyId[eq]:invalid-uuid")).ShouldBe("Invalid UUID value 'invalid-uuid' for field \"companyId\"");
        (await Error(h, "/rest/people?filter=id[eq]:2")).ShouldBe("Invalid UUID value '2' for field \"id\"");
        (await Error(h, "/rest/opportunities?filter=closeDate[gte]:not-a-date-time")).ShouldBe(
            "Invalid value 'not-a-date-time' for date-time field \"closeDate\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'");
        (await Error(h, "/rest/companies?filter=idealCustomerProfile[eq]:not-a-boolean")).ShouldBe(
            "invalid input syntax for type boolean: \"not-a-boolean\"");
        (await Error(h, "/rest/people?filter=city[is]:invalid")).ShouldContain("'is'");
        (await Error(h, "/rest/people?filter=nope[eq]:1")).ShouldBe("field 'nope' does not exist in 'person' object");
    }

    [Fact]
    public async Task Boolean_and_date_filters_are_typed()
    {
        // PEER-CASES [filter] value typing: 'True' → true; dates compared as instants
        await using var h = await Harness.StartAsync();
        h.Emulator.Seed("companies",
            new JsonObject { ["name"] = "Yes", ["idealCustomerProfile"] = true },
            new JsonObject { ["name"] = "No" });
        var (_, body, _) = await h.GetAsync("/rest/companies?filter=idealCustomerProfile[eq]:True");
        body!["data"]!["companies"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ShouldBe(["Yes"]);
        (_, body, _) = await h.GetAsync("/rest/companies?filter=createdAt[gte]:\"2000-01-01\"");
        body!["totalCount"]!.GetValue<int>().ShouldBe(2);
        (_, body, _) = await h.GetAsync("/rest/companies?filter=createdAt[lt]:'2000-01-01T00:00:00.000Z'");
        body!["totalCount"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Soft_deleted_rows_are_hidden_unless_the_filter_mentions_deletedAt()
    {
        // API-FACTS §10 (UNCONFIRMED trigger): deleted rows visible when filtering on deletedAt
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        (await h.DeleteAsync($"/rest/people/{ids[0]}?soft_delete=true")).Status.ShouldBe(200);
        (await Names(h, "")).ShouldBe(["P1", "P2", "P3"]);
        (await Names(h, "filter=deletedAt[is]:NOT_NULL")).ShouldBe(["P0"]);
    }
}
