using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Tests.GraphQL;

namespace Sodimo.Crm.Testing.Tests.Metadata;

/// <summary>API-FACTS §6.1 (/metadata GraphQL) and PEER-CASES [metadata].</summary>
public class MetadataGraphQLTests
{
    private const string Objects = """
        query { objects(paging: { first: 1000 }) { totalCount edges { node { id nameSingular namePlural isCustom
          fields(paging: { first: 1000 }) { edges { node { id name type isUnique options } } } } } } }
        """;

    private static async Task<JsonNode> ObjectNode(Harness h, string nameSingular)
    {
        var (_, body) = await h.MetaAsync(Objects);
        return body.Data()["objects"]!["edges"]!.AsArray().Select(e => e!["node"]!).Single(n => n["nameSingular"]!.GetValue<string>() == nameSingular);
    }

    private static JsonObject SelectField(string objectId, string name = "tier") => new()
    {
        ["objectMetadataId"] = objectId,
        ["type"] = "SELECT",
        ["name"] = name,
        ["label"] = "Tier",
        ["isUnique"] = false,
        ["defaultValue"] = "'GOLD'",
        ["options"] = JsonNode.Parse("""[{"value":"GOLD","label":"Gold","position":0,"color":"yellow"},{"value":"SILVER","label":"Silver","position":1,"color":"gray"}]"""),
    };

    private const string CreateField = "mutation($f: CreateFieldInput!) { createOneField(input: { field: $f }) { id name type isUnique options } }";

