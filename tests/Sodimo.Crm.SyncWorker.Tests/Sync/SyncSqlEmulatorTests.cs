using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Infrastructure.Ledger;
using Sodimo.Crm.Infrastructure.Tests.Sodiwin;
using Sodimo.Crm.SyncWorker.Sync;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.SyncWorker.Tests.Sync;

/// <summary>
/// <c>sync --source sql</c> end to end: the ETL's staging table in the SQLite ledger, filled as docs/sync.md tells an ETL
/// to, a provisioned TwentyEmulator and the real client. The same rows through the CSV and through the table make the
/// same plan; a batch still loading is never read; bad cells are rejected with their row number and the CSV's reason.
/// </summary>
public sealed class SyncSqlEmulatorTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly DateTimeOffset Night = new(2026, 11, 27, 2, 30, 0, TimeSpan.Zero);
    private readonly ProvisionedWorkspace _workspace = new("sodimo-sync-sql-");

    public SyncSqlEmulatorTests()
    {
        _workspace.Config["Sodimo:Twenty:RetryBaseDelay"] = "00:00:00.020";
    }

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Sync", "Fixtures", "clients-200.csv");

    public async Task InitializeAsync()
    {
        await _workspace.ProvisionAsync();
        var services = new ServiceCollection();
        services.AddSodimoLedger(_workspace.Configuration());
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IRunLedger>().QueryAsync(new LedgerQuery { Limit = 1 }); // creates the schema
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await _workspace.DisposeAsync();
    }

    private async Task Load(string batch, DateTimeOffset loadedAt, IReadOnlyList<string?[]> rows, bool complete = true)
    {
        await using var connection = new SqliteConnection($"Data Source={_workspace.Config["Sodimo:Ledger:SqlitePath"]};Pooling=False");
        await connection.OpenAsync();
        await SodiwinStagingLoader.LoadAsync(connection, Iso, batch, loadedAt, rows, complete);
    }

    // How an ETL writes a timestamp into the SQLite ledger (docs/sync.md): ISO-8601 UTC text, milliseconds, Z.
    private static object Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private async Task<(int Exit, string Out, string Err, JsonObject Report)> Sync(string source, params string[] extra)
    {
        var reportPath = Path.Combine(_workspace.Directory, $"report-{Guid.NewGuid():N}.json");
        var command = new SyncCommand { Interactive = false, ConfigureServices = _workspace.UseEmulator };
        var context = _workspace.Context(out var stdout, out var stderr);
        var exit = await command.RunAsync(["--source", source, "--report", reportPath, .. extra], context, CancellationToken.None);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(reportPath))!.AsObject();
        return (exit, stdout.ToString(), stderr.ToString(), report);
    }

    private JournalEntry[] Writes() =>
        _workspace.Emulator.Journal.Entries.Where(e => e.Method is "POST" or "PATCH" or "DELETE" && e.Path.StartsWith("/rest/", StringComparison.Ordinal)).ToArray();

    private string EditedDump(Func<string, string> edit)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var windows1252 = Encoding.GetEncoding(1252);
        var path = Path.Combine(_workspace.Directory, $"dump-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, windows1252.GetBytes(edit(windows1252.GetString(File.ReadAllBytes(Fixture)))));
        return path;
    }

    /// <summary>The plan of a report with each row's number taken out (a CSV counts lines from 2, the table rows from 1).</summary>
    private static string PlanWithoutNumbers(JsonObject report, int lineOffset)
    {
        var plan = report["plan"]!.DeepClone().AsObject();
        foreach (var list in new[] { "creates", "updates" })
        {
            foreach (var change in plan[list]!.AsArray())
            {
                change!.AsObject().Remove("lineNumber");
            }
        }

        foreach (var rejected in plan["rejected"]!.AsArray())
        {
            var r = rejected!.AsObject();
            r["lineNumber"] = r["lineNumber"]!.GetValue<int>() - lineOffset;
            r["reason"] = Regex.Replace(r["reason"]!.GetValue<string>(), "is on (lines|rows) [0-9, ]+;", "is on n;");
        }

        return plan.ToJsonString();
    }

    [Fact]
    public async Task SyncSql_SameRowsAsTheCsv_SamePlanThenTheSameWrites()
    {
        await Load("2026-11-27-nightly", Night, SodiwinStagingLoader.CellsOf(Fixture));

        var csvPlan = await Sync("csv:" + Fixture, "--dry-run");
        var sqlPlan = await Sync("sql", "--dry-run");

        sqlPlan.Exit.ShouldBe(0, sqlPlan.Out + sqlPlan.Err);
        PlanWithoutNumbers(sqlPlan.Report, 0).ShouldBe(PlanWithoutNumbers(csvPlan.Report, 1));
        sqlPlan.Report["plan"]!["creates"]!.AsArray().Count.ShouldBe(200);
        sqlPlan.Report["plan"]!["creates"]![0]!["lineNumber"]!.GetValue<int>().ShouldBe(1);
        sqlPlan.Report["source"]!.GetValue<string>().ShouldBe("sql:sodiwin_client_staging");
        sqlPlan.Report["batch"]!.GetValue<string>().ShouldBe("2026-11-27-nightly");
        sqlPlan.Out.ShouldContain("source   sql:sodiwin_client_staging batch 2026-11-27-nightly, 200 record(s)");
        sqlPlan.Out.ShouldContain("+ C100000    create  row 1: \"Restaurant des Halles\"");
        Writes().ShouldBeEmpty();

        var (exit, stdout, stderr, report) = await Sync("sql");

        exit.ShouldBe(0, stdout + stderr);
        report["created"]!.GetValue<int>().ShouldBe(200);
        _workspace.Emulator.Journal.For("POST", "/rest/batch/companies").Count.ShouldBe(4);
        _workspace.Emulator.GetRecords("company").Count(c => c["clientCode"] is not null).ShouldBe(200);

        // What the table wrote is what the CSV says: a CSV run afterwards has nothing left to do.
        _workspace.Emulator.Journal.Clear();
        var again = await Sync("csv:" + Fixture);
        again.Exit.ShouldBe(0);
        again.Report["plan"]!["unchanged"]!.AsArray().Count.ShouldBe(200);
        Writes().ShouldBeEmpty();

        // Changed rows, rejections and duplicates: the same plan through both routes.
        var changed = EditedDump(text => text
            .Replace("C100007;Cave La Treille;EXPORT;CLIENT;88 rue des Arts;;75011;Paris;FRANCE;contact1@exemple-382.fr;+33 2 82 17 89 36;687,86",
                "C100007;Cave La Treille;EXPORT;CLIENT;88 rue des Arts;;75011;Paris;FRANCE;contact1@exemple-382.fr;+33 2 82 17 89 36;1 700,00", StringComparison.Ordinal)
            .Replace("C100014;Comptoir Montmartre;GMS;PROSPECT", "C100014;Comptoir Montmartre;GMS;CLIENT", StringComparison.Ordinal)
            .Replace("23298,39;61-90", "23.298,3x;61-90", StringComparison.Ordinal)
            + "C100028;Doublon;GMS;CLIENT;1 rue;;75001;Paris;FRANCE;;;0,00;NON_ECHU;;;;;;\r\n"
            + "C999999;Nouveau Client;GMS;PROSPECT;2 rue;;75002;Paris;FRANCE;;;0,00;120+;;;;;;\r\n");
        await Load("2026-11-28-nightly", Night.AddDays(1), SodiwinStagingLoader.CellsOf(changed));

        var csvChanged = await Sync("csv:" + changed, "--dry-run");
        var sqlChanged = await Sync("sql", "--dry-run");

        sqlChanged.Exit.ShouldBe(2);
        csvChanged.Exit.ShouldBe(2);
        PlanWithoutNumbers(sqlChanged.Report, 0).ShouldBe(PlanWithoutNumbers(csvChanged.Report, 1));
        sqlChanged.Report["plan"]!["updates"]!.AsArray().Count.ShouldBe(2);
        sqlChanged.Report["plan"]!["rejected"]!.AsArray().Select(r => (r!["lineNumber"]!.GetValue<int>(), r["kind"]!.GetValue<string>())).ShouldBe(
        [
            (4, "InvalidNumber"),
            (5, "DuplicateKey"),
            (201, "DuplicateKey"),
            (202, "InvalidValue"),
        ]);
        sqlChanged.Out.ShouldContain("! row 4      InvalidNumber    C100021    unparseable number: SOLDE \"23.298,3x\"");
        sqlChanged.Out.ShouldContain("duplicate key: client code C100028 is on rows 5, 201");
    }

    [Fact]
    public async Task SyncSql_NewerBatchStillLoading_IsNotRead()
    {
        await Load("monday", Night, SodiwinStagingLoader.CellsOf(Fixture));
        (await Sync("sql")).Exit.ShouldBe(0);
        _workspace.Emulator.Journal.Clear();
        var changed = SodiwinStagingLoader.CellsOf(Fixture);
        changed[0][11] = "1,00"; // SOLDE of C100000
        await Load("tuesday", Night.AddDays(1), changed, complete: false);

        var (exit, stdout, _, report) = await Sync("sql");

        exit.ShouldBe(0);
        report["batch"]!.GetValue<string>().ShouldBe("monday");
        report["plan"]!["unchanged"]!.AsArray().Count.ShouldBe(200);
        Writes().ShouldBeEmpty();
        stdout.ShouldContain("batch monday");
        var c100000 = _workspace.Emulator.GetRecords("company").Single(c => (string?)c["clientCode"] == "C100000");
        c100000["arBalance"]!["amountMicros"]!.GetValue<long>().ShouldBe(20_442_490_000L);
    }

    [Fact]
    public async Task SyncSql_BadCells_RejectedWithRowAndReasonTheRestWritten()
    {
        var rows = SodiwinStagingLoader.CellsOf(Fixture).Take(5).ToList();
        rows[1][11] = "12.50";         // SOLDE with a decimal point
        rows[2][16] = "2026-04-03";    // DATE_DERNIERE_CDE not dd/MM/yyyy
        rows[3][0] = null;             // CODE_CLIENT missing
        await Load("b1", Night, rows);

        var (exit, stdout, stderr, report) = await Sync("sql");

        exit.ShouldBe(2, stdout + stderr);
        report["created"]!.GetValue<int>().ShouldBe(2);
        report["rowUnit"]!.GetValue<string>().ShouldBe("row");
        report["plan"]!["rejected"]!.AsArray().Select(r => (r!["lineNumber"]!.GetValue<int>(), r["kind"]!.GetValue<string>(), r["reason"]!.GetValue<string>()))
            .ShouldBe(
            [
                (2, "InvalidNumber", "unparseable number: SOLDE \"12.50\""),
                (3, "InvalidDate", "unparseable date: DATE_DERNIERE_CDE \"2026-04-03\" (expected dd/MM/yyyy)"),
                (4, "MissingKey", "missing key: CODE_CLIENT is empty"),
            ]);
        _workspace.Emulator.GetRecords("company").Select(c => (string?)c["clientCode"]).Where(c => c is not null).Order()
            .ShouldBe(["C100000", "C100028"]);
        stdout.ShouldContain("! row 2      InvalidNumber");
        stdout.ShouldContain("(exit 2)");
    }

    [Fact]
    public async Task SyncSql_NoCompleteBatch_FailsWithExitOneBeforeAnyCall()
    {
        await Load("loading", Night, SodiwinStagingLoader.CellsOf(Fixture), complete: false);

        var (exit, stdout, _, report) = await Sync("sql");

        exit.ShouldBe(1);
        report["outcome"]!.GetValue<string>().ShouldBe("Failed");
        stdout.ShouldContain("no complete batch in sodiwin_client_batches");
        _workspace.Emulator.Journal.Entries.ShouldBeEmpty();
    }
}
