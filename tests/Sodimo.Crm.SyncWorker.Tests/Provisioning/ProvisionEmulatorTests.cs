using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Snapshooter.Xunit;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.SyncWorker.Cli;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.SyncWorker.Tests.Provisioning;

/// <summary>
/// The provision command end to end against the TwentyEmulator: effects are checked through the emulator's own
/// metadata REST API and records REST API, and mutations are counted in its journal.
/// </summary>
public sealed class ProvisionEmulatorTests : IAsyncDisposable
{
    private const string Secret = "whsec-emulator-test";
    private static readonly SodimoSchema Schema = SodimoSchema.Current;
    private readonly TwentyEmulator _emulator = new();

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    private static Dictionary<string, string?> Config(string? apiKey = "dev-key", bool webhook = true, string operations = "opportunity.created,opportunity.updated")
    {
        var config = new Dictionary<string, string?>
        {
            ["Sodimo:Twenty:BaseUrl"] = "http://localhost",
            ["Sodimo:Twenty:ApiKey"] = apiKey,
        };
        if (webhook)
        {
            config["Sodimo:Webhook:TargetUrl"] = "https://worker.sodimo.test/webhooks/twenty";
            config["Sodimo:Webhook:Secret"] = Secret;
            config["Sodimo:Webhook:Operations"] = operations;
        }

        return config;
    }

