using System.Data.Common;
using Microsoft.Data.Sqlite;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>The ledger contract on an SQLite file in a temporary directory, plus SQLite's own durability checks.</summary>
public sealed class SqliteLedgerContractTests : RunLedgerContractTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "sodimo-ledger-tests", Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(directory, "ledger.db");

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

    internal override LedgerDialect CreateDialect(TimeSpan busyTimeout) => new SqliteLedgerDialect(FilePath, busyTimeout);

    internal override LedgerDialect CreateUnreachableDialect() =>
        new SqliteLedgerDialect(Path.Combine(directory, "no-such-directory", "ledger.db"), TimeSpan.FromSeconds(1));

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var connection = (SqliteConnection)await OpenRawAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE";
            await command.ExecuteNonQueryAsync();
        }

        return connection; // disposing it rolls the transaction back and frees the lock
    }

    [Fact]
    public async Task Connections_AreInWalModeWithFullSynchronousCommits()
    {
        var dialect = CreateDialect(TimeSpan.FromSeconds(2));
        await using var connection = await dialect.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();

        command.CommandText = "PRAGMA journal_mode";
        (await command.ExecuteScalarAsync()).ShouldBe("wal");
        command.CommandText = "PRAGMA synchronous";
        Convert.ToInt32(await command.ExecuteScalarAsync()).ShouldBe(2); // FULL
        command.CommandText = "PRAGMA busy_timeout";
        Convert.ToInt32(await command.ExecuteScalarAsync()).ShouldBe(2000);
    }

    [Fact]
    public async Task BeginAsync_FilesCopiedTheMomentItReturns_HoldThePendingRow()
    {
        // What a killed process leaves behind is what is in the files (database and WAL) when Begin returns.
        var started = await Ledger.BeginAsync(Request("upsert:C00042"));
        var copy = Path.Combine(directory, "crash-copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(directory, "ledger.db*"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        await using var survivor = new LedgerDatabase(new SqliteLedgerDialect(Path.Combine(copy, "ledger.db"), TimeSpan.FromSeconds(2)), Time);
        var entry = await new SqlRunLedger(survivor).GetAsync(started.Entry.Id);

        entry.ShouldNotBeNull();
        entry.Status.ShouldBe(LedgerStatus.Pending);
        entry.RequestJson.ShouldBe(started.Entry.RequestJson);
    }
}
