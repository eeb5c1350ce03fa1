using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests.Metadata;

/// <summary>API-FACTS §6.4 and PEER-CASES [metadata] / [cursor] for <c>/rest/metadata/*</c>.</summary>
public class MetadataRestTests
{
    [Fact]
    public async Task PeerCase_ObjectsList_Envelope_InlineFields()
    {
        await using var h = await Harness.StartAsync();

        var (status, body, _) = await h.GetAsync("/rest/metadata/objects");

        status.ShouldBe(200);
        var data = body!["data"]!.AsArray();
        body["totalCount"]!.GetValue<int>().ShouldBe(data.Count);
        body["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeFalse();
        data.ShouldAllBe(o => o!["fields"]!.AsArray().Count > 0);
    }

    [Fact]
    public async Task PeerCase_ObjectsList_Limit1_RawIdCursors_AndPaging()
    {
        // PEER-CASES [cursor] metadata REST: limit=1 → start/end cursor = the item's id, hasNextPage true;
        // starting_after gives no overlap; ending_before goes back; totalCount constant; both together → 400.
        await using var h = await Harness.StartAsync();

        var (_, page1, _) = await h.GetAsync("/rest/metadata/objects?limit=1");
        var id1 = page1!["data"]![0]!["id"]!.GetValue<string>();
        page1["pageInfo"]!["startCursor"]!.GetValue<string>().ShouldBe(id1);
        page1["pageInfo"]!["endCursor"]!.GetValue<string>().ShouldBe(id1);
        page1["pageInfo"]!["hasNextPage"]!.GetValue<bool>().ShouldBeTrue();

        var (_, page2, _) = await h.GetAsync($"/rest/metadata/objects?limit=1&starting_after={id1}");
        var id2 = page2!["data"]![0]!["id"]!.GetValue<string>();
        id2.ShouldNotBe(id1);
        page2["totalCount"]!.GetValue<int>().ShouldBe(page1["totalCount"]!.GetValue<int>());

        var (_, back, _) = await h.GetAsync($"/rest/metadata/objects?limit=5&ending_before={id2}");
        back!["data"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ShouldBe([id1]);

        (await h.GetAsync($"/rest/metadata/objects?starting_after={id1}&ending_before={id2}")).Status.ShouldBe(400);
    }

    [Fact]
    public async Task PeerCase_Objects_GetBadUuid400_Unknown404_CreateDuplicate()
    {
        await using var h = await Harness.StartAsync();

        (await h.GetAsync("/rest/metadata/objects/not-a-uuid")).Status.ShouldBe(400);
        var (status404, body404, _) = await h.GetAsync($"/rest/metadata/objects/{Guid.NewGuid()}");
        status404.ShouldBe(404);
        body404!["statusCode"]!.GetValue<int>().ShouldBe(404);
        (await h.PatchAsync($"/rest/metadata/objects/{Guid.NewGuid()}", new JsonObject { ["labelSingular"] = "X" })).Status.ShouldBe(404);

        var input = new JsonObject { ["nameSingular"] = "deltaAlert", ["namePlural"] = "deltaAlerts", ["labelSingular"] = "Delta alert", ["labelPlural"] = "Delta alerts" };
        var (created, body, _) = await h.PostAsync("/rest/metadata/objects", input);
        created.ShouldBe(201);
        body!["data"]!["fields"]!.AsArray().Count.ShouldBeGreaterThan(5);
        (await h.PostAsync("/rest/metadata/objects", input.DeepClone())).Status.ShouldBe(400);
        (await h.PostAsync("/rest/metadata/objects", new JsonObject { ["nameSingular"] = "", ["namePlural"] = "x", ["labelSingular"] = "a", ["labelPlural"] = "b" })).Status.ShouldBe(400);

        var id = body["data"]!["id"]!.GetValue<string>();
        (await h.PatchAsync($"/rest/metadata/objects/{id}", new JsonObject { ["isActive"] = false })).Status.ShouldBe(200);
        var (deleted, deletedBody, _) = await h.DeleteAsync($"/rest/metadata/objects/{id}");
        deleted.ShouldBe(200);
        deletedBody!["data"]!["id"]!.GetValue<string>().ShouldBe(id);
        (await h.GetAsync($"/rest/metadata/objects/{id}")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task PeerCase_Fields_Create201_Duplicate400_EmptyName400_PatchUnknown400_DeleteUnknown404()
    {
        await using var h = await Harness.StartAsync();
        var (_, objects, _) = await h.GetAsync("/rest/metadata/objects");
        var companyId = objects!["data"]!.AsArray().Single(o => o!["nameSingular"]!.GetValue<string>() == "company")!["id"]!.GetValue<string>();
        var input = new JsonObject { ["objectMetadataId"] = companyId, ["type"] = "TEXT", ["name"] = "clientCode", ["label"] = "Client code" };

        var (status, body, _) = await h.PostAsync("/rest/metadata/fields", input);
        status.ShouldBe(201);
        body!["data"]!["name"]!.GetValue<string>().ShouldBe("clientCode");
        (await h.PostAsync("/rest/metadata/fields", input.DeepClone())).Status.ShouldBe(400);
        var empty = (JsonObject)input.DeepClone();
        empty["name"] = "";
        (await h.PostAsync("/rest/metadata/fields", empty)).Status.ShouldBe(400);
        (await h.GetAsync("/rest/metadata/fields/not-a-uuid")).Status.ShouldBe(400);
        (await h.GetAsync($"/rest/metadata/fields/{Guid.NewGuid()}")).Status.ShouldBe(404);
        (await h.PatchAsync($"/rest/metadata/fields/{Guid.NewGuid()}", new JsonObject { ["label"] = "X" })).Status.ShouldBe(400);
        (await h.DeleteAsync($"/rest/metadata/fields/{Guid.NewGuid()}")).Status.ShouldBe(404);

        var (_, fields, _) = await h.GetAsync("/rest/metadata/fields");
        fields!["data"]!.AsArray().ShouldContain(f => f!["name"]!.GetValue<string>() == "clientCode");
        (await h.PostAsync("/rest/companies", new JsonObject { ["name"] = "A", ["clientCode"] = "C1" })).Status.ShouldBe(201);
    }

    [Fact]
    public async Task PeerCase_LegacyWebhooks_RawArray_WithDeprecationHeaders()
    {
        await using var h = await Harness.StartAsync();
        var (created, hook, _) = await h.PostAsync("/rest/metadata/webhooks", new JsonObject { ["targetUrl"] = "https://hooks.test/x", ["operations"] = new JsonArray("*.*") });
        created.ShouldBe(201);

        var (status, body, response) = await h.GetAsync("/rest/webhooks");

        status.ShouldBe(200);
        body!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(hook!["data"]!["id"]!.GetValue<string>());
        response.Headers.GetValues("Deprecation").Single().ShouldBe("@1786320000");
        var (listStatus, list, _) = await h.GetAsync("/rest/metadata/webhooks");
        listStatus.ShouldBe(200);
        list!["totalCount"]!.GetValue<int>().ShouldBe(1);
        var (deleteStatus, deleted, _) = await h.DeleteAsync($"/rest/metadata/webhooks/{hook["data"]!["id"]!.GetValue<string>()}");
        deleteStatus.ShouldBe(200);
        deleted!.GetValue<bool>().ShouldBeTrue();
    }
}
