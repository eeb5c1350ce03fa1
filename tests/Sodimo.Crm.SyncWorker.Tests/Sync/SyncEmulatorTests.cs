using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Infrastructure.Ledger;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.SyncWorker.Cli;
using Sodimo.Crm.SyncWorker.Sync;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.SyncWorker.Tests.Sync;

/// <summary>
/// The sync command end to end: a provisioned TwentyEmulator, the real Twenty client and SQLite ledger, the fixture
/// dump. Effects are read back through the emulator's own REST API and its journal, and through the ledger.
/// </summary>
public sealed class SyncEmulatorTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly Encoding Windows1252 = GetWindows1252();
    private readonly ProvisionedWorkspace _workspace = new("sodimo-sync-");

    public SyncEmulatorTests()
    {
        _workspace.Config["Sodimo:Twenty:RetryBaseDelay"] = "00:00:00.020";
    }

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Sync", "Fixtures", "clients-200.csv");

    public Task InitializeAsync() => _workspace.ProvisionAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        await _workspace.DisposeAsync();
    }

    private CliContext Context(out StringWriter stdout, out StringWriter stderr) => _workspace.Context(out stdout, out stderr);

    private async Task<(int Exit, string Out, string Err, JsonObject Report)> Sync(string dump, params string[] extra)
    {
        var reportPath = Path.Combine(_workspace.Directory, $"report-{Guid.NewGuid():N}.json");
        var command = new SyncCommand
        {
            Interactive = false,
            ConfigureServices = _workspace.UseEmulator,
        };
        var context = Context(out var stdout, out var stderr);
        var exit = await command.RunAsync(["--source", "csv:" + dump, "--report", reportPath, .. extra], context, CancellationToken.None);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(reportPath))!.AsObject();
        return (exit, stdout.ToString(), stderr.ToString(), report);
    }

    private async Task<Dictionary<string, JsonObject>> CompaniesByCode()
    {
        using var http = _workspace.Emulator.CreateClient();
        var all = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var body = await http.GetFromJsonAsync<JsonObject>(
                "rest/companies?limit=200" + (cursor is null ? string.Empty : "&starting_after=" + Uri.EscapeDataString(cursor)));
            all.AddRange(body!["data"]!["companies"]!.AsArray().Select(c => c!.AsObject()));
            cursor = body["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? body["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        }
        while (cursor is not null);
        return all.Where(c => c["clientCode"] is not null).ToDictionary(c => c["clientCode"]!.GetValue<string>());
    }

    private JournalEntry[] Writes() =>
        _workspace.Emulator.Journal.Entries.Where(e => e.Method is "POST" or "PATCH" or "DELETE" && e.Path.StartsWith("/rest/", StringComparison.Ordinal)).ToArray();

    private async Task<IReadOnlyList<LedgerEntry>> Ledger(string runId)
    {
        var services = new ServiceCollection();
        services.AddSodimoLedger(_workspace.Configuration());
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<IRunLedger>().QueryAsync(new LedgerQuery { RunId = runId, Limit = 1000 });
    }

    private string Dump(Func<string, string> edit)
    {
        var path = Path.Combine(_workspace.Directory, $"dump-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, Windows1252.GetBytes(edit(Windows1252.GetString(File.ReadAllBytes(Fixture)))));
        return path;
    }

    [Fact]
    public async Task Sync_Fixture_CreatesEveryCompanyInFourBatchesThroughTheLedger()
    {
        var (exit, stdout, stderr, report) = await Sync(Fixture);

        exit.ShouldBe(0, stdout + stderr);
        report["created"]!.GetValue<int>().ShouldBe(200);
        _workspace.Emulator.Journal.For("GET", "/rest/companies").Count.ShouldBe(1);
        _workspace.Emulator.Journal.For("POST", "/rest/batch/companies").Count.ShouldBe(4);
        Writes().Length.ShouldBe(4);
        var companies = await CompaniesByCode();
        companies.Count.ShouldBe(200);
        var quoted = companies["C100175"];
        quoted["name"]!.GetValue<string>().ShouldBe("Restaurant Le Zinc ; Fils & Cie");
        quoted["address"]!["addressCity"]!.GetValue<string>().ShouldBe("Lille");
        var first = companies["C100000"];
        first["arBalance"]!["amountMicros"]!.GetValue<long>().ShouldBe(20_442_490_000L);
        first["arAgingBucket"]!.GetValue<string>().ShouldBe("NOT_DUE");
        first["lastOrderTopSkus"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["VR0020", "VR0045", "SP0046"]);
        report["lowerBoundCalls"]!.GetValue<int>().ShouldBe(5);

        var entries = await Ledger(report["runId"]!.GetValue<string>());
        entries.Count.ShouldBe(4);
        entries.ShouldAllBe(e => e.Actor == Actor.Sync && e.Status == LedgerStatus.Succeeded && e.ToolName == "sodiwin_sync");
        entries.Sum(e => e.Records.Count).ShouldBe(200);
        stdout.ShouldContain("200 created, 0 updated, 0 unchanged, 0 rejected");
        stdout.ShouldContain("(exit 0)");
        stderr.ShouldContain("sync progress: create 200/200");
    }

    [Fact]
    public async Task Sync_SameDumpTwice_SecondRunWritesNothing()
    {
        (await Sync(Fixture)).Exit.ShouldBe(0);
        _workspace.Emulator.Journal.Clear();

        var (exit, stdout, _, report) = await Sync(Fixture);

        exit.ShouldBe(0);
        Writes().ShouldBeEmpty();
        _workspace.Emulator.Journal.Entries.Count.ShouldBe(1);
        report["plan"]!["unchanged"]!.AsArray().Count.ShouldBe(200);
        (await Ledger(report["runId"]!.GetValue<string>())).ShouldBeEmpty();
        stdout.ShouldContain("1 read + 0 write = 1 (lower bound 1)");
    }

    [Fact]
    public async Task Sync_ChangedDump_UpdatesOnlyChangedSodiwinFieldsKeepsTwentyEditsAndRejectsBadRows()
    {
        (await Sync(Fixture)).Exit.ShouldBe(0);
        var before = await CompaniesByCode();
        var edited = before["C100007"]["id"]!.GetValue<string>();
        using (var http = _workspace.Emulator.CreateClient())
        {
            var patch = await http.PatchAsJsonAsync($"rest/companies/{edited}", new JsonObject { ["halalCert"] = true, ["name"] = "Renamed in Twenty" });
            patch.EnsureSuccessStatusCode();
        }

        _workspace.Emulator.Journal.Clear();
        var dump = Dump(text => text
            .Replace("C100007;Cave La Treille;EXPORT;CLIENT;88 rue des Arts;;75011;Paris;FRANCE;contact1@exemple-382.fr;+33 2 82 17 89 36;687,86",
                "C100007;Cave La Treille Nouvelle;EXPORT;CLIENT;88 rue des Arts;;75011;Paris;FRANCE;contact1@exemple-382.fr;+33 2 82 17 89 36;1 700,00", StringComparison.Ordinal)
            .Replace("C100014;Comptoir Montmartre;GMS;PROSPECT", "C100014;Comptoir Montmartre;GMS;CLIENT", StringComparison.Ordinal)
            .Replace("C100021;Bistrot des Arts;CHR;CLIENT;108 rue Saint-Éloi;;1000;Bruxelles;BELGIQUE;contact3@exemple-594.fr;;23298,39",
                "C100021;Bistrot des Arts;CHR;CLIENT;108 rue Saint-Éloi;;1000;Bruxelles;BELGIQUE;contact3@exemple-594.fr;;23.298,3x", StringComparison.Ordinal)
            + "C100028;Doublon;GMS;CLIENT;1 rue;;75001;Paris;FRANCE;;;0,00;NON_ECHU;;;;;;\r\n"
            + "C999999;Nouveau Client;GMS;PROSPECT;2 rue;;75002;Paris;FRANCE;;;0,00;NON_ECHU;;;;;;\r\n");

        var (exit, stdout, stderr, report) = await Sync(dump);

        exit.ShouldBe(2, stdout + stderr);
        // 199 codes to look up (C100021 unreadable, C100028 duplicated): one read; then one create and one update batch.
        _workspace.Emulator.Journal.For("GET", "/rest/companies").Count.ShouldBe(1);
        var batches = _workspace.Emulator.Journal.For("POST", "/rest/batch/companies");
        Writes().Length.ShouldBe(2);
        var after = await CompaniesByCode();
        after.Count.ShouldBe(201);
        after["C999999"]["name"]!.GetValue<string>().ShouldBe("Nouveau Client");
        var c7 = after["C100007"];
        c7["arBalance"]!["amountMicros"]!.GetValue<long>().ShouldBe(1_700_000_000L);
        c7["halalCert"]!.GetValue<bool>().ShouldBeTrue();
        c7["name"]!.GetValue<string>().ShouldBe("Renamed in Twenty");
        after["C100014"]["accountType"]!.GetValue<string>().ShouldBe("CLIENT");
        after["C100021"]["arBalance"]!.ToJsonString().ShouldBe(before["C100021"]["arBalance"]!.ToJsonString());
        after["C100028"]["name"]!.GetValue<string>().ShouldBe(before["C100028"]["name"]!.GetValue<string>());

        // The update batch carries only the fields that changed.
        batches.Count.ShouldBe(2);
        var update = batches.Select(b => JsonNode.Parse(b.Body)!.AsArray()).Single(a => a.Count == 2);
        update.Select(r => r!.AsObject().Select(p => p.Key).Order().ToArray()).ShouldBe(
        [
            ["arBalance", "id"],
            ["accountType", "id"],
        ]);

        var rejected = report["plan"]!["rejected"]!.AsArray().Select(r => (r!["lineNumber"]!.GetValue<int>(), r["kind"]!.GetValue<string>())).ToArray();
        rejected.ShouldContain((5, "InvalidNumber"));
        rejected.ShouldContain((6, "DuplicateKey"));
        rejected.ShouldContain((202, "DuplicateKey"));
        stdout.ShouldContain("(exit 2)");
        stdout.ShouldContain("line 5");
    }

    [Fact]
    public async Task Sync_DryRun_PrintsThePlanAndWritesNothing()
    {
        var (exit, stdout, _, report) = await Sync(Fixture, "--dry-run");

        exit.ShouldBe(0);
        Writes().ShouldBeEmpty();
        report["dryRun"]!.GetValue<bool>().ShouldBeTrue();
        report["plan"]!["creates"]!.AsArray().Count.ShouldBe(200);
        stdout.ShouldContain("200 to create, 0 to update, 0 unchanged, 0 rejected");
        stdout.ShouldContain("+ C100000");
        (await CompaniesByCode()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Sync_TooManyRequests_HonoursRetryAfterAndFinishes()
    {
        _workspace.Emulator.Faults.Add(new FaultRule(FaultKind.TooManyRequests, "/rest/batch/companies", "POST") { RetryAfter = TimeSpan.FromSeconds(1) });

        var (exit, stdout, stderr, _) = await Sync(Fixture);

        exit.ShouldBe(0, stdout + stderr);
        var batches = _workspace.Emulator.Journal.For("POST", "/rest/batch/companies");
        batches.Count.ShouldBe(5);
        batches[0].Status.ShouldBe(429);
        (batches[1].Timestamp - batches[0].Timestamp).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
        (await CompaniesByCode()).Count.ShouldBe(200);
    }

    [Fact]
    public async Task Sync_LeaseHeldByAnotherRun_IsRefusedWithoutCallingTwenty()
    {
        var services = new ServiceCollection();
        services.AddSodimoLedger(_workspace.Configuration());
        await using (var provider = services.BuildServiceProvider())
        {
            (await provider.GetRequiredService<ILeaseStore>().TryAcquireAsync("sodiwin-sync", "other-host:42", TimeSpan.FromMinutes(10))).ShouldNotBeNull();
        }

        var (exit, stdout, _, _) = await Sync(Fixture);

        exit.ShouldBe(1);
        stdout.ShouldContain("Another sync holds the lease");
        _workspace.Emulator.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Sync_MissingColumn_FailsWithExitOneBeforeAnyCall()
    {
        var dump = Dump(text => text.Replace("SOLDE;", "BALANCE;", StringComparison.Ordinal));

        var (exit, stdout, _, report) = await Sync(dump);

        exit.ShouldBe(1);
        report["outcome"]!.GetValue<string>().ShouldBe("Failed");
        stdout.ShouldContain("lacks column(s) SOLDE");
        _workspace.Emulator.Journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Sync_BadArguments_ExitOne()
    {
        var context = Context(out _, out var stderr);

        (await new SyncCommand().RunAsync(["--dry-run"], context, CancellationToken.None)).ShouldBe(1);
        (await new SyncCommand().RunAsync(["--source", "sql:clients"], context, CancellationToken.None)).ShouldBe(1);
        (await new SyncCommand().RunAsync(["--source", "csv:"], context, CancellationToken.None)).ShouldBe(1);
        stderr.ToString().ShouldContain("--source is required");
        stderr.ToString().ShouldContain("unsupported source \"sql:clients\"; use csv:PATH (a dump file) or sql (the ETL's staging table in the ledger database).");
        stderr.ToString().ShouldContain("unsupported source \"csv:\"");
    }

    private static Encoding GetWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