    private async Task<(int Exit, string Out, string Err)> Provision(Dictionary<string, string?> config, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(new ConfigurationBuilder().AddInMemoryCollection(config).Build(), stdout, stderr,
            () => new HttpClient(_emulator.CreateHandler()));
        var exit = await CommandDispatcher.Default.RunAsync(["provision", .. args], context, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private List<JournalEntry> MetadataMutations() =>
        _emulator.Journal.Entries.Where(e => e.Path.StartsWith("/metadata", StringComparison.Ordinal) && e.Body.Contains("mutation", StringComparison.Ordinal)).ToList();

    /// <summary>Objects with inline fields, read through the emulator's REST metadata API (not through our client).</summary>
    private async Task<Dictionary<string, JsonObject>> Objects()
    {
        using var http = _emulator.CreateClient();
        var body = await http.GetFromJsonAsync<JsonObject>("rest/metadata/objects?limit=200");
        var data = body!["data"] as JsonArray ?? body["data"]!["objects"]!.AsArray();
        return data.Select(o => o!.AsObject()).ToDictionary(o => o["nameSingular"]!.GetValue<string>());
    }

    private static JsonObject? FieldOf(JsonObject obj, string name) =>
        obj["fields"]!.AsArray().Select(f => f!.AsObject()).FirstOrDefault(f => f["name"]!.GetValue<string>() == name);

    private async Task<JsonObject> Metadata(string query, JsonObject variables)
    {
        using var http = _emulator.CreateClient();
        using var response = await http.PostAsJsonAsync("metadata", new JsonObject { ["query"] = query, ["variables"] = variables });
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        (body["errors"] as JsonArray).ShouldBeNull(body.ToJsonString());
        return body["data"]!.AsObject();
    }

    private async Task<string> CreateFieldDirectly(string objectName, string name, string type, JsonArray? options = null)
    {
        var objectId = (await Objects())[objectName]["id"]!.GetValue<string>();
        var field = new JsonObject { ["objectMetadataId"] = objectId, ["name"] = name, ["label"] = name + " label", ["type"] = type };
        if (options is not null)
        {
            field["options"] = options;
        }

        var data = await Metadata("mutation($input: CreateOneFieldMetadataInput!) { createOneField(input: $input) { id } }",
            new JsonObject { ["input"] = new JsonObject { ["field"] = field } });
        return data["createOneField"]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Apply_EmptyWorkspace_CreatesEveryFieldWithTheRightTypeAndOptions()
    {
        var (exit, output, err) = await Provision(Config());

        exit.ShouldBe(ExitCodes.Ok, err + output);
        var objects = await Objects();
        foreach (var field in Schema.AllFields)
        {
            var obj = objects[Schema.GetObject(field.ObjectName).NameSingular];
            var created = FieldOf(obj, field.TwentyName);
            created.ShouldNotBeNull($"{field} was not created");
            created["type"]!.GetValue<string>().ShouldBe(field.Type.ToApiName(), field.ToString());
            if (field.HasOptions && !field.IsStandard)
            {
                created["options"]!.AsArray().Select(o => (o!["value"]!.GetValue<string>(), o["label"]!.GetValue<string>(), o["color"]!.GetValue<string>()))
                    .ShouldBe(field.Options.Select(o => (o.Value, o.Label, o.ColorApiName)), field.ToString());
            }
        }

        FieldOf(objects["company"], "clientCode")!["isUnique"]!.GetValue<bool>().ShouldBeTrue();
        objects["deltaAlert"]["isCustom"]!.GetValue<bool>().ShouldBeTrue();
        var relation = FieldOf(objects["deltaAlert"], "company")!["relation"]!;
        relation["targetObjectMetadata"]!["nameSingular"]!.GetValue<string>().ShouldBe("company");
        FieldOf(objects["company"], "deltaAlerts").ShouldNotBeNull();
    }

    [Fact]
    public async Task Apply_EmptyWorkspace_ThenCompaniesDealsAndAlertsCanBeWrittenAndReadThroughRest()
    {
        (await Provision(Config())).Exit.ShouldBe(ExitCodes.Ok);
        using var http = _emulator.CreateClient();

        using var created = await http.PostAsJsonAsync("rest/companies", new JsonObject
        {
            ["name"] = "Cave Dupont",
            ["clientCode"] = "C00042",
            ["arAgingBucket"] = "DAYS_31_60",
            ["halalCert"] = true,
            ["brandExclusivity"] = new JsonArray("CHATEAU_A", "DOMAINE_B"),
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["createCompany"]!["id"]!.GetValue<string>();

        var company = (await http.GetFromJsonAsync<JsonObject>($"rest/companies/{id}"))!["data"]!["company"]!;
        company["clientCode"]!.GetValue<string>().ShouldBe("C00042");
        company["arAgingBucket"]!.GetValue<string>().ShouldBe("DAYS_31_60");

        using var deal = await http.PostAsJsonAsync("rest/opportunities", new JsonObject
        {
            ["name"] = "Export order",
            ["companyId"] = id,
            ["clientCode"] = "C00042",
            ["pipeline"] = "EXPORT_CLIENTS",
            ["exportClientsStage"] = "PROFORMA_SENT",
            ["health"] = "YELLOW",
        });
        deal.StatusCode.ShouldBe(HttpStatusCode.Created, await deal.Content.ReadAsStringAsync());

        using var alert = await http.PostAsJsonAsync("rest/deltaAlerts", new JsonObject
        {
            ["name"] = "AR over threshold",
            ["kind"] = "AR_BALANCE",
            ["threshold"] = 5000,
            ["companyId"] = id,
        });
        alert.StatusCode.ShouldBe(HttpStatusCode.Created, await alert.Content.ReadAsStringAsync());
        _emulator.GetRecords("deltaAlerts").ShouldHaveSingleItem()["companyId"]!.GetValue<string>().ShouldBe(id);
    }

    [Fact]
    public async Task Apply_UnknownSelectValue_IsRefusedByTwentyAfterProvisioning()
    {
        (await Provision(Config(webhook: false))).Exit.ShouldBe(ExitCodes.Ok);
        using var http = _emulator.CreateClient();

        using var response = await http.PostAsJsonAsync("rest/opportunities", new JsonObject { ["name"] = "x", ["health"] = "BLUE" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SecondApply_ReportsNothingToDoAndSendsNoMutation()
    {
        (await Provision(Config())).Exit.ShouldBe(ExitCodes.Ok);
        MetadataMutations().Count.ShouldBe(Schema.AllFields.Count(f => !f.IsStandard) + 2); // + the DeltaAlert object + the webhook
        _emulator.Journal.Clear();

        var (exit, output, err) = await Provision(Config());

        exit.ShouldBe(ExitCodes.Ok, err);
        output.ShouldContain("0 changes, no drift");
        output.ShouldContain("Nothing to do");
        _emulator.Journal.Entries.ShouldNotBeEmpty();
        MetadataMutations().ShouldBeEmpty();
        _emulator.Journal.Entries.ShouldAllBe(e => e.Method == "POST" && e.Path == "/metadata");
    }

    [Fact]
    public async Task DryRun_EmptyWorkspace_PrintsThePlanAndChangesNothing()
    {
        var before = (await Objects())["company"]["fields"]!.AsArray().Count;

        var (exit, output, err) = await Provision(Config(), "--dry-run");

        exit.ShouldBe(ExitCodes.Ok, err);
        output.ShouldContain("Dry run: nothing was changed");
        output.ShouldNotContain(Secret);
        MetadataMutations().ShouldBeEmpty();
        var objects = await Objects();
        objects.ShouldNotContainKey("deltaAlert");
        objects["company"]["fields"]!.AsArray().Count.ShouldBe(before);
        Snapshot.Match(output);
    }

    [Fact]
    public async Task Apply_HalfTheFieldsAlreadyThere_CreatesTheRestAndKeepsExistingOptionIds()
    {
        var custom = Schema.CustomFieldsOf("Company");
        var present = custom.Where((f, i) => i % 2 == 1 && !f.HasOptions).ToList();
        foreach (var f in present)
        {
            await CreateFieldDirectly("company", f.TwentyName, f.Type.ToApiName());
        }

        await CreateFieldDirectly("opportunity", "health", "SELECT",
            [new JsonObject { ["value"] = "GREEN", ["label"] = "Green", ["color"] = "green", ["position"] = 0 }]);
        var greenId = FieldOf((await Objects())["opportunity"], "health")!["options"]![0]!["id"]!.GetValue<string>();
        var existingIds = (await Objects())["company"]["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["id"]!.GetValue<string>());
        _emulator.Journal.Clear();

        var (exit, output, err) = await Provision(Config(webhook: false));

        exit.ShouldBe(ExitCodes.Ok, err + output);
        var mutations = MetadataMutations();
        mutations.Count(m => m.Body.Contains("createOneField")).ShouldBe(Schema.AllFields.Count(f => !f.IsStandard) - present.Count - 1);
        mutations.Count(m => m.Body.Contains("updateOneField")).ShouldBe(1);
        mutations.Count.ShouldBe(mutations.Count(m => m.Body.Contains("createOne") || m.Body.Contains("updateOneField")));
        _emulator.Journal.Entries.ShouldNotContain(e => e.Method == "DELETE" || e.Body.Contains("delete", StringComparison.OrdinalIgnoreCase));
        var objects = await Objects();
        foreach (var f in present)
        {
            FieldOf(objects["company"], f.TwentyName)!["id"]!.GetValue<string>().ShouldBe(existingIds[f.TwentyName]);
        }

        var health = FieldOf(objects["opportunity"], "health")!["options"]!.AsArray();
        health.Select(o => o!["value"]!.GetValue<string>()).ShouldBe(["GREEN", "YELLOW", "RED"]);
        health[0]!["id"]!.GetValue<string>().ShouldBe(greenId);
        (await Provision(Config(webhook: false))).Out.ShouldContain("Nothing to do");
    }

    [Fact]
    public async Task Apply_OptionHoldingDataNotInTheSchema_IsKeptWithItsData()
    {
        await CreateFieldDirectly("opportunity", "health", "SELECT",
        [
            new JsonObject { ["value"] = "GREEN", ["label"] = "Green", ["color"] = "green", ["position"] = 0 },
            new JsonObject { ["value"] = "AMBER", ["label"] = "Amber", ["color"] = "orange", ["position"] = 1 },
        ]);
        using var http = _emulator.CreateClient();
        using var deal = await http.PostAsJsonAsync("rest/opportunities", new JsonObject { ["name"] = "Old deal", ["health"] = "AMBER" });
        deal.StatusCode.ShouldBe(HttpStatusCode.Created);

        (await Provision(Config(webhook: false))).Exit.ShouldBe(ExitCodes.Ok);

        _emulator.Journal.Entries.ShouldNotContain(e => e.Method == "DELETE" || e.Body.Contains("delete", StringComparison.OrdinalIgnoreCase));
        var health = FieldOf((await Objects())["opportunity"], "health")!["options"]!.AsArray();
        health.Select(o => o!["value"]!.GetValue<string>()).ShouldBe(["GREEN", "AMBER", "YELLOW", "RED"]);
        _emulator.GetRecords("opportunities").ShouldHaveSingleItem()["health"]!.GetValue<string>().ShouldBe("AMBER");
    }

    [Fact]
    public async Task Apply_FieldWithWrongType_ReportsDriftExits3AndChangesNothing()
    {
        var wrongId = await CreateFieldDirectly("company", "clientCode", "NUMBER");
        var before = (await Objects())["company"]["fields"]!.AsArray().Count;
        _emulator.Journal.Clear();

        var (exit, output, err) = await Provision(Config());

        exit.ShouldBe(ExitCodes.Drift);
        err.TrimEnd().ShouldNotContain("\n");
        err.ShouldContain("Company.clientCode exists as NUMBER, Sodimo's schema wants TEXT");
        output.ShouldContain("! clientCode");
        MetadataMutations().ShouldBeEmpty();
        var company = (await Objects())["company"];
        company["fields"]!.AsArray().Count.ShouldBe(before);
        FieldOf(company, "clientCode")!["id"]!.GetValue<string>().ShouldBe(wrongId);
        FieldOf(company, "clientCode")!["type"]!.GetValue<string>().ShouldBe("NUMBER");
    }

    [Fact]
    public async Task Webhook_RegisteredOnceThenUpdatedInPlaceWhenOperationsChange()
    {
        (await Provision(Config())).Exit.ShouldBe(ExitCodes.Ok);
        using var http = _emulator.CreateClient();
        var hooks = (await http.GetFromJsonAsync<JsonObject>("rest/metadata/webhooks"))!["data"]!.AsArray();
        var hook = hooks.ShouldHaveSingleItem()!;
        hook["targetUrl"]!.GetValue<string>().ShouldBe("https://worker.sodimo.test/webhooks/twenty");
        hook["operations"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe(["opportunity.created", "opportunity.updated"]);
        _emulator.Journal.Clear();

        var (exit, output, _) = await Provision(Config(operations: "opportunity.updated,company.updated"));

        exit.ShouldBe(ExitCodes.Ok);
        output.ShouldContain("~ update operations");
        MetadataMutations().ShouldHaveSingleItem().Body.ShouldContain("updateWebhook");
        var after = (await http.GetFromJsonAsync<JsonObject>("rest/metadata/webhooks"))!["data"]!.AsArray().ShouldHaveSingleItem()!;
        after["id"]!.GetValue<string>().ShouldBe(hook["id"]!.GetValue<string>());
        after["operations"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe(["opportunity.updated", "company.updated"]);
    }

    [Fact]
    public async Task Apply_WrongApiKey_OneLineExit2AndNothingChanged()
    {
        var (exit, output, err) = await Provision(Config(apiKey: "not-a-key"));

        exit.ShouldBe(ExitCodes.Unreachable);
        output.ShouldBeEmpty();
        err.TrimEnd().ShouldNotContain("\n");
        err.ShouldContain("Twenty refused the API key");
        (await Objects()).ShouldNotContainKey("deltaAlert");
    }

    [Fact]
    public async Task Apply_OverLoopbackHttp_WorksWithTheRealHttpStack()
    {
        await _emulator.StartAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var config = new Dictionary<string, string?> { ["Sodimo:Twenty:BaseUrl"] = _emulator.BaseAddress.ToString(), ["Sodimo:Twenty:ApiKey"] = "dev-key" };
        var context = new CliContext(new ConfigurationBuilder().AddInMemoryCollection(config).Build(), stdout, stderr, () => new HttpClient());

        var exit = await CommandDispatcher.Default.RunAsync(["provision"], context, CancellationToken.None);

        exit.ShouldBe(ExitCodes.Ok, stderr.ToString());
        _emulator.BaseAddress.Host.ShouldBe("127.0.0.1");
        (await Objects()).ShouldContainKey("deltaAlert");
    }
}
