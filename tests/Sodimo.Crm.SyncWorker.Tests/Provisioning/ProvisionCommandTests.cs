using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Sodimo.Crm.SyncWorker.Cli;

namespace Sodimo.Crm.SyncWorker.Tests.Provisioning;

public class ProvisionCommandTests
{
    private static readonly Dictionary<string, string?> GoodConfig = new()
    {
        ["Sodimo:Twenty:BaseUrl"] = "http://127.0.0.1:3000",
        ["Sodimo:Twenty:ApiKey"] = "key",
    };

    private static async Task<(int Exit, string Out, string Err)> Run(
        IEnumerable<KeyValuePair<string, string?>> config, HttpMessageHandler? handler, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(
            new ConfigurationBuilder().AddInMemoryCollection(config).Build(), stdout, stderr,
            () => handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false));
        var exit = await CommandDispatcher.Default.RunAsync(args, context, CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static ScriptedHandler Serving(JsonObject workspace) => new(request =>
        request.Query.Contains("mutation", StringComparison.Ordinal)
            ? throw new InvalidOperationException("a mutation was sent: " + request.Query)
            : ScriptedHandler.Data(request.Query.Contains("webhooks") ? new JsonObject { ["webhooks"] = new JsonArray() } : workspace));

    private static string OneLine(string text)
    {
        text.TrimEnd('\n', '\r').ShouldNotContain("\n");
        text.ShouldNotContain("   at ");
        return text;
    }

    [Theory]
    [InlineData(null, "key", "Sodimo:Twenty:BaseUrl is missing")]
    [InlineData("http://127.0.0.1:3000", null, "Sodimo:Twenty:ApiKey is missing")]
    [InlineData("not a url", "key", "Sodimo:Twenty:BaseUrl \"not a url\" is not an absolute URL")]
    [InlineData("ftp://127.0.0.1", "key", "is not an absolute http(s) URL")]
    public async Task Provision_BadTwentyConfiguration_OneLineAndExit1WithoutCallingTwenty(string? url, string? key, string expected)
    {
        var handler = new ScriptedHandler(_ => throw new InvalidOperationException("no call expected"));

        var (exit, _, err) = await Run(new Dictionary<string, string?> { ["Sodimo:Twenty:BaseUrl"] = url, ["Sodimo:Twenty:ApiKey"] = key }, handler, "provision");

        exit.ShouldBe(ExitCodes.BadConfiguration);
        OneLine(err).ShouldContain(expected);
        handler.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Provision_WebhookWithoutSecret_IsBadConfiguration()
    {
        var config = new Dictionary<string, string?>(GoodConfig) { ["Sodimo:Webhook:TargetUrl"] = "https://w.test/hook" };

        var (exit, _, err) = await Run(config, null, "provision", "--dry-run");

        exit.ShouldBe(ExitCodes.BadConfiguration);
        OneLine(err).ShouldContain("Sodimo:Webhook:Secret is missing");
    }

    [Fact]
    public async Task Provision_UnknownOption_IsUsageError()
    {
        var (exit, _, err) = await Run(GoodConfig, null, "provision", "--force");

        exit.ShouldBe(ExitCodes.BadConfiguration);
        OneLine(err).ShouldContain("unknown option \"--force\"");
    }

    [Fact]
    public async Task Provision_TwentyNotListening_OneLineAndExit2()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = new Dictionary<string, string?>(GoodConfig) { ["Sodimo:Twenty:BaseUrl"] = $"http://127.0.0.1:{port}" };

        var (exit, _, err) = await Run(config, null, "provision", "--dry-run");

        exit.ShouldBe(ExitCodes.Unreachable);
        OneLine(err).ShouldContain("unreachable");
    }

    [Fact]
    public async Task Provision_KeyWithoutMetadataPermission_OneLineAndExit2()
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json(HttpStatusCode.OK,
            """{"errors":[{"message":"Forbidden resource","extensions":{"code":"FORBIDDEN"}}],"data":null}"""));

        var (exit, _, err) = await Run(GoodConfig, handler, "provision");