    [Fact]
    public async Task Section6_1_Objects_ListsStandardObjectsWithFields()
    {
        await using var h = await Harness.StartAsync();

        var person = await ObjectNode(h, "person");

        person["namePlural"]!.GetValue<string>().ShouldBe("people");
        person["isCustom"]!.GetValue<bool>().ShouldBeFalse();
        person["fields"]!["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()).ShouldContain("emails");
    }

    [Fact]
    public async Task Section6_1_CreateOneField_Select_IsLiveOnRestAndGraphQL()
    {
        await using var h = await Harness.StartAsync();
        var company = await ObjectNode(h, "company");

        var (_, created) = await h.MetaAsync(CreateField, new JsonObject { ["f"] = SelectField(company["id"]!.GetValue<string>()) });

        var field = created.Data()["createOneField"]!;
        field["type"]!.GetValue<string>().ShouldBe("SELECT");
        field["options"]!.AsArray().Select(o => o!["value"]!.GetValue<string>()).ShouldBe(["GOLD", "SILVER"]);
        field["options"]![0]!["id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        var (status, rest, _) = await h.PostAsync("/rest/companies", new JsonObject { ["name"] = "Globex", ["tier"] = "SILVER" });
        status.ShouldBe(201);
        rest!["data"]!["createCompany"]!["tier"]!.GetValue<string>().ShouldBe("SILVER");

        var (_, gql) = await h.GqlAsync("{ companies(filter: { tier: { in: [SILVER] } }) { edges { node { name tier } } } }");
        gql.Data()["companies"]!["edges"]!.AsArray().Single()!["node"]!["name"]!.GetValue<string>().ShouldBe("Globex");

        var (badStatus, _, _) = await h.PostAsync("/rest/companies", new JsonObject { ["name"] = "Bad", ["tier"] = "BRONZE" });
        badStatus.ShouldBe(400);
    }

    [Fact]
    public async Task Section6_1_CreateOneField_IsUnique_RejectsDuplicates()
    {
        await using var h = await Harness.StartAsync();
        var company = await ObjectNode(h, "company");
        var input = new JsonObject
        {
            ["objectMetadataId"] = company["id"]!.GetValue<string>(),
            ["type"] = "TEXT",
            ["name"] = "clientCode",
            ["label"] = "Client code",
            ["isUnique"] = true,
        };

        var (_, created) = await h.MetaAsync(CreateField, new JsonObject { ["f"] = input });
        created.Data()["createOneField"]!["isUnique"]!.GetValue<bool>().ShouldBeTrue();

        (await h.PostAsync("/rest/companies", new JsonObject { ["name"] = "A", ["clientCode"] = "C001" })).Status.ShouldBe(201);
        (await h.PostAsync("/rest/companies", new JsonObject { ["name"] = "B", ["clientCode"] = "C001" })).Status.ShouldBe(400);
    }

    [Fact]
    public async Task PeerCase_CreateOneField_ValidationFailure_Shape()
    {
        // PEER-CASES [metadata] METADATA_VALIDATION_FAILED with per-entity INVALID_FIELD_INPUT errors.
        await using var h = await Harness.StartAsync();
        var company = await ObjectNode(h, "company");
        var input = SelectField(company["id"]!.GetValue<string>());
        input["options"] = new JsonArray();
        input.Remove("defaultValue");

        var (status, body) = await h.MetaAsync(CreateField, new JsonObject { ["f"] = input });

        status.ShouldBe(200);
        var error = body.FirstError();
        error["message"]!.GetValue<string>().ShouldBe("Multiple validation errors occurred while creating fields");
        error["extensions"]!["code"]!.GetValue<string>().ShouldBe("METADATA_VALIDATION_FAILED");
        error["extensions"]!["summary"]!.ToJsonString().ShouldBe("""{"fieldMetadata":1,"totalErrors":1}""");
        error["extensions"]!["errors"]!["fieldMetadata"]![0]!["errors"]![0]!["message"]!.GetValue<string>().ShouldBe("Options are required for enum fields");
        (await ObjectNode(h, "company"))["fields"]!["edges"]!.AsArray().ShouldNotContain(e => e!["node"]!["name"]!.GetValue<string>() == "tier");
    }

    [Fact]
    public async Task PeerCase_NumericType_IsRefused()
    {
        await using var h = await Harness.StartAsync();
        var company = await ObjectNode(h, "company");

        var (_, body) = await h.MetaAsync(CreateField, new JsonObject
        {
            ["f"] = new JsonObject { ["objectMetadataId"] = company["id"]!.GetValue<string>(), ["type"] = "NUMERIC", ["name"] = "amountX", ["label"] = "Amount X" },
        });

        body.FirstError()["extensions"]!["errors"]!["fieldMetadata"]![0]!["errors"]![0]!["message"]!.GetValue<string>()
            .ShouldBe("Field type NUMERIC is not supported for field creation. Use NUMBER instead.");
    }

    [Fact]
    public async Task Section6_1_UpdateOneField_ReplacesOptions_KeepingIds()
    {
        await using var h = await Harness.StartAsync();
        var company = await ObjectNode(h, "company");
        var (_, created) = await h.MetaAsync(CreateField, new JsonObject { ["f"] = SelectField(company["id"]!.GetValue<string>()) });
        var field = created.Data()["createOneField"]!;
        var goldId = field["options"]![0]!["id"]!.GetValue<string>();

        var (_, updated) = await h.MetaAsync("mutation($id: UUID!, $u: UpdateFieldInput!) { updateOneField(input: { id: $id, update: $u }) { options } }",
            new JsonObject
            {
                ["id"] = field["id"]!.GetValue<string>(),
                ["u"] = new JsonObject
                {
                    ["options"] = JsonNode.Parse($$"""[{"id":"{{goldId}}","value":"GOLD","label":"Gold!","position":0,"color":"yellow"},{"value":"PLATINUM","label":"Platinum","position":1,"color":"blue"}]"""),
                },
            });

        var options = updated.Data()["updateOneField"]!["options"]!.AsArray();
        options.Select(o => o!["value"]!.GetValue<string>()).ShouldBe(["GOLD", "PLATINUM"]);
        options[0]!["id"]!.GetValue<string>().ShouldBe(goldId);
        options[0]!["label"]!.GetValue<string>().ShouldBe("Gold!");
        (await h.PostAsync("/rest/companies", new JsonObject { ["name"] = "P", ["tier"] = "PLATINUM" })).Status.ShouldBe(201);
        (await h.PostAsync("/rest/companies", new JsonObject { ["name"] = "S", ["tier"] = "SILVER" })).Status.ShouldBe(400);
    }

    [Fact]
    public async Task Section6_1_CreateOneObject_HasDefaultFields_AndIsLiveAtOnce()
    {
        await using var h = await Harness.StartAsync();

        var (_, created) = await h.MetaAsync("""
            mutation { createOneObject(input: { object: { nameSingular: "deltaAlert", namePlural: "deltaAlerts", labelSingular: "Delta alert", labelPlural: "Delta alerts" } }) { id nameSingular isCustom fields { edges { node { name } } } } }
            """);

        var obj = created.Data()["createOneObject"]!;
        obj["isCustom"]!.GetValue<bool>().ShouldBeTrue();
        var names = obj["fields"]!["edges"]!.AsArray().Select(e => e!["node"]!["name"]!.GetValue<string>()).ToList();
        foreach (var expected in new[] { "id", "name", "createdAt", "updatedAt", "deletedAt", "position", "createdBy", "updatedBy" })
        {
            names.ShouldContain(expected);
        }

        var (_, gql) = await h.GqlAsync("mutation { createDeltaAlert(data: { name: \"Stock low\" }) { id name } }");
        gql.Data()["createDeltaAlert"]!["name"]!.GetValue<string>().ShouldBe("Stock low");
        var (status, rest, _) = await h.GetAsync("/rest/deltaAlerts");
        status.ShouldBe(200);
        rest!["data"]!["deltaAlerts"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe("Stock low");
    }

    [Fact]
    public async Task PeerCase_CreateOneObject_SameLabels_IsRefused()
    {
        await using var h = await Harness.StartAsync();

        var (_, body) = await h.MetaAsync("""
            mutation { createOneObject(input: { object: { nameSingular: "thing", namePlural: "things", labelSingular: "Thing", labelPlural: " Thing " } }) { id } }
            """);

        body.FirstError()["message"]!.GetValue<string>().ShouldBe("The singular and plural labels cannot be the same for an object");
        body.FirstError()["extensions"]!["code"]!.GetValue<string>().ShouldBe("BAD_USER_INPUT");
    }

    [Fact]
    public async Task Section7_1_WebhooksCrud_OverMetadataGraphQL()
    {
        await using var h = await Harness.StartAsync();

        var (_, created) = await h.MetaAsync("""
            mutation { createWebhook(input: { targetUrl: "https://hooks.test/a", operations: ["person.created"], description: "d" }) { id targetUrl operations secret } }
            """);
        var hook = created.Data()["createWebhook"]!;
        hook["secret"]!.GetValue<string>().ShouldMatch("^[0-9a-f]{64}$");
        var id = hook["id"]!.GetValue<string>();

        var (_, updated) = await h.MetaAsync("mutation($id: UUID!) { updateWebhook(input: { id: $id, update: { operations: [\"*.*\"] } }) { operations } }",
            new JsonObject { ["id"] = id });
        updated.Data()["updateWebhook"]!["operations"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe(["*.*"]);
        h.Emulator.Webhooks.Registered.Single().Operations.ShouldBe(["*.*"]);

        var (_, list) = await h.MetaAsync("{ webhooks { id targetUrl } }");
        list.Data()["webhooks"]!.AsArray().Single()!["targetUrl"]!.GetValue<string>().ShouldBe("https://hooks.test/a");

        var (_, bad) = await h.MetaAsync("mutation { createWebhook(input: { targetUrl: \"ftp://x\" }) { id } }");
        bad.FirstError()["message"]!.GetValue<string>().ShouldBe("Invalid target URL provided");

        await h.MetaAsync("mutation($id: UUID!) { deleteWebhook(input: { id: $id }) { id } }", new JsonObject { ["id"] = id });
        h.Emulator.Webhooks.Registered.ShouldBeEmpty();
    }
}

/// <summary>API-FACTS §6.1 relationCreationPayload and PEER-CASES [cursor] composite ordering over GraphQL.</summary>
public class MetadataRelationTests
{
    [Fact]
    public async Task Section6_1_CreateRelationField_ManyToOne_IsNavigableBothWays()
    {
        await using var h = await Harness.StartAsync();
        var (_, created) = await h.MetaAsync("""
            mutation { createOneObject(input: { object: { nameSingular: "deltaAlert", namePlural: "deltaAlerts", labelSingular: "Delta alert", labelPlural: "Delta alerts" } }) { id } }
            """);
        var alertObjectId = created.Data()["createOneObject"]!["id"]!.GetValue<string>();
        var (_, objects, _) = await h.GetAsync("/rest/metadata/objects");
        var companyObjectId = objects!["data"]!.AsArray().Single(o => o!["nameSingular"]!.GetValue<string>() == "company")!["id"]!.GetValue<string>();

        var (_, field) = await h.MetaAsync("mutation($f: CreateFieldInput!) { createOneField(input: { field: $f }) { name type relation { type targetObjectMetadata { nameSingular } targetFieldMetadata { name } } } }",
            new JsonObject
            {
                ["f"] = new JsonObject
                {
                    ["objectMetadataId"] = alertObjectId,
                    ["type"] = "RELATION",
                    ["name"] = "company",
                    ["label"] = "Company",
                    ["relationCreationPayload"] = new JsonObject
                    {
                        ["type"] = "MANY_TO_ONE",
                        ["targetObjectMetadataId"] = companyObjectId,
                        ["targetFieldLabel"] = "Delta alerts",
                        ["targetFieldIcon"] = "IconAlert",
                    },
                },
            });
        var relation = field.Data()["createOneField"]!["relation"]!;
        relation["type"]!.GetValue<string>().ShouldBe("MANY_TO_ONE");
        relation["targetObjectMetadata"]!["nameSingular"]!.GetValue<string>().ShouldBe("company");
        relation["targetFieldMetadata"]!["name"]!.GetValue<string>().ShouldBe("deltaAlerts");

        var company = h.Emulator.Seed("companies", new JsonObject { ["name"] = "Acme" })[0]["id"]!.GetValue<string>();
        var (status, _, _) = await h.PostAsync("/rest/deltaAlerts", new JsonObject { ["name"] = "Low stock", ["companyId"] = company });
        status.ShouldBe(201);

        var (_, gql) = await h.GqlAsync("{ deltaAlerts { edges { node { name company { name } } } } companies { edges { node { deltaAlerts { totalCount } } } } }");
        gql.Data()["deltaAlerts"]!["edges"]![0]!["node"]!["company"]!["name"]!.GetValue<string>().ShouldBe("Acme");
        gql.Data()["companies"]!["edges"]![0]!["node"]!["deltaAlerts"]!["totalCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task PeerCase_CompositeOrderBy_FirstAfter_PagesWithoutOverlap()
    {
        // PEER-CASES [cursor] first: 2 with orderBy name { firstName, lastName } then after: endCursor; last page hasNextPage false.
        await using var h = await Harness.StartAsync();
        h.SeedPeople();
        const string query = """
            query($after: String) { people(first: 2, after: $after, orderBy: { name: { firstName: AscNullsLast, lastName: AscNullsLast } }) {
              edges { node { name { firstName } } } pageInfo { hasNextPage endCursor } } }
            """;

        var (_, p1) = await h.GqlAsync(query);
        var (_, p2) = await h.GqlAsync(query, new JsonObject { ["after"] = p1.Data()["people"]!["pageInfo"]!["endCursor"]!.GetValue<string>() });

        var names = p1.Data()["people"]!["edges"]!.AsArray().Concat(p2.Data()["people"]!["edges"]!.AsArray())
            .Select(e => e!["node"]!["name"]!["firstName"]!.GetValue<string>());
        names.ShouldBe(["P0", "P1", "P2", "P3"]);
        p2.Data()["people"]!["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeFalse();
    }
}
