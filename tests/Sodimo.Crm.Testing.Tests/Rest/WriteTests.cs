using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests.Rest;

/// <summary>API-FACTS §1.3/§1.6/§4 and PEER-CASES [create] [upsert] [update] [delete] [restore] [fields] [merge].</summary>
public sealed class WriteTests
{
    [Fact]
    public async Task Api_key_create_sets_createdBy_source_api_and_system_fields()
    {
        // PEER-CASES [create] createdBy.source API, workspaceMemberId null; API-FACTS §4 base fields
        await using var h = await Harness.StartAsync();
        var (_, body, _) = await h.PostAsync("/rest/people", Harness.Person("Ada", "Lovelace"));
        var p = body!["data"]!["createPerson"]!;
        p["createdBy"]!["source"]!.GetValue<string>().ShouldBe("API");
        p["createdBy"]!["workspaceMemberId"].ShouldBeNull();
        Guid.TryParse(p["id"]!.GetValue<string>(), out _).ShouldBeTrue();
        DateTimeOffset.Parse(p["createdAt"]!.GetValue<string>()).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));
        p["updatedAt"]!.GetValue<string>().ShouldBe(p["createdAt"]!.GetValue<string>());
        p["deletedAt"].ShouldBeNull();
        p["position"]!.GetValue<double>().ShouldBe(0);
        // composites are returned whole with defaults (API-FACTS §1.5)
        p["phones"]!["primaryPhoneNumber"]!.GetValue<string>().ShouldBe("");
        p["linkedinLink"]!.AsObject().Select(kv => kv.Key).ShouldBe(["primaryLinkUrl", "primaryLinkLabel", "secondaryLinks"]);
    }

    [Fact]
    public async Task Client_sent_createdBy_is_kept_one_and_batch()
    {
        // PEER-CASES [create] createdBy {source: EMAIL} kept; batch EMAIL and MANUAL kept
        await using var h = await Harness.StartAsync();
        var input = Harness.Person("A", "B");
        input["createdBy"] = new JsonObject { ["source"] = "EMAIL" };
        var (_, body, _) = await h.PostAsync("/rest/people", input);
        body!["data"]!["createPerson"]!["createdBy"]!["source"]!.GetValue<string>().ShouldBe("EMAIL");
        body["data"]!["createPerson"]!["createdBy"]!["workspaceMemberId"].ShouldBeNull();

        var a = Harness.Person("C", "D");
        a["createdBy"] = new JsonObject { ["source"] = "EMAIL" };
        var b = Harness.Person("E", "F");
        b["createdBy"] = new JsonObject { ["source"] = "MANUAL" };
        (_, body, _) = await h.PostAsync("/rest/batch/people", new JsonArray(a, b));
        body!["data"]!["createPeople"]!.AsArray().Select(x => x!["createdBy"]!["source"]!.GetValue<string>()).ShouldBe(["EMAIL", "MANUAL"]);
    }

    [Fact]
    public async Task Existing_id_is_400_record_already_exists()
    {
        // PEER-CASES [create] POST an existing id (one or batch)
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var input = Harness.Person("X", "Y", "x@y.test");
        input["id"] = ids[0];
        var (status, body, _) = await h.PostAsync("/rest/people", input);
        status.ShouldBe(400);
        body!["error"]!.GetValue<string>().ShouldBe("BadRequestException");
        body["messages"]![0]!.GetValue<string>().ShouldContain("Record already exists");
        (status, _, _) = await h.PostAsync("/rest/batch/people", new JsonArray(input.DeepClone()));
        status.ShouldBe(400);
    }

    [Fact]
    public async Task Client_id_is_used()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var input = Harness.Person("X", "Y");
        input["id"] = id.ToString();
        (await h.PostAsync("/rest/people", input)).Status.ShouldBe(201);
        h.Emulator.FindRecord("person", id).ShouldNotBeNull();
    }

    [Fact]
    public async Task Select_values_are_checked_against_options()
    {
        // PEER-CASES [create] stage INVALID_ENUM_VALUE → 400 (UNCONFIRMED text: validation-layer message used)
        await using var h = await Harness.StartAsync();
        var (status, body, _) = await h.PostAsync("/rest/opportunities", new JsonObject { ["name"] = "Deal", ["stage"] = "INVALID_ENUM_VALUE" });
        status.ShouldBe(400);
        body!["messages"]![0]!.GetValue<string>().ShouldBe("Invalid value 'INVALID_ENUM_VALUE' for field \"stage\"");
        (_, body, _) = await h.PostAsync("/rest/opportunities", new JsonObject { ["name"] = "Deal" });
        body!["data"]!["createOpportunity"]!["stage"]!.GetValue<string>().ShouldBe("NEW");
        (_, body, _) = await h.PostAsync("/rest/opportunities", new JsonObject { ["stage"] = 1 });
        body!["messages"]![0]!.GetValue<string>().ShouldBe("Invalid string value 1 for text field \"stage\"");
    }

    [Fact]
    public async Task Value_type_errors_follow_twenty_messages()
    {
        // PEER-CASES [create] REST value errors (text, number, uuid, emails as string, not-null)
        await using var h = await Harness.StartAsync();
        async Task<string> Msg(string url, JsonObject body)
        {
            var (status, b, _) = await h.PostAsync(url, body);
            status.ShouldBe(400);
            return b!["messages"]![0]!.GetValue<string>();
        }

        (await Msg("/rest/people", new JsonObject { ["city"] = 1 })).ShouldBe("Invalid string value 1 for text field \"city\"");
        (await Msg("/rest/companies", new JsonObject { ["employees"] = "string" })).ShouldBe("Invalid number value 'string' for field \"employees\"");
        (await Msg("/rest/companies", new JsonObject { ["employees"] = true })).ShouldBe("Invalid number value true for field \"employees\"");
        (await Msg("/rest/people", new JsonObject { ["companyId"] = "non-uuid" })).ShouldBe("Invalid UUID value 'non-uuid' for field \"companyId\"");
        (await Msg("/rest/people", new JsonObject { ["emails"] = "not-an-email" })).ShouldBe("Invalid object value 'not-an-email' for field \"emails\"");
        (await Msg("/rest/people", new JsonObject { ["city"] = null })).ShouldBe(
            "null value in column \"city\" of relation \"person\" violates not-null constraint");
        (await Msg("/rest/people", new JsonObject { ["unknownField"] = "x" })).ShouldContain("unknownField");
        h.Emulator.GetRecords("people").ShouldBeEmpty();
        h.Emulator.GetRecords("companies").ShouldBeEmpty();
    }

    [Fact]
    public async Task Unique_fields_reject_duplicates_but_empty_values_do_not_collide()
    {
        // API-FACTS §1.3 person emails unique; PEER-CASES [create] empty unique values both allowed
        await using var h = await Harness.StartAsync();
        (await h.PostAsync("/rest/people", Harness.Person("A", "B", "same@x.test"))).Status.ShouldBe(201);
        var (status, body, _) = await h.PostAsync("/rest/people", Harness.Person("C", "D", "same@x.test"));
        status.ShouldBe(400);
        body!["messages"]![0]!.GetValue<string>().ShouldContain("duplicate key value violates unique constraint");
        (await h.PostAsync("/rest/people", Harness.Person("E", "F", ""))).Status.ShouldBe(201);
        (await h.PostAsync("/rest/people", Harness.Person("G", "H", ""))).Status.ShouldBe(201);
        (await h.PostAsync("/rest/people", new JsonObject { ["city"] = "no email" })).Status.ShouldBe(201);
        h.Emulator.GetRecords("people").Count.ShouldBe(4);
    }

    [Fact]
    public async Task Batch_above_the_limit_is_rejected_and_empty_batch_too()
    {
        // API-FACTS §1.6 batch size (configurable, default 60)
        await using var h = await Harness.StartAsync();
        var big = new JsonArray(Enumerable.Range(0, 61).Select(i => (JsonNode)new JsonObject { ["city"] = "c" + i }).ToArray());
        var (status, body, _) = await h.PostAsync("/rest/batch/people", big);
        status.ShouldBe(400);
        body!["messages"]![0]!.GetValue<string>().ShouldBe("Maximum number of records to upsert is 60.");
        (await h.PostAsync("/rest/batch/people", new JsonArray())).Status.ShouldBe(400);
        var sixty = new JsonArray(Enumerable.Range(0, 60).Select(i => (JsonNode)new JsonObject { ["city"] = "c" + i }).ToArray());
        (await h.PostAsync("/rest/batch/people", sixty)).Status.ShouldBe(201);
        h.Emulator.GetRecords("people").Count.ShouldBe(60);
    }

    [Fact]
    public async Task Upsert_matches_on_unique_field_and_id_and_creates_the_rest()
    {
        // PEER-CASES [upsert] createPeople upsert: 3 in → 3 out, table grows only by new ones; id match gets new email
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var byEmail = Harness.Person("Renamed", "Zero", "p0@acme.test");
        var byId = new JsonObject { ["id"] = ids[1], ["emails"] = new JsonObject { ["primaryEmail"] = "new1@acme.test" } };
        var fresh = Harness.Person("New", "Person", "new@acme.test");
        var (status, body, _) = await h.PostAsync("/rest/batch/people?upsert=true", new JsonArray(byEmail, byId, fresh));
        status.ShouldBe(201);
        var result = body!["data"]!["createPeople"]!.AsArray();
        result.Count.ShouldBe(3);
        result[0]!["id"]!.GetValue<string>().ShouldBe(ids[0]);
        result[0]!["name"]!["firstName"]!.GetValue<string>().ShouldBe("Renamed");
        result[1]!["id"]!.GetValue<string>().ShouldBe(ids[1]);
        h.Emulator.GetRecords("people").Count.ShouldBe(5);
        h.Emulator.FindRecord("people", Guid.Parse(ids[1]))!["emails"]!["primaryEmail"]!.GetValue<string>().ShouldBe("new1@acme.test");
    }

    [Fact]
    public async Task Upsert_flag_is_only_the_exact_string_true()
    {
        // PEER-CASES [upsert] upsert on only for "true"
        await using var h = await Harness.StartAsync();
        h.SeedPeople();
        (await h.PostAsync("/rest/people?upsert=True", Harness.Person("X", "Y", "p0@acme.test"))).Status.ShouldBe(400);
        (await h.PostAsync("/rest/people?upsert=true", Harness.Person("X", "Y", "p0@acme.test"))).Status.ShouldBe(201);
        h.Emulator.GetRecords("people").Count.ShouldBe(4);
    }

    [Fact]
    public async Task Upsert_matching_two_records_is_a_conflict()
    {
        // PEER-CASES [upsert] UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var input = new JsonObject { ["id"] = ids[0], ["emails"] = new JsonObject { ["primaryEmail"] = "p1@acme.test" } };
        var (status, body, _) = await h.PostAsync("/rest/people?upsert=true", input);
        status.ShouldBe(400);
        body!["code"]!.GetValue<string>().ShouldBe("UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT");
    }

    [Fact]
    public async Task Update_echoes_composites_and_bumps_updatedAt()
    {
        // PEER-CASES [update] composite name, emails with additionalEmails, city echoed back
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var before = h.Emulator.FindRecord("people", Guid.Parse(ids[0]))!;
        await Task.Delay(5);
        var patch = new JsonObject
        {
            ["name"] = new JsonObject { ["firstName"] = "New", ["lastName"] = "Name" },
            ["emails"] = new JsonObject { ["primaryEmail"] = "new@x.test", ["additionalEmails"] = new JsonArray("a@x.test", "b@x.test") },
            ["city"] = "Berlin",
        };
        var (status, body, _) = await h.PatchAsync($"/rest/people/{ids[0]}", patch);
        status.ShouldBe(200);
        var p = body!["data"]!["updatePerson"]!;
        JsonNode.DeepEquals(p["name"], patch["name"]).ShouldBeTrue();
        JsonNode.DeepEquals(p["emails"], patch["emails"]).ShouldBeTrue();
        p["city"]!.GetValue<string>().ShouldBe("Berlin");
        p["updatedAt"]!.GetValue<string>().ShouldNotBe(before["updatedAt"]!.GetValue<string>());
        p["createdAt"]!.GetValue<string>().ShouldBe(before["createdAt"]!.GetValue<string>());
        p["updatedBy"]!["source"]!.GetValue<string>().ShouldBe("API");

        // partial composite update keeps the other sub-fields
        (_, body, _) = await h.PatchAsync($"/rest/people/{ids[0]}", new JsonObject { ["name"] = new JsonObject { ["lastName"] = "Only" } });
        body!["data"]!["updatePerson"]!["name"]!["firstName"]!.GetValue<string>().ShouldBe("New");
        (await h.PatchAsync($"/rest/people/{Guid.NewGuid()}", new JsonObject { ["city"] = "x" })).Status.ShouldBe(404);
        (await h.SendAsync(HttpMethod.Put, $"/rest/people/{ids[0]}", new JsonObject { ["city"] = "Put" })).Status.ShouldBe(200);
        h.Emulator.FindRecord("people", Guid.Parse(ids[0]))!["city"]!.GetValue<string>().ShouldBe("Put");
    }

    [Fact]
    public async Task Delete_is_hard_by_default_and_soft_with_soft_delete_true()
    {
        // API-FACTS §1.3 DELETE hard unless soft_delete=true; PEER-CASES [delete]
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        (await h.DeleteAsync($"/rest/people/{ids[0]}")).Status.ShouldBe(200);
        h.Emulator.FindRecord("people", Guid.Parse(ids[0])).ShouldBeNull();

        (await h.DeleteAsync($"/rest/people/{ids[1]}?soft_delete=false")).Status.ShouldBe(200);
        h.Emulator.FindRecord("people", Guid.Parse(ids[1])).ShouldBeNull();

        (await h.DeleteAsync($"/rest/people/{ids[2]}?soft_delete=true")).Status.ShouldBe(200);
        var soft = h.Emulator.FindRecord("people", Guid.Parse(ids[2]))!;
        soft["deletedAt"].ShouldNotBeNull();
        (await h.GetAsync($"/rest/people/{ids[2]}")).Status.ShouldBe(404);
        (await h.DeleteAsync($"/rest/people/{ids[2]}")).Status.ShouldBe(200);
        h.Emulator.FindRecord("people", Guid.Parse(ids[2])).ShouldBeNull();
        (await h.DeleteAsync($"/rest/people/{ids[2]}")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Destroying_a_company_clears_the_people_foreign_keys()
    {
        // API-FACTS §4 person.company onDelete SET NULL
        await using var h = await Harness.StartAsync();
        var (companyId, ids) = h.SeedPeople();
        (await h.DeleteAsync($"/rest/companies/{companyId}")).Status.ShouldBe(200);
        h.Emulator.FindRecord("people", Guid.Parse(ids[0]))!["companyId"].ShouldBeNull();
    }

    [Fact]
    public async Task Restore_one_and_many_with_field_projection()
    {
        // PEER-CASES [restore]: PATCH /rest/people/{id}/restore?fields=id → data.restorePerson exactly {id};
        // PATCH /rest/people/restore?filter=id[eq]:<id>&fields=id → data.restorePeople [{id}]; also /rest/restore/people/{id}
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        foreach (var id in ids.Take(3)) await h.DeleteAsync($"/rest/people/{id}?soft_delete=true");

        var (status, body, _) = await h.PatchAsync($"/rest/people/{ids[0]}/restore?fields=id", new JsonObject());
        status.ShouldBe(200);
        body!["data"]!["restorePerson"]!.ToJsonString().ShouldBe($"{{\"id\":\"{ids[0]}\"}}");
        (_, body, _) = await h.GetAsync($"/rest/people/{ids[0]}");
        body!["data"]!["person"]!["city"]!.GetValue<string>().ShouldBe("Paris");

        (status, body, _) = await h.PatchAsync($"/rest/people/restore?filter=id[eq]:{ids[1]}&fields=id", new JsonObject());
        status.ShouldBe(200);
        body!["data"]!["restorePeople"]!.ToJsonString().ShouldBe($"[{{\"id\":\"{ids[1]}\"}}]");

        (status, _, _) = await h.PatchAsync($"/rest/restore/people/{ids[2]}", new JsonObject());
        status.ShouldBe(200);
        h.Emulator.GetRecords("people").Count.ShouldBe(4);
    }

    [Fact]
    public async Task Fields_projection_returns_only_id_but_stores_everything()
    {
        // PEER-CASES [create] ?fields=id on POST and batch; [fields] empty → 400
        await using var h = await Harness.StartAsync();
        var input = Harness.Person("A", "B");
        input["jobTitle"] = "CTO";
        var (_, body, _) = await h.PostAsync("/rest/people?fields=id", input);
        var created = body!["data"]!["createPerson"]!.AsObject();
        created.Select(kv => kv.Key).ShouldBe(["id"]);
        h.Emulator.FindRecord("people", Guid.Parse(created["id"]!.GetValue<string>()))!["jobTitle"]!.GetValue<string>().ShouldBe("CTO");
        (_, body, _) = await h.PostAsync("/rest/batch/people?fields=id", new JsonArray(Harness.Person("C", "D")));
        body!["data"]!["createPeople"]![0]!.AsObject().Select(kv => kv.Key).ShouldBe(["id"]);
        (_, body, _) = await h.GetAsync("/rest/people?fields=%20jobTitle%20,,jobTitle&fields=city");
        body!["data"]!["people"]![0]!.AsObject().Select(kv => kv.Key).Order().ShouldBe(["city", "id", "jobTitle"]);
        var (status, err, _) = await h.GetAsync("/rest/people?fields=%20,%20");
        status.ShouldBe(400);
        err!["messages"]![0]!.GetValue<string>().ShouldBe("'fields' parameter is empty");
    }

    [Fact]
    public async Task Merge_keeps_the_priority_record_and_destroys_the_other()
    {
        // PEER-CASES [merge] PATCH /rest/people/merge {ids:[A,B], conflictPriorityIndex:0, dryRun}
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var dry = new JsonObject { ["ids"] = new JsonArray(ids[0], ids[1]), ["conflictPriorityIndex"] = 0, ["dryRun"] = true };
        (await h.PatchAsync("/rest/people/merge", dry)).Status.ShouldBe(200);
        h.Emulator.GetRecords("people").Count.ShouldBe(4);
        var real = new JsonObject { ["ids"] = new JsonArray(ids[0], ids[1]), ["conflictPriorityIndex"] = 0, ["dryRun"] = false };
        var (status, body, _) = await h.PatchAsync("/rest/people/merge", real);
        status.ShouldBe(200);
        body!["data"]!["mergePerson"]!["id"]!.GetValue<string>().ShouldBe(ids[0]);
        (await h.GetAsync($"/rest/people/{ids[0]}")).Status.ShouldBe(200);
        (await h.GetAsync($"/rest/people/{ids[1]}")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Duplicates_by_email_return_one_entry_per_input()
    {
        // API-FACTS §1.3/§1.5 duplicates envelope; person criterion: same primary email
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var (status, body, _) = await h.PostAsync("/rest/people/duplicates",
            new JsonObject { ["data"] = new JsonArray(Harness.Person("Z", "Z", "p2@acme.test"), Harness.Person("Q", "Q", "none@x.test")) });
        status.ShouldBe(200);
        var data = body!["data"]!.AsArray();
        data.Count.ShouldBe(2);
        data[0]!["personDuplicates"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(ids[2]);
        data[0]!["totalCount"]!.GetValue<int>().ShouldBe(1);
        data[1]!["personDuplicates"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Foreign_key_to_a_missing_record_is_rejected()
    {
        // UNCONFIRMED (Postgres FK): a join column must point at an existing record
        await using var h = await Harness.StartAsync();
        var input = Harness.Person("A", "B");
        input["companyId"] = Guid.NewGuid().ToString();
        (await h.PostAsync("/rest/people", input)).Status.ShouldBe(400);
        var target = new JsonObject { ["noteId"] = Guid.NewGuid().ToString() };
        (await h.PostAsync("/rest/noteTargets", target)).Status.ShouldBe(400);
    }

    [Fact]
    public async Task Note_targets_link_notes_to_people_with_1_17_names()
    {
        // API-FACTS §4 noteTarget: noteId + targetPersonId
        await using var h = await Harness.StartAsync();
        var (_, ids) = h.SeedPeople();
        var (_, note, _) = await h.PostAsync("/rest/notes", new JsonObject
        {
            ["title"] = "Call",
            ["bodyV2"] = new JsonObject { ["markdown"] = "hello" },
        });
        var noteId = note!["data"]!["createNote"]!["id"]!.GetValue<string>();
        var (status, body, _) = await h.PostAsync("/rest/noteTargets", new JsonObject { ["noteId"] = noteId, ["targetPersonId"] = ids[0] });
        status.ShouldBe(201);
        body!["data"]!["createNoteTarget"]!["targetPersonId"]!.GetValue<string>().ShouldBe(ids[0]);
        body["data"]!["createNoteTarget"]!["targetCompanyId"].ShouldBeNull();
        (_, body, _) = await h.GetAsync($"/rest/notes/{noteId}?depth=1");
        body!["data"]!["note"]!["noteTargets"]!.AsArray().Count.ShouldBe(1);
        body["data"]!["note"]!["bodyV2"]!["markdown"]!.GetValue<string>().ShouldBe("hello");
        // destroying the note cascades to its targets
        await h.DeleteAsync($"/rest/notes/{noteId}");
        h.Emulator.GetRecords("noteTargets").ShouldBeEmpty();
    }

    [Fact]
    public async Task Update_and_delete_many_by_filter()
    {
        // API-FACTS §1.3 PATCH/DELETE /rest/{plural} with filter (UNCONFIRMED envelope keys)
        await using var h = await Harness.StartAsync();
        h.SeedPeople();
        var (status, body, _) = await h.PatchAsync("/rest/people?filter=city[eq]:Paris", new JsonObject { ["jobTitle"] = "Parisian" });
        status.ShouldBe(200);
        body!["data"]!["updatePeople"]!.AsArray().Count.ShouldBe(2);
        h.Emulator.GetRecords("people").Count(p => p["jobTitle"]!.GetValue<string>() == "Parisian").ShouldBe(2);
        (status, body, _) = await h.DeleteAsync("/rest/people?filter=city[eq]:Lyon&soft_delete=true");
        status.ShouldBe(200);
        body!["data"]!["deletePeople"]!.AsArray().Count.ShouldBe(2);
        h.Emulator.GetRecords("people").Count.ShouldBe(2);
        h.Emulator.GetRecords("people", includeDeleted: true).Count.ShouldBe(4);
        (await h.DeleteAsync("/rest/people")).Status.ShouldBe(400);
    }
}
