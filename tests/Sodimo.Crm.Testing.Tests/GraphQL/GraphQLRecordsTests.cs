using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests.GraphQL;

/// <summary>API-FACTS §5 and PEER-CASES [graphql], [cursor], [delete], [search] against <c>POST /graphql</c>.</summary>
public class GraphQLRecordsTests
{
    private const string PeoplePage = """
        query Page($first: Int, $after: String) {
          people(first: $first, after: $after, orderBy: [{ position: AscNullsFirst }]) {
            edges { cursor node { id position name { firstName } } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            totalCount
          }
        }
        """;

    [Fact]
    public async Task Section5_Collection_ConnectionShape_AndCursorPaging()
    {
        // PEER-CASES [graphql] people returns edges[].node + pageInfo + totalCount; [cursor] first/after pages without overlap.
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();

        var (status, first) = await h.GqlAsync(PeoplePage, new JsonObject { ["first"] = 3 });

        status.ShouldBe(200);
        var people = first.Data()["people"]!;
        people["totalCount"]!.GetValue<int>().ShouldBe(4);
        people["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ShouldBe(ids[..3]);
        people["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeTrue();
        people["pageInfo"]!["endCursor"]!.GetValue<string>().ShouldBe(people["edges"]![2]!["cursor"]!.GetValue<string>());

        var (_, second) = await h.GqlAsync(PeoplePage, new JsonObject { ["first"] = 3, ["after"] = people["pageInfo"]!["endCursor"]!.GetValue<string>() });

        var rest = second.Data()["people"]!;
        rest["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ShouldBe([ids[3]]);
        rest["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Section5_LastBefore_ReturnsRecordsBeforeCursor()
    {
        // PEER-CASES [cursor] last: 2, before: <endCursor of the full list> → the two records before the last (membership only).
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var (_, all) = await h.GqlAsync(PeoplePage, new JsonObject { ["first"] = 10 });
        var end = all.Data()["people"]!["pageInfo"]!["endCursor"]!.GetValue<string>();

        var (_, body) = await h.GqlAsync("query($b: String) { people(last: 2, before: $b, orderBy: [{ position: AscNullsFirst }]) { edges { node { id } } } }",
            new JsonObject { ["b"] = end });

        body.Data()["people"]!["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ShouldBe([ids[1], ids[2]], ignoreOrder: true);
    }

    [Fact]
    public async Task Section5_TypedFilter_CompositeSubField_AndOr()
    {
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();

        var (_, body) = await h.GqlAsync("""
            query($f: PersonFilterInput) { people(filter: $f) { totalCount edges { node { id } } } }
            """, new JsonObject
        {
            ["f"] = JsonNode.Parse("""{"or":[{"name":{"firstName":{"eq":"P0"}}},{"and":[{"city":{"eq":"Lyon"}},{"position":{"gte":3}}]}]}"""),
        });

        var people = body.Data()["people"]!;
        people["totalCount"]!.GetValue<int>().ShouldBe(2);
        people["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ShouldBe([ids[0], ids[3]], ignoreOrder: true);
    }

    [Fact]
    public async Task Section5_FindOne_ByFilter_ObjectOrNull()
    {
        // PEER-CASES [graphql] person(filter) returns an object or null.
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        const string query = "query($id: UUID) { person(filter: { id: { eq: $id } }) { id city } }";

        var (_, found) = await h.GqlAsync(query, new JsonObject { ["id"] = ids[1] });
        var (_, missing) = await h.GqlAsync(query, new JsonObject { ["id"] = Guid.NewGuid().ToString() });

        found.Data()["person"]!["city"]!.GetValue<string>().ShouldBe("Lyon");
        missing.Data()["person"].ShouldBeNull();
    }

    [Fact]
    public async Task Section5_Mutations_CreateUpdate_ChangeTheStore()
    {
        // PEER-CASES [graphql] createPerson / createPeople / updatePerson(id, data).
        await using var h = await Harness.StartAsync();

        var (_, created) = await h.GqlAsync("""
            mutation { createPerson(data: { name: { firstName: "Ada", lastName: "Lovelace" }, emails: { primaryEmail: "ada@x.test" } }) { id name { lastName } createdBy { source } } }
            """);
        var person = created.Data()["createPerson"]!;
        person["createdBy"]!["source"]!.GetValue<string>().ShouldBe("API");
        var id = person["id"]!.GetValue<string>();

        var (_, many) = await h.GqlAsync("mutation($d: [PersonCreateInput!]!) { createPeople(data: $d) { id jobTitle } }",
            new JsonObject { ["d"] = JsonNode.Parse("""[{"jobTitle":"A"},{"jobTitle":"B"}]""") });
        many.Data()["createPeople"]!.AsArray().Select(p => p!["jobTitle"]!.GetValue<string>()).ShouldBe(["A", "B"]);

        var (_, updated) = await h.GqlAsync("mutation($id: UUID!) { updatePerson(id: $id, data: { jobTitle: \"CTO\" }) { id jobTitle } }",
            new JsonObject { ["id"] = id });
        updated.Data()["updatePerson"]!["jobTitle"]!.GetValue<string>().ShouldBe("CTO");

        h.Emulator.FindRecord("people", Guid.Parse(id))!["jobTitle"]!.GetValue<string>().ShouldBe("CTO");
        h.Emulator.GetRecords("people").Count.ShouldBe(3);
    }

    [Fact]
    public async Task PeerCase_Delete_IsSoft_DeletedAtFilterFindsIt_DestroyRemoves()
    {
        // PEER-CASES [delete] deletePerson sets deletedAt; people(filter id) then returns 0 edges, but
        // not: { deletedAt: { is: NULL } } finds it again; destroyPerson removes it for good.
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var vars = new JsonObject { ["id"] = ids[0] };

        var (_, deleted) = await h.GqlAsync("mutation($id: UUID!) { deletePerson(id: $id) { id deletedAt } }", vars);
        deleted.Data()["deletePerson"]!["deletedAt"].ShouldNotBeNull();

        var (_, plain) = await h.GqlAsync("query($id: UUID) { people(filter: { id: { eq: $id } }) { totalCount } }", vars);
        plain.Data()["people"]!["totalCount"]!.GetValue<int>().ShouldBe(0);
        var (_, withDeleted) = await h.GqlAsync(
            "query($id: UUID) { people(filter: { id: { eq: $id }, not: { deletedAt: { is: NULL } } }) { totalCount } }", vars);
        withDeleted.Data()["people"]!["totalCount"]!.GetValue<int>().ShouldBe(1);

        var (_, destroyed) = await h.GqlAsync("mutation($id: UUID!) { destroyPerson(id: $id) { id } }", vars);
        destroyed.Data()["destroyPerson"]!["id"]!.GetValue<string>().ShouldBe(ids[0]);
        h.Emulator.FindRecord("people", Guid.Parse(ids[0])).ShouldBeNull();
    }

    [Fact]
    public async Task Section5_Relations_ManyToOneObject_OneToManyConnection()
    {
        await using var h = await Harness.StartAsync();
        var (companyId, ids) = h.SeedPeople();

        var (_, body) = await h.GqlAsync("""
            query($id: UUID) {
              person(filter: { id: { eq: $id } }) { companyId company { name } }
              companies { edges { node { id people(orderBy: { position: DescNullsLast }) { totalCount edges { node { id } } } } } }
            }
            """, new JsonObject { ["id"] = ids[0] });

        var data = body.Data();
        data["person"]!["company"]!["name"]!.GetValue<string>().ShouldBe("Acme");
        var company = data["companies"]!["edges"]!.AsArray().Single(e => e!["node"]!["id"]!.GetValue<string>() == companyId)!["node"]!;
        company["people"]!["totalCount"]!.GetValue<int>().ShouldBe(4);
        company["people"]!["edges"]![0]!["node"]!["id"]!.GetValue<string>().ShouldBe(ids[3]);
    }

    [Fact]
    public async Task Errors_UnknownField_IsValidationError_WithCode()
    {
        await using var h = await Harness.StartAsync();
        h.SeedPeople();

        var (_, body) = await h.GqlAsync("{ people { edges { node { id nope } } } }");

        var error = body.FirstError();
        error["message"]!.GetValue<string>().ShouldBe("Cannot query field \"nope\" on type \"Person\".");
        error["extensions"]!["code"]!.GetValue<string>().ShouldBe("GRAPHQL_VALIDATION_FAILED");
    }

    [Fact]
    public async Task PeerCase_FilterTypeError_IsCoercionMessage()
    {
        // PEER-CASES [graphql] number ← "not-a-number" → 'Float cannot represent non numeric value: "not-a-number"'.
        await using var h = await Harness.StartAsync();

        var (_, body) = await h.GqlAsync("""{ companies(filter: { employees: { eq: "not-a-number" } }) { totalCount } }""");

        body.FirstError()["message"]!.GetValue<string>().ShouldBe("Float cannot represent non numeric value: \"not-a-number\"");
        body.FirstError()["extensions"]!["code"]!.GetValue<string>().ShouldBe("BAD_USER_INPUT");
    }

    [Fact]
    public async Task Errors_UpdateUnknownRecord_IsNotFound()
    {
        await using var h = await Harness.StartAsync();

        var (status, body) = await h.GqlAsync("mutation($id: UUID!) { updatePerson(id: $id, data: { city: \"X\" }) { id } }",
            new JsonObject { ["id"] = Guid.NewGuid().ToString() });

        status.ShouldBe(200);
        body["data"]!["updatePerson"].ShouldBeNull();
        body.FirstError()["extensions"]!["code"]!.GetValue<string>().ShouldBe("NOT_FOUND");
    }

    [Fact]
    public async Task Errors_MissingApiKey_RenderedAsGraphQLError()
    {
        await using var h = await Harness.StartAsync();
        using var anonymous = h.Emulator.CreateClient(apiKey: "");

        var response = await anonymous.PostAsync("/graphql", new StringContent("""{"query":"{ people { totalCount } }"}""", System.Text.Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        ((int)response.StatusCode).ShouldBe(403);
        body.FirstError()["message"]!.GetValue<string>().ShouldBe("Missing authentication token");
    }

    [Fact]
    public async Task PeerCase_Search_AllObjects_PeopleThenCompanies_AndFilters()
    {
        // PEER-CASES [search] search(searchInput: "", limit) returns people, then companies; included/excluded restrict; limit 0 → no edges, hasNextPage true, endCursor null.
        await using var h = await Harness.StartAsync();
        var (companyId, ids) = h.SeedPeople();
        const string query = """
            query($q: String!, $limit: Int!, $inc: [String!], $exc: [String!]) {
              search(searchInput: $q, limit: $limit, includedObjectNameSingulars: $inc, excludedObjectNameSingulars: $exc) {
                edges { node { recordId objectNameSingular label } cursor }
                pageInfo { hasNextPage endCursor }
              }
            }
            """;

        var (_, all) = await h.GqlAsync(query, new JsonObject { ["q"] = "", ["limit"] = 50 });
        var nodes = all.Data()["search"]!["edges"]!.AsArray().Select(e => e!["node"]!).ToList();
        nodes.Select(n => n["recordId"]!.GetValue<string>()).ShouldBe([.. ids, companyId]);
        nodes[0]["label"]!.GetValue<string>().ShouldBe("P0 Test");
        nodes[^1]["objectNameSingular"]!.GetValue<string>().ShouldBe("company");

        var (_, companies) = await h.GqlAsync(query, new JsonObject { ["q"] = "acme", ["limit"] = 50, ["inc"] = new JsonArray("company") });
        companies.Data()["search"]!["edges"]!.AsArray().Single()!["node"]!["label"]!.GetValue<string>().ShouldBe("Acme");

        var (_, byName) = await h.GqlAsync(query, new JsonObject { ["q"] = "p2", ["limit"] = 50, ["exc"] = new JsonArray("company") });
        byName.Data()["search"]!["edges"]!.AsArray().Single()!["node"]!["recordId"]!.GetValue<string>().ShouldBe(ids[2]);

        var (_, none) = await h.GqlAsync(query, new JsonObject { ["q"] = "", ["limit"] = 0 });
        none.Data()["search"]!["edges"]!.AsArray().ShouldBeEmpty();
        none.Data()["search"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeTrue();
        none.Data()["search"]!["pageInfo"]!["endCursor"].ShouldBeNull();
    }

    [Fact]
    public async Task Search_After_ContinuesWithoutOverlap()
    {
        await using var h = await Harness.StartAsync();
        var (companyId, ids) = h.SeedPeople();
        const string query = "query($after: String) { search(searchInput: \"\", limit: 3, after: $after) { edges { node { recordId } } pageInfo { hasNextPage endCursor } } }";

        var (_, first) = await h.GqlAsync(query);
        var cursor = first.Data()["search"]!["pageInfo"]!["endCursor"]!.GetValue<string>();
        var (_, second) = await h.GqlAsync(query, new JsonObject { ["after"] = cursor });

        var all = first.Data()["search"]!["edges"]!.AsArray().Concat(second.Data()["search"]!["edges"]!.AsArray())
            .Select(e => e!["node"]!["recordId"]!.GetValue<string>());
        all.ShouldBe([.. ids, companyId]);
        second.Data()["search"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeFalse();
    }
}
