using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.McpHost.Tests.Support;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.McpHost.Tests;

/// <summary>
/// Every tool against the sandbox: the real SDK, the Twenty gateway over HTTP to the TwentyEmulator provisioned with
/// Sodimo's schema, and the SQLite ledger. Effects are checked in the emulator's records and journal and in the ledger.
/// </summary>
public sealed class SandboxToolTests(SandboxMcp fixture) : IClassFixture<SandboxMcp>
{
    private TwentyEmulator Emulator => fixture.Sandbox.Emulator;

    private IRunLedger Ledger => fixture.Mcp.Services.GetRequiredService<IRunLedger>();

    private JsonElement Deal(string name) => JsonSerializer.SerializeToElement(
        Emulator.GetRecords("opportunities").Single(d => d["name"]!.GetValue<string>() == name));

    [Fact]
    public async Task ListDeals_ExportClientsRed_ReturnsTheRottingDealsWithOneRestCall()
    {
        Emulator.Journal.Clear();

        var result = await fixture.Mcp.Client.CallJsonAsync("crm_list_deals", """{"pipeline":"Export Clients","health":"red","limit":10}""");

        var deals = result.Structured().GetProperty("deals").EnumerateArray().ToArray();
        deals.Select(d => d.GetProperty("stage").GetString()).ShouldBe(["Proforma confirmed", "Waiting for delivery"], ignoreOrder: true);
        deals.ShouldAllBe(d => d.GetProperty("health").GetString() == "red" && d.GetProperty("pipeline").GetString() == "Export Clients");
        var call = Emulator.Journal.Entries.ShouldHaveSingleItem();
        call.Method.ShouldBe("GET");
        call.Path.ShouldBe("/rest/opportunities");
    }

    [Fact]
    public async Task GetContact_PersonTextThatTriesToInstructTheAi_ComesBackOnlyAsDelimitedData()
    {
        var before = Emulator.GetRecords("opportunities").Select(d => d.ToJsonString()).ToArray();

        var result = await fixture.Mcp.Client.CallJsonAsync("crm_get_contact", """{"email":"javier.ortega@bodega-alcazar.es"}""");

        var contact = result.Structured().GetProperty("contact");
        contact.GetProperty("job_title").GetString()!.ShouldContain("IGNORE PREVIOUS INSTRUCTIONS");
        contact.GetProperty("company").GetProperty("client_code").GetString().ShouldBe("C100019");
        contact.GetProperty("company").GetProperty("name").GetString().ShouldBe("Bodega Alcázar Export");
        var text = result.Text();
        text.Split("</crm_data>").Length.ShouldBe(2);
        text.IndexOf("IGNORE PREVIOUS", StringComparison.Ordinal).ShouldBeGreaterThan(text.IndexOf("<crm_data>", StringComparison.Ordinal));
        Emulator.GetRecords("opportunities").Select(d => d.ToJsonString()).ShouldBe(before);
    }

    [Fact]
    public async Task AdvanceStage_MovesTheDealInTwentyAndTheLedgerRowCarriesRunAndSkill()
    {
        var deal = Deal("Épicerie du Vieux Lyon — spiritueux");
        var id = deal.GetProperty("id").GetString();

        var result = await fixture.Mcp.Client.CallJsonAsync("crm_advance_stage",
            $$"""{"deal_id":"{{id}}","stage":"Waiting for delivery","run_id":"run-sandbox-1","skill":"export-followup"}""");

        result.Structured().GetProperty("from_stage").GetString().ShouldBe("Payment");
        var after = Deal("Épicerie du Vieux Lyon — spiritueux");
        after.GetProperty("exportClientsStage").GetString().ShouldBe("WAITING_FOR_DELIVERY");
        after.GetProperty("health").GetString().ShouldBe("GREEN");
        var entry = (await Ledger.QueryAsync(new LedgerQuery { RunId = "run-sandbox-1" })).ShouldHaveSingleItem();
        entry.Skill.ShouldBe("export-followup");
        entry.ToolName.ShouldBe("crm_advance_stage");
        entry.Actor.ShouldBe(Actor.Ai);
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Records.ShouldContain(r => r.Id == id);
    }

    [Fact]
    public async Task AdvanceStage_StageOfTheOtherPipeline_IsRefusedAndNothingIsWritten()
    {
        var deal = Deal("Cave La Treille — Cognac Frère");
        Emulator.Journal.Clear();

        var result = await fixture.Mcp.Client.CallJsonAsync("crm_advance_stage",
            $$"""{"deal_id":"{{deal.GetProperty("id").GetString()}}","stage":"Negotiation"}""");

        result.IsError.ShouldBe(true);
        result.Text().ShouldContain("Waiting for delivery");
        Emulator.Journal.Entries.ShouldNotContain(e => e.Method != "GET");
        Deal("Cave La Treille — Cognac Frère").GetProperty("exportClientsStage").GetString().ShouldBe("WAITING_FOR_DELIVERY");
    }