        exit.ShouldBe(ExitCodes.Unreachable);
        OneLine(err).ShouldContain("Twenty refused the API key");
    }

    [Fact]
    public async Task Provision_DryRunOnFreshWorkspace_PrintsThePlanAndSendsNoMutation()
    {
        var handler = Serving(FakeWorkspaceJson.Fresh());

        var (exit, output, err) = await Run(GoodConfig, handler, "provision", "--dry-run");

        exit.ShouldBe(ExitCodes.Ok, err);
        output.ShouldContain("+ clientCode");
        output.ShouldContain("+ create object deltaAlert / deltaAlerts");
        output.ShouldContain("Dry run: nothing was changed");
        handler.Requests.ShouldAllBe(r => !r.Query.Contains("mutation"));
    }

    [Fact]
    public async Task Provision_FieldWithWrongType_ReportsDriftExit3AndSendsNoMutation()
    {
        var handler = Serving(FakeWorkspaceJson.Fresh(FakeWorkspaceJson.Field("clientCode", "NUMBER")));

        var (exit, output, err) = await Run(GoodConfig, handler, "provision");

        exit.ShouldBe(ExitCodes.Drift);
        output.ShouldContain("! clientCode");
        OneLine(err).ShouldContain("Company.clientCode exists as NUMBER, Sodimo's schema wants TEXT");
        err.ShouldContain("Nothing was changed");
        handler.Requests.ShouldAllBe(r => !r.Query.Contains("mutation"));
    }

    [Fact]
    public async Task Provision_MissingOptionAndWebhook_AddsTheOptionKeepingIdsAndRegistersTheWebhook()
    {
        var ws = FakeWorkspaceJson.Provisioned(Sodimo.Crm.Domain.Schema.SodimoSchema.Current);
        var health = FakeWorkspaceJson.FieldNode(ws, "opportunity", "health");
        health["options"]!.AsArray().RemoveAt(2); // RED is missing
        var keptIds = health["options"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToArray();
        var handler = new ScriptedHandler(request => request.Query switch
        {
            var q when q.Contains("updateOneField") => ScriptedHandler.Data(new JsonObject { ["updateOneField"] = new JsonObject { ["id"] = "x" } }),
            var q when q.Contains("createWebhook") => ScriptedHandler.Data(new JsonObject { ["createWebhook"] = new JsonObject { ["id"] = "w" } }),
            var q when q.Contains("webhooks") => ScriptedHandler.Data(new JsonObject { ["webhooks"] = new JsonArray() }),
            var q when q.Contains("mutation") => throw new InvalidOperationException("unexpected mutation " + q),
            _ => ScriptedHandler.Data(ws),
        });
        var config = new Dictionary<string, string?>(GoodConfig)
        {
            ["Sodimo:Webhook:TargetUrl"] = "https://worker.test/webhooks/twenty",
            ["Sodimo:Webhook:Secret"] = "the-secret",
            ["Sodimo:Webhook:Operations"] = "opportunity.updated, company.updated",
        };

        var (exit, output, err) = await Run(config, handler, "provision");

        exit.ShouldBe(ExitCodes.Ok, err);
        output.ShouldContain("~ health");
        output.ShouldNotContain("the-secret");
        var mutations = handler.Requests.Where(r => r.Query.Contains("mutation")).ToList();
        mutations.Count.ShouldBe(2);
        var options = mutations[0].Variables["input"]!["update"]!["options"]!.AsArray();
        options.Select(o => o!["value"]!.GetValue<string>()).ShouldBe(["GREEN", "YELLOW", "RED"]);
        options.Take(2).Select(o => o!["id"]!.GetValue<string>()).ShouldBe(keptIds);
        Guid.TryParse(options[2]!["id"]!.GetValue<string>(), out _).ShouldBeTrue();
        var hook = mutations[1].Variables["input"]!;
        hook["targetUrl"]!.GetValue<string>().ShouldBe("https://worker.test/webhooks/twenty");
        hook["operations"]!.AsArray().Select(o => o!.GetValue<string>()).ShouldBe(["opportunity.updated", "company.updated"]);
        hook["secret"]!.GetValue<string>().ShouldBe("the-secret");
    }

    [Fact]
    public async Task Provision_TwentyRejectsAStepPartWay_PrintsWhatWasAppliedAndExits4()
    {
        var ws = FakeWorkspaceJson.Fresh();
        var created = 0;
        var handler = new ScriptedHandler(request => request.Query switch
        {
            var q when q.Contains("createOneField") && ++created == 3 => ScriptedHandler.Json(HttpStatusCode.OK,
                """{"errors":[{"message":"Field already exists","extensions":{"code":"BAD_USER_INPUT"}}],"data":null}"""),
            var q when q.Contains("createOneField") => ScriptedHandler.Data(new JsonObject { ["createOneField"] = new JsonObject { ["id"] = Guid.NewGuid().ToString() } }),
            var q when q.Contains("mutation") => throw new InvalidOperationException("unexpected mutation " + q),
            _ => ScriptedHandler.Data(ws),
        });

        var (exit, output, err) = await Run(GoodConfig, handler, "provision");

        exit.ShouldBe(ExitCodes.Rejected);
        output.ShouldContain("applied: created field Company.clientCode (TEXT)");
        output.ShouldContain("applied: created field Company.category (TEXT)");
        output.ShouldNotContain("applied: created field Company.accountType");
        OneLine(err).ShouldContain("Twenty rejected creating field Company.accountType: Field already exists (BAD_USER_INPUT)");
    }

    [Fact]
    public async Task Dispatcher_UnknownCommand_ListsTheCommands()
    {
        var (exit, _, err) = await Run(GoodConfig, null, "frobnicate");

        exit.ShouldBe(ExitCodes.BadConfiguration);
        OneLine(err).ShouldContain("commands: provision");
    }

    [Fact]
    public async Task Dispatcher_Help_ListsProvisionAndExitCodes()
    {
        var (exit, output, _) = await Run(GoodConfig, null, "help");

        exit.ShouldBe(ExitCodes.Ok);
        output.ShouldContain("provision [--dry-run]");
        output.ShouldContain("3 drift");
    }

    [Fact]
    public async Task Dispatcher_CommandThrows_OneLineNoStackTrace()
    {
        var dispatcher = new CommandDispatcher([new ThrowingCommand()]);
        var stderr = new StringWriter();
        var context = new CliContext(new ConfigurationBuilder().Build(), new StringWriter(), stderr, () => new HttpClient());

        var exit = await dispatcher.RunAsync(["boom"], context, CancellationToken.None);

        exit.ShouldBe(ExitCodes.Unexpected);
        OneLine(stderr.ToString()).ShouldContain("unexpected error: InvalidOperationException: kaput");
    }

    private sealed class ThrowingCommand : IWorkerCommand
    {
        public string Name => "boom";

        public string Usage => "boom";

        public Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("kaput\nsecond line");
    }
}
