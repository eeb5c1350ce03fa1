using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty.Adapters;

/// <summary>The adapters against an emulator provisioned with Sodimo's custom fields through its metadata API.</summary>
public sealed class TwentyAdaptersProvisionedTests
{
    private static readonly SodimoSchema Schema = SodimoSchema.Current;
    private static readonly Pipeline Export = Schema.GetPipeline(PipelineNames.ExportClients);

    private static FieldWrite Company(string sodimoName, object? value) => new(Schema.GetField("Company", sodimoName), value);

    private static FieldWrite Deal(string sodimoName, object? value) => new(Schema.GetField("Opportunity", sodimoName), value);

    private static async Task<EmulatorHarness> ProvisionedAsync()
    {
        var h = new EmulatorHarness();
        await h.ProvisionSodimoFieldsAsync();
        return h;
    }

    [Fact]
    public async Task Companies_EveryCustomFieldType_RoundTripsInSodimoNames()
    {
        await using var h = await ProvisionedAsync();
        var id = Guid.Parse("11111111-1111-4111-8111-111111111111");
        var writes = new[]
        {
            Company("name", "Cave La Treille"),
            Company(SodimoFieldNames.ClientCode, "C100007"),
            Company("category", "EXPORT"),
            Company("ar_balance", new Money(687.86m, "EUR")),
            Company("ar_aging_bucket", "DAYS_0_30"),
            Company("ar_last_payment_at", new DateOnly(2026, 6, 24)),
            Company("brand_exclusivity", (IReadOnlyList<string>)["Bodega Alcázar", "Cognac Frère"]),
            Company("halal_cert", true),
            Company("delivery_address", new PostalAddress("2 quai Y", null, "Bordeaux", null, "33000", "FRANCE")),
        };

        await h.Companies.CreateAsync(new CompanyCreate(id, writes));
        var read = await h.Companies.GetAsync(id);

        read!.ClientCode.ShouldBe("C100007");
        foreach (var w in writes.Where(w => w.SodimoName != "name"))
            FieldValues.AreEqual(read.Fields[w.SodimoName], w.Value).ShouldBeTrue($"{w.SodimoName}: {read.Fields[w.SodimoName]} != {w.Value}");
        read.Fields["accise_1"].ShouldBeNull();
        var stored = h.Emulator.FindRecord("companies", id)!;
        stored["clientCode"]!.GetValue<string>().ShouldBe("C100007");
        stored["arBalance"]!["amountMicros"]!.GetValue<double>().ShouldBe(687_860_000d);
    }

