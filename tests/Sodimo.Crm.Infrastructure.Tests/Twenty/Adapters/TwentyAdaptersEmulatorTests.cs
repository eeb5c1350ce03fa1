using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty.Adapters;

public sealed class TwentyAdaptersEmulatorTests
{
    private static readonly SodimoSchema Schema = SodimoSchema.Current;
    private static readonly Guid AcmeId = Guid.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly Guid CaveId = Guid.Parse("22222222-2222-4222-8222-222222222222");
    private static readonly Guid PersonId = Guid.Parse("33333333-3333-4333-8333-333333333333");

    private static FieldWrite Company(string sodimoName, object? value) => new(Schema.GetField("Company", sodimoName), value);

    private static FieldWrite Person(string sodimoName, object? value) => new(Schema.GetField("Person", sodimoName), value);

    private static FieldWrite Deal(string sodimoName, object? value) => new(Schema.GetField("Opportunity", sodimoName), value);

    [Fact]
    public async Task Companies_CreateWithClientId_GetAndUpdate_MapSodimoNames()
    {
        await using var h = new EmulatorHarness();
        var address = new PostalAddress("81 rue La Treille", null, "Paris", null, "75011", "FRANCE");

        var created = await h.Companies.CreateAsync(new CompanyCreate(AcmeId, [Company("name", "Restaurant des Halles"), Company("billing_address", address)]));
        var updated = await h.Companies.UpdateAsync(new CompanyUpdate(AcmeId, [Company("name", "Les Halles")]));
        var read = await h.Companies.GetAsync(AcmeId);

        created.Id.ShouldBe(AcmeId);
        created.Name.ShouldBe("Restaurant des Halles");
        created.Fields["billing_address"].ShouldBe(address);
        updated.Name.ShouldBe("Les Halles");
        read!.Name.ShouldBe("Les Halles");
        read.Fields["billing_address"].ShouldBe(address);
        var stored = h.Emulator.FindRecord("companies", AcmeId)!;
        stored["name"]!.GetValue<string>().ShouldBe("Les Halles");
        stored["address"]!["addressCity"]!.GetValue<string>().ShouldBe("Paris");
    }

    [Fact]
    public async Task Companies_GetUnknown_Null_UpdateUnknown_RecordNotFound()
    {
        await using var h = new EmulatorHarness();

        (await h.Companies.GetAsync(AcmeId)).ShouldBeNull();
        var ex = await Should.ThrowAsync<RecordNotFoundException>(h.Companies.UpdateAsync(new CompanyUpdate(AcmeId, [Company("name", "x")])));
        ex.Message.ShouldContain(AcmeId.ToString());
    }

    [Fact]
    public async Task Companies_CreateManyThenUpdateMany_OneBatchCallEach()
    {
        await using var h = new EmulatorHarness();
        var ids = Enumerable.Range(1, 5).Select(i => Guid.Parse($"00000000-0000-4000-8000-00000000000{i}")).ToArray();

        var created = await h.Companies.CreateManyAsync(ids.Select((id, i) => new CompanyCreate(id, [Company("name", $"Company {i}")])).ToArray());
        var updated = await h.Companies.UpdateManyAsync(ids.Take(2).Select(id => new CompanyUpdate(id, [Company("name", "Renamed")])).ToArray());

        created.Select(c => c.Id).ShouldBe(ids);
        updated.Select(c => c.Name).ShouldBe(["Renamed", "Renamed"]);
        h.Emulator.GetRecords("companies").Count.ShouldBe(5);
        h.Emulator.GetRecords("companies").Count(r => r["name"]!.GetValue<string>() == "Renamed").ShouldBe(2);
        h.Emulator.Journal.Entries.Select(e => $"{e.Method} {e.Path}").ShouldBe(["POST /rest/batch/companies", "POST /rest/batch/companies"]);
    }

