using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Core;

namespace Sodimo.Crm.Testing.Tests.Rest;

/// <summary>Objects and fields added at runtime are served by REST at once (custom objects by namePlural, API-FACTS §1.2).</summary>
public sealed class CustomObjectTests
{
    [Fact]
    public async Task Custom_object_with_multi_select_and_array_fields()
    {
        await using var h = await Harness.StartAsync();
        var ws = h.Emulator.Workspace;
        var rocket = ws.CreateObject("rocket", "rockets", "Rocket", "Rockets");
        ws.CreateField(rocket.Id, new FieldMetadata
        {
            Name = "tags",
            Label = "Tags",
            Type = "MULTI_SELECT",
            IsCustom = true,
            Options = StandardObjects.Options(("FAST", "Fast", "red"), ("HEAVY", "Heavy", "blue"), ("CHEAP", "Cheap", "green")),
        });
        ws.CreateField(rocket.Id, new FieldMetadata { Name = "aliases", Label = "Aliases", Type = "ARRAY", IsCustom = true });
        ws.CreateField(rocket.Id, new FieldMetadata { Name = "thrust", Label = "Thrust", Type = "NUMBER", IsCustom = true });

        var (status, body, _) = await h.PostAsync("/rest/batch/rockets", new JsonArray(
            new JsonObject { ["name"] = "Falcon", ["tags"] = new JsonArray("FAST", "CHEAP"), ["aliases"] = new JsonArray("F9"), ["thrust"] = 7607 },
            new JsonObject { ["name"] = "Saturn", ["tags"] = new JsonArray("HEAVY"), ["aliases"] = new JsonArray("SV", "Moon rocket"), ["thrust"] = 35100 }));
        status.ShouldBe(201, body?.ToJsonString());
        body!["data"]!["createRockets"]!.AsArray().Count.ShouldBe(2);
        // a custom object gets the default "name" field and the system fields
        body["data"]!["createRockets"]![0]!["createdBy"]!["source"]!.GetValue<string>().ShouldBe("API");

        async Task<string[]> Names(string filter) => (await h.GetAsync("/rest/rockets?order_by=name&filter=" + filter)).Body!["data"]!["rockets"]!
            .AsArray().Select(r => r!["name"]!.GetValue<string>()).ToArray();
        (await Names("tags[containsAny]:[HEAVY,CHEAP]")).ShouldBe(["Falcon", "Saturn"]);
        (await Names("tags[containsAny]:[FAST]")).ShouldBe(["Falcon"]);
        (await Names("aliases[containsAny]:[SV]")).ShouldBe(["Saturn"]);
        (await Names("thrust[gt]:10000")).ShouldBe(["Saturn"]);

        (status, body, _) = await h.PostAsync("/rest/rockets", new JsonObject { ["tags"] = new JsonArray("SLOW") });
        status.ShouldBe(400);
        body!["messages"]![0]!.GetValue<string>().ShouldBe("Invalid value 'SLOW' for multi select field \"tags\"");
        (status, body, _) = await h.PostAsync("/rest/rockets", new JsonObject { ["tags"] = new JsonArray(1) });
        body!["messages"]![0]!.GetValue<string>().ShouldBe("Invalid value 1 for field \"tags - Array values need to be string\"");

        // singular → did-you-mean with the custom plural
        (await h.GetAsync("/rest/rocket")).Body!["messages"]![0]!.GetValue<string>().ShouldBe("object 'rocket' not found. Did you mean 'rockets'?");
        // note targets reach the custom object through target<Custom>Id
        var rocketId = h.Emulator.GetRecords("rockets")[0]["id"]!.GetValue<string>();
        var note = h.Emulator.Seed("notes", new JsonObject { ["title"] = "Launch" })[0];
        (await h.PostAsync("/rest/noteTargets", new JsonObject { ["noteId"] = note["id"]!.DeepClone(), ["targetRocketId"] = rocketId })).Status.ShouldBe(201);
    }

    [Fact]
    public async Task Making_a_field_unique_at_runtime_enforces_it_on_existing_data()
    {
        await using var h = await Harness.StartAsync();
        h.SeedPeople();
        var city = h.Emulator.Workspace.FindObject("people")!.FindField("jobTitle")!;
        h.Emulator.Workspace.UpdateField(city.Id, f => f.IsUnique = true);
        (await h.PostAsync("/rest/people", new JsonObject { ["jobTitle"] = "Boss" })).Status.ShouldBe(201);
        (await h.PostAsync("/rest/people", new JsonObject { ["jobTitle"] = "Boss" })).Status.ShouldBe(400);
        (await h.PostAsync("/rest/people?upsert=true", new JsonObject { ["jobTitle"] = "Boss", ["city"] = "Rome" })).Status.ShouldBe(201);
        h.Emulator.GetRecords("people").Count(p => p["jobTitle"]!.GetValue<string>() == "Boss").ShouldBe(1);
    }
}
