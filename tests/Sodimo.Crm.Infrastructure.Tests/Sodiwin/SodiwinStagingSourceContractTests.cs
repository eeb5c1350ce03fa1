using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Sodimo.Crm.Domain.Sodiwin;
using Sodimo.Crm.Infrastructure.Ledger;
using Sodimo.Crm.Infrastructure.Sodiwin;
using Sodimo.Crm.Infrastructure.Tests.Ledger;

namespace Sodimo.Crm.Infrastructure.Tests.Sodiwin;

/// <summary>
/// The staging source (ledger migration 4) on each store: it reads the newest complete batch, never one still loading,
/// and turns its text cells into the same clients, and the same rejections, as the CSV reader does for the same cells.
/// </summary>
public abstract class SodiwinStagingSourceContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Night = new(2026, 11, 27, 2, 30, 0, TimeSpan.Zero);

    internal LedgerDatabase Database { get; private set; } = null!;

    internal SodiwinStagingSource Source { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await PrepareStoreAsync();
        Database = new LedgerDatabase(CreateDialect(), TimeProvider.System);
        (await Database.SchemaVersionAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(4);
        Source = new SodiwinStagingSource(Database);
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        await DropStoreAsync();
    }

    protected abstract Task PrepareStoreAsync();

    protected abstract Task DropStoreAsync();

    internal abstract LedgerDialect CreateDialect();

    private async Task Load(string batch, DateTimeOffset loadedAt, IReadOnlyList<string?[]> rows, bool complete = true, long? rowCount = null)
    {
        await using var connection = await Database.Dialect.OpenAsync(CancellationToken.None);
        await SodiwinStagingLoader.LoadAsync(connection, Database.Dialect.TimeValue, batch, loadedAt, rows, complete, rowCount);
    }

    private async Task Complete(string batch, int rows)
    {
        await using var connection = await Database.Dialect.OpenAsync(CancellationToken.None);
        await SodiwinStagingLoader.CompleteAsync(connection, Database.Dialect.TimeValue, batch, Night.AddHours(2), rows);
    }

    private static List<string?[]> Cells(params string[] csvRows) =>
        SodiwinStagingLoader.CellsOf(new StringReader(string.Join("\r\n", [SodiwinCsvText.Header, .. csvRows]) + "\r\n"));

    private static string Json(SodiwinClient client) => JsonSerializer.Serialize(client with { LineNumber = 0 });

    [ContractFact]
    public async Task Read_FixtureBatch_GivesTheSameClientsAsTheCsvNumberedByRow()
    {
        await Load("2026-11-27-nightly", Night, SodiwinStagingLoader.CellsOf(SodiwinCsvText.FixturePath));
        var csv = new SodiwinCsvReader().ReadFile(SodiwinCsvText.FixturePath);

        var dump = await Source.ReadAsync();

        dump.Source.ShouldBe("sql:sodiwin_client_staging");
        dump.Batch.ShouldBe("2026-11-27-nightly");
        dump.RowUnit.ShouldBe("row");
        dump.Encoding.ShouldBeNull();
        dump.RecordCount.ShouldBe(200);
        dump.Errors.ShouldBeEmpty();
        dump.Clients.Select(c => c.LineNumber).ShouldBe(Enumerable.Range(1, 200));
        dump.Clients.Select(Json).ShouldBe(csv.Clients.Select(Json));
        dump.Clients.First(c => c.ClientCode == "C100175").Name.ShouldBe("Restaurant Le Zinc ; Fils & Cie");
    }

    [ContractFact]
    public async Task Read_BadValues_AreRejectedWithTheRowNumberAndTheCsvReason()
    {
        string[] rows =
        [
            SodiwinCsvText.Row("C1"),
            SodiwinCsvText.Row("C2", ("SOLDE", "12.50")),
            SodiwinCsvText.Row("C3", ("DATE_DERNIERE_CDE", "2026-04-03")),
            SodiwinCsvText.Row("  "),
            SodiwinCsvText.Row("C 5"),
            SodiwinCsvText.Row("c6", ("MONTANT_DERNIERE_CDE", "1 234,56"), ("EXCLUSIVITES", " Bodega | | Clos ")),
            SodiwinCsvText.Row("C8", ("TRANCHE_AGE", "120+")),
            SodiwinCsvText.Row("C9", ("DATE_FIN_CONTRAT", "31/02/2027"), ("SOLDE", "N/A")),
        ];
        await Load("b1", Night, Cells(rows));
        var csv = new SodiwinCsvReader().Read(new MemoryStream(SodiwinCsvText.Dump(rows)), "test.csv");

        var dump = await Source.ReadAsync();

        dump.RecordCount.ShouldBe(8);
        dump.Clients.Select(c => (c.LineNumber, c.ClientCode)).ShouldBe([(1, "C1"), (6, "C6")]);
        dump.Clients[1].LastOrderAmount.ShouldBe(1234.56m);
        dump.Clients[1].BrandExclusivity.ShouldBe(["Bodega", "Clos"]);
        dump.Errors.Select(e => (e.LineNumber, e.Kind, e.ClientCode)).ShouldBe(
        [
            (2, SodiwinRowErrorKind.InvalidNumber, "C2"),
            (3, SodiwinRowErrorKind.InvalidDate, "C3"),
            (4, SodiwinRowErrorKind.MissingKey, null),
            (5, SodiwinRowErrorKind.InvalidKey, "C 5"),
            (7, SodiwinRowErrorKind.InvalidValue, "C8"),
            (8, SodiwinRowErrorKind.InvalidNumber, "C9"),
        ]);
        dump.Errors[0].Reason.ShouldBe("unparseable number: SOLDE \"12.50\"");
        dump.Errors[5].Reason.ShouldContain("unparseable date: DATE_FIN_CONTRAT \"31/02/2027\"");

        // The same reasons as the CSV reader gives for the same cells; only the numbering differs (row_no, not the line).
        csv.Errors.Select(e => (e.LineNumber - 1, e.Kind, e.Reason, e.ClientCode))
            .ShouldBe(dump.Errors.Select(e => (e.LineNumber, e.Kind, e.Reason, e.ClientCode)));
        csv.Clients.Select(Json).ShouldBe(dump.Clients.Select(Json));
    }

    [ContractFact]
    public async Task Read_NewerBatchStillLoading_IsNotReadUntilMarkedComplete()
    {
        await Load("monday", Night, Cells(SodiwinCsvText.Row("C1"), SodiwinCsvText.Row("C2")));
        await Load("tuesday", Night.AddDays(1), Cells(SodiwinCsvText.Row("C1", ("SOLDE", "999,00"))), complete: false);

        var before = await Source.ReadAsync();

        before.Batch.ShouldBe("monday");
        before.Clients.Select(c => (c.ClientCode, c.ArBalance)).ShouldBe([("C1", 100.50m), ("C2", 100.50m)]);

        await Complete("tuesday", 1);
        var after = await Source.ReadAsync();

        after.Batch.ShouldBe("tuesday");
        after.Clients.Select(c => (c.ClientCode, c.ArBalance)).ShouldBe([("C1", 999.00m)]);
    }

    [ContractFact]
    public async Task Read_NewestCompleteBatch_ByLoadTimeNotCompletionOrder()
    {
        await Load("newer", Night.AddDays(1), Cells(SodiwinCsvText.Row("C2")), complete: false);
        await Load("older", Night, Cells(SodiwinCsvText.Row("C1")));
        await Complete("newer", 1);

        (await Source.ReadAsync()).Batch.ShouldBe("newer");
    }

    [ContractFact]
    public async Task Read_NoCompleteBatch_RefusesTheWholeSource()
    {
        await Load("loading", Night, Cells(SodiwinCsvText.Row("C1")), complete: false);

        var ex = await Should.ThrowAsync<SodiwinDumpException>(() => Source.ReadAsync());

        ex.Message.ShouldContain("no complete batch in sodiwin_client_batches");
    }

    [ContractFact]
    public async Task Read_RowCountDisagreesWithTheRows_RefusesTheBatch()
    {
        await Load("short", Night, Cells(SodiwinCsvText.Row("C1"), SodiwinCsvText.Row("C2")), rowCount: 3);

        var ex = await Should.ThrowAsync<SodiwinDumpException>(() => Source.ReadAsync());

        ex.Message.ShouldContain("batch \"short\" is marked complete with row_count 3 but holds 2 row(s)");
    }

    [ContractFact]
    public async Task Read_CompleteEmptyBatch_GivesNoClients()
    {
        await Load("empty", Night, []);

        var dump = await Source.ReadAsync();

        dump.Batch.ShouldBe("empty");
        dump.RecordCount.ShouldBe(0);
        dump.Clients.ShouldBeEmpty();
    }
}