    [Fact]
    public async Task Companies_CreateMany61_RefusedBeforeSending()
    {
        await using var h = new EmulatorHarness();

        await Should.ThrowAsync<ArgumentException>(() => h.Companies.CreateManyAsync(
            Enumerable.Range(0, 61).Select(_ => new CompanyCreate(Guid.NewGuid(), [])).ToArray()));

        h.Emulator.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Companies_List_PagesWithTwentysCursor_NeverTruncates()
    {
        await using var h = new EmulatorHarness();
        for (var i = 0; i < 5; i++)
        {
            h.Emulator.Seed("companies", new JsonObject { ["name"] = $"C{i}" });
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var names = new List<string?>();
        string? cursor = null;
        var calls = 0;
        do
        {
            var page = await h.Companies.ListAsync(new CompanyListQuery { Limit = 2, Cursor = cursor });
            names.AddRange(page.Items.Select(c => c.Name));
            page.TotalCount.ShouldBe(5);
            cursor = page.NextCursor;
            calls++;
        }
        while (cursor is not null && calls < 10);

        names.ShouldBe(["C0", "C1", "C2", "C3", "C4"]);
        calls.ShouldBe(3);
    }

    [Fact]
    public async Task People_CreateLinkedToCompany_UpdateAndGet()
    {
        await using var h = new EmulatorHarness();
        h.Emulator.Seed("companies", new JsonObject { ["id"] = AcmeId.ToString(), ["name"] = "Acme" });
        h.Emulator.Seed("companies", new JsonObject { ["id"] = CaveId.ToString(), ["name"] = "Cave" });

        var created = await h.People.CreateAsync(new PersonCreate(PersonId,
            [Person("name", new PersonName("Ralph", "Dupont")), Person("emails", EmailAddresses.Of("ralph@sodimo.fr")), Person("phones", new PhoneNumbers("612345678", "+33", "FR"))],
            AcmeId));
        var moved = await h.People.UpdateAsync(new PersonUpdate(PersonId, [Person("name", new PersonName("Ralph", "Martin"))], CaveId));
        var read = await h.People.GetAsync(PersonId);

        created.CompanyId.ShouldBe(AcmeId);
        created.Emails.PrimaryEmail.ShouldBe("ralph@sodimo.fr");
        created.Phones.ShouldBe(new PhoneNumbers("612345678", "+33", "FR"));
        moved.Name.ShouldBe(new PersonName("Ralph", "Martin"));
        read!.CompanyId.ShouldBe(CaveId);
        h.Emulator.FindRecord("people", PersonId)!["companyId"]!.GetValue<string>().ShouldBe(CaveId.ToString());
    }

    [Fact]
    public async Task Deals_UpdateStandardFields_AmountAsMoney()
    {
        await using var h = new EmulatorHarness();
        var dealId = Guid.Parse(h.Emulator.Seed("opportunities", new JsonObject { ["name"] = "Order 42" })[0]["id"]!.GetValue<string>());

        var updated = await h.Deals.UpdateAsync(new DealUpdate(dealId,
            [Deal("amount", new Money(1250.5m, "EUR")), Deal("close_date", new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero))]));
        var read = await h.Deals.GetAsync(dealId);

        updated.Amount.ShouldBe(new Money(1250.5m, "EUR"));
        read!.CloseDate.ShouldBe(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        h.Emulator.FindRecord("opportunities", dealId)!["amount"]!["amountMicros"]!.GetValue<double>().ShouldBe(1_250_500_000d);
    }

    [Fact]
    public async Task Activities_NoteAndTaskWithTargets_CreatedAndListed()
    {
        await using var h = new EmulatorHarness();
        h.Emulator.Seed("companies", new JsonObject { ["id"] = AcmeId.ToString(), ["name"] = "Acme" });
        h.Emulator.Seed("people", new JsonObject { ["id"] = PersonId.ToString(), ["name"] = new JsonObject { ["firstName"] = "Ralph", ["lastName"] = "D" } });
        var noteId = Guid.Parse("44444444-4444-4444-8444-444444444444");
        var taskId = Guid.Parse("55555555-5555-4555-8555-555555555555");

        var note = await h.Activities.CreateAsync(new ActivityCreate(ActivityKind.Note, noteId, "Call", "Asked for **prices**"));
        var task = await h.Activities.CreateAsync(new ActivityCreate(ActivityKind.Task, taskId, "Émettre facture", null, new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero)));
        var targets = await h.Activities.CreateTargetsAsync([
            new ActivityTargetCreate(Guid.Parse("66666666-6666-4666-8666-666666666666"), ActivityKind.Note, noteId, ActivityTargetKind.Company, AcmeId),
            new ActivityTargetCreate(Guid.Parse("77777777-7777-4777-8777-777777777777"), ActivityKind.Note, noteId, ActivityTargetKind.Person, PersonId),
        ]);
        var listed = await h.Activities.ListTargetsAsync(ActivityKind.Note, noteId);
        var read = await h.Activities.GetAsync(ActivityKind.Task, taskId);

        note.BodyMarkdown.ShouldBe("Asked for **prices**");
        task.DueAt.ShouldBe(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        read!.Title.ShouldBe("Émettre facture");
        targets.Count.ShouldBe(2);
        listed.Select(t => (t.TargetKind, t.TargetId)).OrderBy(t => t.TargetKind)
            .ShouldBe([(ActivityTargetKind.Person, PersonId), (ActivityTargetKind.Company, AcmeId)]);
        h.Emulator.GetRecords("noteTargets").ShouldAllBe(r => r["noteId"]!.GetValue<string>() == noteId.ToString());
    }

    [Fact]
    public async Task Rejected_CarriesTwentysMessage()
    {
        await using var h = new EmulatorHarness();

        var ex = await Should.ThrowAsync<TwentyRejectedException>(h.Companies.CreateAsync(new CompanyCreate(AcmeId, [Company(SodimoFieldNames.ClientCode, "C100007")])));

        ex.StatusCode.ShouldBe(400);
        ex.TwentyMessages.ShouldNotBeEmpty();
        ex.TwentyMessages.ShouldContain(m => m.Contains("clientCode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerErrorOnCreate_Unavailable_SentOnce()
    {
        await using var h = new EmulatorHarness();
        h.Emulator.Faults.Once(FaultKind.ServerError, "POST", "/rest/companies");

        await Should.ThrowAsync<TwentyUnavailableException>(h.Companies.CreateAsync(new CompanyCreate(AcmeId, [Company("name", "Acme")])));

        h.Emulator.Journal.For("POST", "/rest/companies").Count.ShouldBe(1);
        h.Emulator.FindRecord("companies", AcmeId).ShouldBeNull();
    }

    [Fact]
    public async Task CommitThenDropOnCreate_OutcomeUnknown_RecordExistsOnce()
    {
        await using var h = new EmulatorHarness();
        h.Emulator.Faults.Once(FaultKind.CommitThenDrop, "POST", "/rest/companies");

        await Should.ThrowAsync<TwentyOutcomeUnknownException>(h.Companies.CreateAsync(new CompanyCreate(AcmeId, [Company("name", "Acme")])));

        h.Emulator.Journal.For("POST", "/rest/companies").Count.ShouldBe(1, "a create is never re-sent blindly");
        h.Emulator.GetRecords("companies").Count.ShouldBe(1);
        (await h.Companies.GetAsync(AcmeId))!.Name.ShouldBe("Acme", "the reconciler finds it by its client-generated id");
    }

    [Fact]
    public async Task DroppedConnectionOnRead_RetriedAndServed()
    {
        await using var h = new EmulatorHarness();
        h.Emulator.Seed("companies", new JsonObject { ["id"] = AcmeId.ToString(), ["name"] = "Acme" });
        h.Emulator.Faults.Once(FaultKind.DropConnection, "GET", "/rest/companies/*");

        var company = await h.RunAsync(h.Companies.GetAsync(AcmeId), TimeSpan.FromMilliseconds(50));

        company!.Name.ShouldBe("Acme");
        h.Emulator.Journal.For("GET", "/rest/companies/*").Count.ShouldBe(2);
    }

    [Fact]
    public async Task TooManyRequests_RetryAfterHonouredOnWrite()
    {
        await using var h = new EmulatorHarness();
        h.Emulator.Faults.Add(new FaultRule(FaultKind.TooManyRequests, "/rest/companies", "POST") { RetryAfter = TimeSpan.FromSeconds(2) });

        var task = h.Companies.CreateAsync(new CompanyCreate(AcmeId, [Company("name", "Acme")]));
        var created = await h.RunAsync(task, TimeSpan.FromMilliseconds(250));

        created.Id.ShouldBe(AcmeId);
        var calls = h.Emulator.Journal.For("POST", "/rest/companies");
        calls.Select(c => c.Status).ShouldBe([429, 201]);
        (calls[1].Timestamp - calls[0].Timestamp).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        h.Emulator.GetRecords("companies").Count.ShouldBe(1);
    }

    [Fact]
    public async Task RealRateLimit_TwentysOwn429_HonouredThenServed()
    {
        await using var h = new EmulatorHarness(rateLimit: true, configure: o => o.RateLimit.LongLimit = 3);

        for (var i = 0; i < 3; i++)
            (await h.Companies.GetAsync(AcmeId)).ShouldBeNull();
        var fourth = h.RunAsync(h.Companies.GetAsync(AcmeId), TimeSpan.FromMilliseconds(500), maxSteps: 400);

        (await fourth).ShouldBeNull();
        h.Emulator.Journal.Entries.Select(e => e.Status).ShouldBe([404, 404, 404, 429, 404]);
    }
}
