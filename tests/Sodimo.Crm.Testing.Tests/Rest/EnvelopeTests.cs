using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests.Rest;

/// <summary>API-FACTS §1.5 envelopes, PEER-CASES [envelope]; both transports.</summary>
public sealed class EnvelopeTests
{
    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task FindMany_envelope_has_plural_data_totalCount_and_pageInfo(Transport transport)
    {
        // PEER-CASES [envelope] GET /rest/people → data.people, pageInfo, totalCount 4, hasNextPage false
        await using var h = await Harness.StartAsync(transport);
        h.SeedPeople();
        var (status, body, _) = await h.GetAsync("/rest/people");
        status.ShouldBe(200);
        body!["data"]!["people"]!.AsArray().Count.ShouldBe(4);
        body["totalCount"]!.GetValue<int>().ShouldBe(4);
        var pageInfo = body["pageInfo"]!.AsObject();
        pageInfo["hasNextPage"]!.GetValue<bool>().ShouldBeFalse();
        pageInfo["hasPreviousPage"]!.GetValue<bool>().ShouldBeFalse();
        pageInfo["startCursor"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        pageInfo["endCursor"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task FindOne_envelope_uses_singular_key(Transport transport)
    {
        // PEER-CASES [envelope] GET /rest/people/{id} → data.person
        await using var h = await Harness.StartAsync(transport);
        var (_, ids) = h.SeedPeople();
        var (status, body, _) = await h.GetAsync($"/rest/people/{ids[2]}");
        status.ShouldBe(200);
        body!["data"]!["person"]!["id"]!.GetValue<string>().ShouldBe(ids[2]);
        body["data"]!["person"]!["position"]!.GetValue<double>().ShouldBe(2);
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Create_one_and_batch_return_201_with_create_keys_in_input_order(Transport transport)
    {
        // PEER-CASES [envelope] POST /rest/people → 201 data.createPerson; POST /rest/batch/people → 201 data.createPeople
        await using var h = await Harness.StartAsync(transport);
        var (status, body, _) = await h.PostAsync("/rest/people", Harness.Person("Ada", "Lovelace"));
        status.ShouldBe(201);
        var created = body!["data"]!["createPerson"]!;
        created["name"]!["firstName"]!.GetValue<string>().ShouldBe("Ada");
        h.Emulator.FindRecord("people", Guid.Parse(created["id"]!.GetValue<string>())).ShouldNotBeNull();

        var batch = new JsonArray(Harness.Person("A", "One"), Harness.Person("B", "Two"), Harness.Person("C", "Three"));
        (status, body, _) = await h.PostAsync("/rest/batch/people", batch);
        status.ShouldBe(201);
        var list = body!["data"]!["createPeople"]!.AsArray();
        list.Select(p => p!["name"]!["firstName"]!.GetValue<string>()).ShouldBe(["A", "B", "C"]);
        h.Emulator.GetRecords("people").Count.ShouldBe(4);
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Update_and_delete_envelopes(Transport transport)
    {
        // PEER-CASES [envelope] PATCH → data.updatePerson; API-FACTS §1.5 DELETE → data.deletePerson {id}
        await using var h = await Harness.StartAsync(transport);
        var (_, ids) = h.SeedPeople();
        var (status, body, _) = await h.PatchAsync($"/rest/people/{ids[0]}", new JsonObject { ["jobTitle"] = "CTO" });
        status.ShouldBe(200);
        body!["data"]!["updatePerson"]!["jobTitle"]!.GetValue<string>().ShouldBe("CTO");
        h.Emulator.FindRecord("people", Guid.Parse(ids[0]))!["jobTitle"]!.GetValue<string>().ShouldBe("CTO");

        (status, body, _) = await h.DeleteAsync($"/rest/people/{ids[0]}");
        status.ShouldBe(200);
        body!["data"]!["deletePerson"]!.AsObject().Select(kv => kv.Key).ShouldBe(["id"]);
        body["data"]!["deletePerson"]!["id"]!.GetValue<string>().ShouldBe(ids[0]);
    }
}