    [Fact]
    public async Task Companies_FindByClientCode_And_ByClientCodes()
    {
        await using var h = await ProvisionedAsync();
        h.Emulator.Seed("companies",
            new JsonObject { ["name"] = "A", ["clientCode"] = "C100000" },
            new JsonObject { ["name"] = "B", ["clientCode"] = "C100007" },
            new JsonObject { ["name"] = "C", ["clientCode"] = "C100014" });

        (await h.Companies.FindByClientCodeAsync("C100007"))!.Name.ShouldBe("B");
        (await h.Companies.FindByClientCodeAsync("C999999")).ShouldBeNull();
        var page = await h.Companies.FindByClientCodesAsync(["C100000", "C100014", "C999999"]);

        page.Items.Select(c => c.ClientCode).OrderBy(c => c).ShouldBe(["C100000", "C100014"]);
        page.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Deals_ListByPipelineStageHealth_AndUpdateStage()
    {
        await using var h = await ProvisionedAsync();
        var seeded = h.Emulator.Seed("opportunities",
            new JsonObject { ["name"] = "D1", ["pipeline"] = "EXPORT_CLIENTS", ["exportClientsStage"] = "PAYMENT", ["health"] = "RED", ["clientCode"] = "C100007" },
            new JsonObject { ["name"] = "D2", ["pipeline"] = "EXPORT_CLIENTS", ["exportClientsStage"] = "PAYMENT", ["health"] = "GREEN" },
            new JsonObject { ["name"] = "D3", ["pipeline"] = "NEW_LEADS_WINE", ["newLeadsStage"] = "NEGOTIATION" });

        var red = await h.Deals.ListAsync(new DealQuery { Pipeline = Export, Stage = Export.Stages[3], Health = DealHealth.Red });
        var export = await h.Deals.ListAsync(new DealQuery { Pipeline = Export });
        var d1 = Guid.Parse(seeded[0]["id"]!.GetValue<string>());
        var moved = await h.Deals.UpdateAsync(new DealUpdate(d1, [Deal(SodimoFieldNames.ExportClientsStage, "WAITING_FOR_DELIVERY"), Deal(SodimoFieldNames.Health, "GREEN")]));

        var deal = red.Items.ShouldHaveSingleItem();
        deal.Name.ShouldBe("D1");
        deal.Pipeline.ShouldBe("Export Clients");
        deal.Stage.ShouldBe("Payment");
        deal.Health.ShouldBe(DealHealth.Red);
        deal.ClientCode.ShouldBe("C100007");
        export.Items.Select(d => d.Name).OrderBy(n => n).ShouldBe(["D1", "D2"]);
        moved.Stage.ShouldBe("Waiting for delivery");
        moved.Health.ShouldBe(DealHealth.Green);
        h.Emulator.FindRecord("opportunities", d1)!["exportClientsStage"]!.GetValue<string>().ShouldBe("WAITING_FOR_DELIVERY");
    }

    [Fact]
    public async Task Deals_UpdateMany_OneBatchUpsertById_LeavesOtherFields()
    {
        await using var h = await ProvisionedAsync();
        var seeded = h.Emulator.Seed("opportunities",
            new JsonObject { ["name"] = "D1", ["pipeline"] = "EXPORT_CLIENTS", ["health"] = "RED" },
            new JsonObject { ["name"] = "D2", ["pipeline"] = "EXPORT_CLIENTS", ["health"] = "RED" });
        var ids = seeded.Select(r => Guid.Parse(r["id"]!.GetValue<string>())).ToArray();

        var updated = await h.Deals.UpdateManyAsync(ids.Select(id => new DealUpdate(id, [Deal(SodimoFieldNames.Health, "YELLOW")])).ToArray());

        updated.Select(d => d.Health).ShouldBe([DealHealth.Yellow, DealHealth.Yellow]);
        h.Emulator.GetRecords("opportunities").Count.ShouldBe(2);
        h.Emulator.GetRecords("opportunities").Select(r => r["name"]!.GetValue<string>()).OrderBy(n => n).ShouldBe(["D1", "D2"]);
        h.Emulator.Journal.Entries.ShouldHaveSingleItem().Path.ShouldBe("/rest/batch/opportunities");
    }

    [Fact]
    public async Task People_FindByEmail_ThroughGraphQL()
    {
        await using var h = await ProvisionedAsync();
        h.Emulator.Seed("people", new JsonObject
        {
            ["name"] = new JsonObject { ["firstName"] = "Ralph", ["lastName"] = "Dupont" },
            ["emails"] = new JsonObject { ["primaryEmail"] = "ralph@sodimo.fr", ["additionalEmails"] = new JsonArray() },
            ["jobTitle"] = "Buyer",
        });

        var found = await h.People.FindByEmailAsync("ralph@sodimo.fr");
        var missing = await h.People.FindByEmailAsync("x\"),or(id[neq]:\"0\"@evil.fr");

        found!.Name.ShouldBe(new PersonName("Ralph", "Dupont"));
        found.JobTitle.ShouldBe("Buyer");
        missing.ShouldBeNull();
        h.Emulator.Journal.Entries.ShouldAllBe(e => e.Path == "/graphql" && e.Status == 200);
    }

    [Fact]
    public async Task Search_TextAcrossKinds_PagesWithoutLoss()
    {
        await using var h = await ProvisionedAsync();
        h.Emulator.Seed("people", new JsonObject { ["name"] = new JsonObject { ["firstName"] = "Marie", ["lastName"] = "Halles" } });
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Emulator.Seed("companies", new JsonObject { ["name"] = "Restaurant des Halles", ["clientCode"] = "C100000" });
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Emulator.Seed("companies", new JsonObject { ["name"] = "Halles Export", ["clientCode"] = "C100001" });
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Emulator.Seed("opportunities", new JsonObject { ["name"] = "Halles order", ["pipeline"] = "EXPORT_CLIENTS" });
        h.Emulator.Seed("companies", new JsonObject { ["name"] = "Unrelated", ["clientCode"] = "C100002" });

        var labels = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await h.Search.SearchAsync(new SearchCriteria { Text = "halles", Limit = 2, Cursor = cursor });
            labels.AddRange(page.Items.Select(i => $"{i.Kind}:{i.Label}"));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        labels.ShouldBe(["Person:Marie Halles", "Company:Restaurant des Halles", "Company:Halles Export", "Deal:Halles order"]);
    }

    [Fact]
    public async Task Search_InjectionText_IsJustText()
    {
        await using var h = await ProvisionedAsync();
        h.Emulator.Seed("companies", new JsonObject { ["name"] = "Acme", ["clientCode"] = "C100000" });

        var page = await h.Search.SearchAsync(new SearchCriteria { Text = "x\" , or(id[neq]:\"0\")", Objects = [SearchObjectKind.Company] });

        page.Items.ShouldBeEmpty();
        h.Emulator.Journal.Entries.ShouldHaveSingleItem().Status.ShouldBe(200);
    }

    [Fact]
    public async Task Search_StructuredDealFilters_ExcludeOtherKinds()
    {
        await using var h = await ProvisionedAsync();
        h.Emulator.Seed("people", new JsonObject { ["name"] = new JsonObject { ["firstName"] = "Red", ["lastName"] = "Person" } });
        h.Emulator.Seed("opportunities",
            new JsonObject { ["name"] = "Red deal", ["pipeline"] = "EXPORT_CLIENTS", ["health"] = "RED" },
            new JsonObject { ["name"] = "Green deal", ["pipeline"] = "EXPORT_CLIENTS", ["health"] = "GREEN" });

        var page = await h.Search.SearchAsync(new SearchCriteria { Health = DealHealth.Red });

        page.Items.ShouldHaveSingleItem().Label.ShouldBe("Red deal");
        h.Emulator.Journal.Entries.Count.ShouldBe(1, "only the deals query is sent");
    }
}
