using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests.GraphQL;

/// <summary>PEER-CASES [upsert], API-FACTS §3 (GraphQL shares the rate limit) and §5 search filter.</summary>
public class GraphQLMoreTests
{
    [Fact]
    public async Task PeerCase_CreatePeople_Upsert_MatchesByEmailAndId()
    {
        // PEER-CASES [upsert] createPeople(data, upsert: true): matches by emails.primaryEmail or id update, others are created.
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var data = JsonNode.Parse($$$"""
            [{"emails":{"primaryEmail":"p1@acme.test"},"jobTitle":"Matched by email"},
             {"id":"{{{ids[2]}}}","emails":{"primaryEmail":"new2@acme.test"}},
             {"emails":{"primaryEmail":"fresh@acme.test"}}]
            """);

        var (_, body) = await h.GqlAsync("mutation($d: [PersonCreateInput!]!) { createPeople(data: $d, upsert: true) { id jobTitle emails { primaryEmail } } }",
            new JsonObject { ["d"] = data });

        var result = body.Data()["createPeople"]!.AsArray();
        result.Count.ShouldBe(3);
        result[0]!["id"]!.GetValue<string>().ShouldBe(ids[1]);
        result[1]!["id"]!.GetValue<string>().ShouldBe(ids[2]);
        h.Emulator.FindRecord("people", Guid.Parse(ids[2]))!["emails"]!["primaryEmail"]!.GetValue<string>().ShouldBe("new2@acme.test");
        h.Emulator.GetRecords("people").Count.ShouldBe(5);
    }

    [Fact]
    public async Task Section3_GraphQL_ConsumesRateLimitTokens_429AsGraphQLError()
    {
        await using var h = await Harness.StartAsync(configure: o =>
        {
            o.RateLimit.Enabled = true;
            o.RateLimit.ShortLimit = 2;
        });

        (await h.GqlAsync("{ people { totalCount } }")).Status.ShouldBe(200);
        (await h.GqlAsync("{ people { totalCount } }")).Status.ShouldBe(200);
        var (status, body) = await h.GqlAsync("{ people { totalCount } }");

        status.ShouldBe(429);
        body.FirstError()["extensions"]!["code"]!.GetValue<string>().ShouldBe("RATE_LIMITED");
    }

    [Fact]
    public async Task Metadata_IsNotRateLimited()
    {
        await using var h = await Harness.StartAsync(configure: o =>
        {
            o.RateLimit.Enabled = true;
            o.RateLimit.ShortLimit = 1;
        });

        for (var i = 0; i < 3; i++)
        {
            (await h.MetaAsync("{ objects { totalCount } }")).Status.ShouldBe(200);
        }
    }

    [Fact]
    public async Task PeerCase_Search_FilterAppliesAcrossObjects()
    {
        await using var h = await Harness.StartAsync();
        var (companyId, ids) = h.SeedPeople();

        var (_, body) = await h.GqlAsync("query($f: ObjectRecordFilterInput) { search(searchInput: \"\", limit: 20, filter: $f) { edges { node { recordId } } } }",
            new JsonObject { ["f"] = JsonNode.Parse($$$"""{"id":{"in":["{{{ids[1]}}}","{{{companyId}}}"]}}""") });

        body.Data()["search"]!["edges"]!.AsArray().Select(e => e!["node"]!["recordId"]!.GetValue<string>()).ShouldBe([ids[1], companyId]);
    }

    [Fact]
    public async Task Metadata_ObjectsFilter_IsCustom()
    {
        await using var h = await Harness.StartAsync();
        await h.MetaAsync("""
            mutation { createOneObject(input: { object: { nameSingular: "deltaAlert", namePlural: "deltaAlerts", labelSingular: "Delta alert", labelPlural: "Delta alerts" } }) { id } }
            """);

        var (_, body) = await h.MetaAsync("{ objects(filter: { isCustom: { is: true } }) { totalCount edges { node { nameSingular fieldsList { name } } } } }");

        var objects = body.Data()["objects"]!;
        objects["totalCount"]!.GetValue<int>().ShouldBe(1);
        objects["edges"]![0]!["node"]!["fieldsList"]!.AsArray().ShouldContain(f => f!["name"]!.GetValue<string>() == "name");
    }

    [Fact]
    public async Task Section5_OverLoopback_AndOffset()
    {
        await using var h = await Harness.StartAsync(Transport.Loopback);
        var (_, ids) = h.SeedPeople();

        var (status, body) = await h.GqlAsync("{ people(first: 2, offset: 1, orderBy: [{ position: AscNullsFirst }]) { totalCount edges { node { id } } } }");

        status.ShouldBe(200);
        body.Data()["people"]!["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ShouldBe([ids[1], ids[2]]);
        body.Data()["people"]!["totalCount"]!.GetValue<int>().ShouldBe(4);
    }

    [Fact]
    public async Task PeerCase_ManyMutations_ReturnArrays_AndAffectTheStore()
    {
        // PEER-CASES [graphql] updatePeople / deletePeople / restorePeople / destroyPeople return arrays.
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var lyon = new JsonObject { ["f"] = JsonNode.Parse("""{"city":{"eq":"Lyon"}}""") };

        var (_, updated) = await h.GqlAsync("mutation($f: PersonFilterInput!) { updatePeople(filter: $f, data: { jobTitle: \"Rep\" }) { id jobTitle } }", lyon);
        updated.Data()["updatePeople"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ShouldBe([ids[1], ids[3]], ignoreOrder: true);

        var (_, deleted) = await h.GqlAsync("mutation($f: PersonFilterInput!) { deletePeople(filter: $f) { id deletedAt } }", lyon);
        deleted.Data()["deletePeople"]!.AsArray().ShouldAllBe(p => p!["deletedAt"] != null);
        h.Emulator.GetRecords("people").Count.ShouldBe(2);

        var idFilter = new JsonObject { ["f"] = JsonNode.Parse($$$"""{"id":{"in":["{{{ids[1]}}}"]}}""") };
        var (_, restored) = await h.GqlAsync("mutation($f: PersonFilterInput!) { restorePeople(filter: $f) { id deletedAt } }", idFilter);
        restored.Data()["restorePeople"]!.AsArray().Single()!["deletedAt"].ShouldBeNull();

        var (_, destroyed) = await h.GqlAsync("mutation($f: PersonFilterInput!) { destroyPeople(filter: $f) { id } }", idFilter);
        destroyed.Data()["destroyPeople"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(ids[1]);
        h.Emulator.FindRecord("people", Guid.Parse(ids[1])).ShouldBeNull();
        h.Emulator.FindRecord("people", Guid.Parse(ids[3]))!["jobTitle"]!.GetValue<string>().ShouldBe("Rep");
    }
}
