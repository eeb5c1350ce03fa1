using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Core;

namespace Sodimo.Crm.Testing.Tests.Core;

/// <summary>The core model: standard objects (API-FACTS §4), mutable metadata, record store and change events.</summary>
public sealed class WorkspaceTests
{
    private static Workspace NewWorkspace() => new(TimeProvider.System);

    [Fact]
    public void Standard_objects_are_seeded_with_plural_names_and_1_17_target_columns()
    {
        // API-FACTS §4
        var ws = NewWorkspace();
        ws.Objects.Select(o => o.NamePlural).ShouldBe(
            ["people", "companies", "opportunities", "notes", "tasks", "noteTargets", "taskTargets", "workspaceMembers"], ignoreOrder: true);
        var noteTarget = ws.FindObject("noteTargets")!;
        noteTarget.FindByJoinColumn("targetPersonId").ShouldNotBeNull();
        noteTarget.FindByJoinColumn("targetCompanyId").ShouldNotBeNull();
        noteTarget.FindByJoinColumn("targetOpportunityId").ShouldNotBeNull();
        noteTarget.FindByJoinColumn("noteId").ShouldNotBeNull();
        ws.FindObject("taskTargets")!.FindByJoinColumn("taskId").ShouldNotBeNull();
        var stage = ws.FindObject("opportunities")!.FindField("stage")!;
        stage.Type.ShouldBe("SELECT");
        stage.IsNullable.ShouldBeFalse();
        stage.Options!.Select(o => o.Value).ShouldBe(["NEW", "SCREENING", "MEETING", "PROPOSAL", "CUSTOMER"]);
        ws.FindObject("people")!.FindField("emails")!.IsUnique.ShouldBeTrue();
        ws.FindObject("companies")!.FindField("domainName")!.IsUnique.ShouldBeTrue();
    }

    [Fact]
    public void Record_changes_raise_events_with_before_and_after()
    {
        var ws = NewWorkspace();
        var events = new List<RecordChange>();
        ws.RecordChanged += events.Add;
        var people = ws.FindObject("people")!;
        var created = ws.Create(people, [new JsonObject { ["jobTitle"] = "Dev" }], upsert: false, Actor.ApiKey)[0];
        var id = created["id"]!.GetValue<string>();
        ws.Update(people, id, new JsonObject { ["jobTitle"] = "CTO" }, Actor.ApiKey);
        ws.Delete(people, id, soft: true);
        ws.Restore(people, id);
        ws.Delete(people, id, soft: false);

        events.Select(e => e.EventName).ShouldBe(["person.created", "person.updated", "person.deleted", "person.restored", "person.destroyed"]);
        events[0].Before.ShouldBeNull();
        events[0].After!["jobTitle"]!.GetValue<string>().ShouldBe("Dev");
        events[1].Before!["jobTitle"]!.GetValue<string>().ShouldBe("Dev");
        events[1].After!["jobTitle"]!.GetValue<string>().ShouldBe("CTO");
        events[1].UpdatedFields.ShouldBe(["jobTitle"]);
        events[2].After!["deletedAt"].ShouldNotBeNull();
        events[4].After.ShouldBeNull();
        events[4].Before!["id"]!.GetValue<string>().ShouldBe(id);
        ws.RecordById(people, id).ShouldBeNull();
    }

    [Fact]
    public void Failed_batch_commits_nothing_and_raises_nothing()
    {
        var ws = NewWorkspace();
        var events = new List<RecordChange>();
        ws.RecordChanged += events.Add;
        var people = ws.FindObject("people")!;
        var batch = new[]
        {
            new JsonObject { ["emails"] = new JsonObject { ["primaryEmail"] = "same@x.test" } },
            new JsonObject { ["emails"] = new JsonObject { ["primaryEmail"] = "same@x.test" } },
        };
        var e = Should.Throw<EmulatorException>(() => ws.Create(people, batch, upsert: false, Actor.ApiKey));
        e.Message.ShouldContain("duplicate key value violates unique constraint");
        ws.AllRecords(people).ShouldBeEmpty();
        events.ShouldBeEmpty();
    }

    [Fact]
    public void Metadata_is_mutable_at_runtime_and_bumps_the_version()
    {
        var ws = NewWorkspace();
        var v0 = ws.MetadataVersion;
        var rocket = ws.CreateObject("rocket", "rockets", "Rocket", "Rockets");
        ws.MetadataVersion.ShouldBeGreaterThan(v0);
        rocket.IsCustom.ShouldBeTrue();
        rocket.Fields.Select(f => f.Name).ShouldBe(
            ["id", "name", "createdAt", "updatedAt", "deletedAt", "position", "createdBy", "updatedBy", "noteTargets", "taskTargets"]);
        ws.FindObject("noteTargets")!.FindByJoinColumn("targetRocketId").ShouldNotBeNull();

        var field = ws.CreateField(rocket.Id, new FieldMetadata
        {
            Name = "fuel",
            Label = "Fuel",
            Type = "SELECT",
            IsCustom = true,
            Options = StandardObjects.Options(("LOX", "Liquid oxygen", "blue"), ("RP1", "Kerosene", "red")),
        });
        var r = ws.Create(rocket, [new JsonObject { ["name"] = "Falcon", ["fuel"] = "LOX" }], false, Actor.ApiKey)[0];
        Should.Throw<EmulatorException>(() => ws.Create(rocket, [new JsonObject { ["fuel"] = "WOOD" }], false, Actor.ApiKey))
            .Message.ShouldBe("Invalid value 'WOOD' for field \"fuel\"");

        ws.UpdateField(field.Id, f => f.Name = "propellant");
        ws.RecordById(rocket, r["id"]!.GetValue<string>())!["propellant"]!.GetValue<string>().ShouldBe("LOX");
        ws.DeleteField(field.Id);
        ws.Serialize(rocket, ws.RecordById(rocket, r["id"]!.GetValue<string>())!, 0).ContainsKey("propellant").ShouldBeFalse();
    }

    [Fact]
    public async Task Concurrent_creates_are_all_stored()
    {
        var ws = NewWorkspace();
        var people = ws.FindObject("people")!;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                ws.Create(people, [new JsonObject { ["emails"] = new JsonObject { ["primaryEmail"] = $"t{t}-{i}@x.test" } }], false, Actor.ApiKey);
            }
        })));
        ws.AllRecords(people).Count().ShouldBe(800);
        ws.FindMany(people, new RecordQuery { First = 1000 }).TotalCount.ShouldBe(800);
    }
}