/// <summary>The staging source on an SQLite ledger file.</summary>
public sealed class SqliteSodiwinStagingSourceTests : SodiwinStagingSourceContractTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "sodimo-staging-tests", Guid.NewGuid().ToString("N"));

    protected override Task PrepareStoreAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    protected override Task DropStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    internal override LedgerDialect CreateDialect() => new SqliteLedgerDialect(Path.Combine(directory, "ledger.db"), TimeSpan.FromSeconds(5));
}

/// <summary>The staging source on a real PostgreSQL (SODIMO_TEST_POSTGRES), in a schema of its own.</summary>
[RequiresPostgres]
public sealed class PostgresSodiwinStagingSourceTests : SodiwinStagingSourceContractTests
{
    private readonly string schema = "sodimo_staging_test_" + Guid.NewGuid().ToString("N");

    private static string Server => TestServices.Postgres
        ?? throw new InvalidOperationException("SODIMO_TEST_POSTGRES is not set but SODIMO_REQUIRE_SERVICES=1: start PostgreSQL (build/services.sh).");

    protected override Task PrepareStoreAsync() => ExecuteOnServerAsync($"CREATE SCHEMA {schema}");

    protected override Task DropStoreAsync() => ExecuteOnServerAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");

    internal override LedgerDialect CreateDialect() =>
        new PostgresLedgerDialect(new NpgsqlConnectionStringBuilder(Server) { SearchPath = schema }.ToString(), TimeSpan.FromSeconds(5));

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using DbCommand command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
