using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.McpHost.Hosting;
using Sodimo.Crm.McpHost.Tests.Support;

namespace Sodimo.Crm.McpHost.Tests;

/// <summary>
/// The tools over the SDK's real use cases (mediator, validation and ledger behaviours), with the SDK's in-memory
/// fakes for Twenty and the ledger: the effects are the records in the fake Twenty and the ledger entries.
/// </summary>
public sealed class SdkToolTests : IAsyncLifetime
{
    private readonly List<string> _events = [];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private FakeTwenty _twenty = null!;
    private FakeRunLedger _ledger = null!;
    private InProcessMcp _mcp = null!;

    public async Task InitializeAsync()
    {
        _twenty = new FakeTwenty(_events);
        _ledger = new FakeRunLedger(_events, _time);
        _mcp = await InProcessMcp.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(_time);
            services.AddSingleton<IRunLedger>(_ledger);
            services.AddSingleton<ITwentyCompanies>(_twenty);
            services.AddSingleton<ITwentyPeople>(_twenty);
            services.AddSingleton<ITwentyDeals>(_twenty);
            services.AddSingleton<ITwentyActivities>(_twenty);
            services.AddSingleton<ITwentySearch>(_twenty);
            services.AddSodimoCrmToolBackend();
        });
    }

    public async Task DisposeAsync() => await _mcp.DisposeAsync();

    [Fact]
    public async Task AdvanceStage_MovesTheDealAndRecordsTheLedgerEntryUnderTheCallersRun()
    {
        var deal = _twenty.SeedDeal("Cave La Treille", PipelineNames.ExportClients, "Proforma Sent", "C100007");

        var result = await _mcp.Client.CallJsonAsync("crm_advance_stage",
            $$"""{"deal_id":"{{deal.Id}}","stage":"Proforma confirmed","run_id":"run-7","skill":"export-followup"}""");

        var structured = result.Structured();
        structured.GetProperty("from_stage").GetString().ShouldBe("Proforma Sent");
        structured.GetProperty("to_stage").GetString().ShouldBe("Proforma confirmed");
        structured.GetProperty("changed").GetBoolean().ShouldBeTrue();
        _twenty.Deals[deal.Id].Stage.ShouldBe("Proforma confirmed");
        var entry = _ledger.Single();
        entry.RunId.ShouldBe("run-7");
        entry.Skill.ShouldBe("export-followup");
        entry.Actor.ShouldBe(Actor.Ai);
        entry.ToolName.ShouldBe("crm_advance_stage");
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        _events.IndexOf("ledger.begin").ShouldBeLessThan(_events.IndexOf("twenty.deals.update"));
    }

    [Fact]
    public async Task AdvanceStage_StageOfTheOtherPipeline_IsRefusedWithTheValidStagesAndWritesNothing()
    {
        var deal = _twenty.SeedDeal("Cave La Treille", PipelineNames.ExportClients, "Payment");

        var result = await _mcp.Client.CallJsonAsync("crm_advance_stage", $$"""{"deal_id":"{{deal.Id}}","stage":"Negotiation"}""");

        result.IsError.ShouldBe(true);
        result.Text().ShouldStartWith("Error (refused): ");
        result.Text().ShouldContain("Order received, Proforma Sent, Proforma confirmed, Payment, Waiting for delivery");
        _twenty.Writes.ShouldBeEmpty();
        _twenty.Deals[deal.Id].Stage.ShouldBe("Payment");
    }

    [Fact]
    public async Task AdvanceStage_UnknownDeal_SaysWhatWasSearched()
    {
        var id = Guid.NewGuid();

        var result = await _mcp.Client.CallJsonAsync("crm_advance_stage", $$"""{"deal_id":"{{id}}","stage":"Payment"}""");

        result.IsError.ShouldBe(true);
        result.Text().ShouldBe($"Error (not_found): Not found: looked for the deal with id {id} and the CRM has none. Use crm_search to find the right record.\nNothing was written to the CRM.");
    }

    [Fact]
    public async Task GetContact_UnknownEmail_SaysWhichEmailWasSearched()
    {
        var result = await _mcp.Client.CallJsonAsync("crm_get_contact", """{"email":"nobody@exemple.fr"}""");

        result.IsError.ShouldBe(true);
        result.Text().ShouldContain("looked for a person with the e-mail address nobody@exemple.fr");
    }

    [Fact]
    public async Task GetContact_ReturnsThePersonAndTheCompanysSodimoFields()
    {
        var company = _twenty.SeedCompany("C100007", "Cave La Treille", ("ar_aging_bucket", "DAYS_31_60"), ("halal_cert", true));
        _twenty.SeedPerson("amelie@cave.fr", "Amélie", "Durand", company.Id);

        var result = await _mcp.Client.CallJsonAsync("crm_get_contact", """{"email":"AMELIE@cave.fr"}""");

        var contact = result.Structured().GetProperty("contact");
        contact.GetProperty("first_name").GetString().ShouldBe("Amélie");
        contact.GetProperty("company").GetProperty("client_code").GetString().ShouldBe("C100007");
        var fields = contact.GetProperty("company").GetProperty("fields");
        fields.GetProperty("ar_aging_bucket").GetString().ShouldBe("DAYS_31_60");
        fields.GetProperty("halal_cert").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task UpsertContact_WithoutRunId_TheAssignedRunIdIsTheOneInTheLedger()
    {
        var result = await _mcp.Client.CallJsonAsync("crm_upsert_contact",
            """{"email":"paul@exemple.fr","first_name":"Paul","last_name":"Martin","skill":"lead-capture"}""");

        var structured = result.Structured();
        var runId = structured.GetProperty("run_id").GetString()!;
        structured.GetProperty("run_id_assigned").GetBoolean().ShouldBeTrue();
        structured.GetProperty("contact_created").GetBoolean().ShouldBeTrue();
        var entry = _ledger.Single();
        entry.RunId.ShouldBe(runId);
        entry.Skill.ShouldBe("lead-capture");
        entry.ToolName.ShouldBe("crm_upsert_contact");
        _twenty.People.Values.ShouldHaveSingleItem().Emails.PrimaryEmail.ShouldBe("paul@exemple.fr");
    }

    [Fact]
    public async Task UpsertContact_SameIdempotencyKeyTwice_WritesOnceAndSaysReplayed()
    {
        const string args = """{"email":"paul@exemple.fr","first_name":"Paul","run_id":"run-1","idempotency_key":"k-42"}""";

        await _mcp.Client.CallJsonAsync("crm_upsert_contact", args);
        var second = await _mcp.Client.CallJsonAsync("crm_upsert_contact", args);

        second.Structured().GetProperty("replayed").GetBoolean().ShouldBeTrue();
        second.Text().ShouldStartWith("This idempotency_key was already used");
        _twenty.Count("people.create").ShouldBe(1);
        _ledger.Entries.Count.ShouldBe(1);
    }

    [Fact]
    public async Task AddActivity_Note_IsCreatedAndLinkedToTheDeal()
    {
        var deal = _twenty.SeedDeal("Cave La Treille", PipelineNames.NewLeadsWine, "Qualification");

        var result = await _mcp.Client.CallJsonAsync("crm_add_activity",
            $$"""{"kind":"note","title":"Appel","body":"Rappeler lundi","deal_id":"{{deal.Id}}","run_id":"run-9"}""");

        var structured = result.Structured();
        var activityId = Guid.Parse(structured.GetProperty("activity_id").GetString()!);
        _twenty.Activities[activityId].Title.ShouldBe("Appel");
        _twenty.Targets.Values.ShouldHaveSingleItem().TargetId.ShouldBe(deal.Id);
        structured.GetProperty("linked_to")[0].GetProperty("object").GetString().ShouldBe("deal");
        _ledger.Single().RunId.ShouldBe("run-9");
    }

    [Fact]
    public async Task ListDeals_ByPipelineAndHealth_ReturnsSodimoShapedDeals()
    {
        _twenty.SeedDeal("A", PipelineNames.ExportClients, "Payment", "C1", Domain.Health.DealHealth.Red);
        _twenty.SeedDeal("B", PipelineNames.ExportClients, "Payment", "C2", Domain.Health.DealHealth.Green);
        _twenty.SeedDeal("C", PipelineNames.NewLeadsWine, "Negotiation", "C3", Domain.Health.DealHealth.Red);

        var result = await _mcp.Client.CallJsonAsync("crm_list_deals", """{"pipeline":"Export Clients","health":"red"}""");

        var deals = result.Structured().GetProperty("deals");
        deals.GetArrayLength().ShouldBe(1);
        deals[0].GetProperty("name").GetString().ShouldBe("A");
        deals[0].GetProperty("health").GetString().ShouldBe("red");
        deals[0].GetProperty("currency").GetString().ShouldBe("EUR");
    }

    [Fact]
    public async Task Search_SendsTheTextAsTypedCriteria()
    {
        const string text = "Cave \"La\" (Treille), [x] 100%";

        var result = await _mcp.Client.CallJsonAsync("crm_search", $$"""{"query":{{System.Text.Json.JsonSerializer.Serialize(text)}},"objects":["company"]}""");

        result.IsError.ShouldNotBe(true, result.Text());
        var criteria = _twenty.Searches.ShouldHaveSingleItem();
        criteria.Text.ShouldBe(text);
        criteria.Objects.ShouldBe([SearchObjectKind.Company]);
    }

    [Fact]
    public async Task TwentyDown_AWriteSaysSoAndThatNothingWasWritten()
    {
        var deal = _twenty.SeedDeal("Cave La Treille", PipelineNames.ExportClients, "Payment");
        _twenty.Before = op => op == "deals.get" ? new TwentyUnavailableException("connection refused.") : null;

        var result = await _mcp.Client.CallJsonAsync("crm_advance_stage", $$"""{"deal_id":"{{deal.Id}}","stage":"Waiting for delivery"}""");

        result.IsError.ShouldBe(true);
        result.Text().ShouldStartWith("Error (unavailable): The CRM (Twenty) is unavailable right now");
        result.Text().ShouldEndWith("Nothing was written to the CRM.");
        _twenty.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task LedgerDown_TheCrmIsNotCalled()
    {
        var deal = _twenty.SeedDeal("Cave La Treille", PipelineNames.ExportClients, "Payment");
        _ledger.FailBegin = new LedgerUnavailableException("disk full");

        var result = await _mcp.Client.CallJsonAsync("crm_advance_stage", $$"""{"deal_id":"{{deal.Id}}","stage":"Waiting for delivery"}""");

        result.IsError.ShouldBe(true);
        result.Text().ShouldContain("run ledger could not record this write, so the CRM was not called");
        _twenty.TwentyCalls.ShouldBeEmpty();
    }
}