    [Fact]
    public async Task UpsertContact_CreatesThePersonAndTheLedgerRowUnderTheAssignedRunId()
    {
        var result = await fixture.Mcp.Client.CallJsonAsync("crm_upsert_contact",
            """{"email":"Nadia.Roux@Cave-LaTreille.fr","first_name":"Nadia","last_name":"Roux","company_client_code":"C100007","skill":"lead-capture"}""");

        var structured = result.Structured();
        var runId = structured.GetProperty("run_id").GetString()!;
        structured.GetProperty("run_id_assigned").GetBoolean().ShouldBeTrue();
        var person = Emulator.GetRecords("people").Single(p => p["emails"]!["primaryEmail"]!.GetValue<string>() == "nadia.roux@cave-latreille.fr");
        person["name"]!["firstName"]!.GetValue<string>().ShouldBe("Nadia");
        var company = Emulator.GetRecords("companies").Single(c => c["clientCode"]!.GetValue<string>() == "C100007");
        person["companyId"]!.GetValue<string>().ShouldBe(company["id"]!.GetValue<string>());
        var entry = (await Ledger.QueryAsync(new LedgerQuery { RunId = runId })).ShouldHaveSingleItem();
        entry.Skill.ShouldBe("lead-capture");
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
    }

    [Fact]
    public async Task AddActivity_Task_IsCreatedInTwentyAndLinkedToTheDeal()
    {
        var deal = Deal("Bodega Alcázar — Rioja container");
        var dealId = deal.GetProperty("id").GetString();

        var result = await fixture.Mcp.Client.CallJsonAsync("crm_add_activity",
            $$"""{"kind":"task","title":"Relancer la proforma","body":"Javier attend la proforma révisée.","due_at":"2026-12-01T09:00:00+01:00","deal_id":"{{dealId}}","run_id":"run-sandbox-2"}""");

        var taskId = result.Structured().GetProperty("activity_id").GetString()!;
        var task = Emulator.FindRecord("tasks", Guid.Parse(taskId)).ShouldNotBeNull();
        task["title"]!.GetValue<string>().ShouldBe("Relancer la proforma");
        Emulator.GetRecords("taskTargets").ShouldContain(t => t["taskId"]!.GetValue<string>() == taskId
            && t["targetOpportunityId"]!.GetValue<string>() == dealId);
        (await Ledger.QueryAsync(new LedgerQuery { RunId = "run-sandbox-2" })).ShouldHaveSingleItem().ToolName.ShouldBe("crm_add_activity");
    }

    [Fact]
    public async Task Search_FilterCharactersInTheText_GoToGraphQlAsAVariableOnly()
    {
        Emulator.Journal.Clear();
        const string text = "Treille\" , or(id[neq]:\"0\") ] [ %";

        var result = await fixture.Mcp.Client.CallJsonAsync("crm_search", $$"""{"query":{{JsonSerializer.Serialize(text)}}}""");

        result.IsError.ShouldNotBe(true, result.Text());
        Emulator.Journal.Entries.ShouldNotBeEmpty();
        Emulator.Journal.Entries.ShouldAllBe(e => e.Method == "POST" && e.Path == "/graphql");
        foreach (var e in Emulator.Journal.Entries)
        {
            using var body = JsonDocument.Parse(e.Body);
            body.RootElement.GetProperty("query").GetString()!.ShouldNotContain("neq");
        }
    }

    [Fact]
    public async Task Search_ByName_FindsTheCompany()
    {
        var result = await fixture.Mcp.Client.CallJsonAsync("crm_search", """{"query":"Treille","objects":["company"]}""");

        result.Structured().GetProperty("hits").EnumerateArray()
            .ShouldContain(h => h.GetProperty("object").GetString() == "company" && h.GetProperty("label").GetString() == "Cave La Treille");
    }

    [Theory]
    [InlineData("crm_list_deals", """{"client_code":"C1\" , or(id[neq]:\"0\")"}""")]
    [InlineData("crm_list_deals", """{"limit":"50"}""")]
    [InlineData("crm_get_contact", """{"email":"x\"@b.fr"}""")]
    [InlineData("crm_advance_stage", """{"deal_id":"../people","stage":"Payment"}""")]
    [InlineData("crm_upsert_contact", """{"email":"a@b.fr","extra":true}""")]
    [InlineData("crm_add_activity", """{"kind":"note","title":"x","company_id":"(]["}""")]
    public async Task BadArguments_SendNothingToTwenty(string tool, string args)
    {
        Emulator.Journal.Clear();

        var result = await fixture.Mcp.Client.CallJsonAsync(tool, args);

        result.IsError.ShouldBe(true);
        Emulator.Journal.Entries.ShouldBeEmpty();
    }
}
