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

    protected override string DurableSyncSetting => "2"; // FULL

    protected override async Task<string> SyncSettingAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    [Fact]
    public async Task DeferredCommit_RunsAtNormalSync_AndThePooledConnectionIsFullAgainWhenReopened()
    {
        var dialect = CreateDialect(TimeSpan.FromSeconds(2));
        await using var database = new LedgerDatabase(dialect, Time);
        await database.SchemaVersionAsync(CancellationToken.None);
        object handle;
        await using (var connection = await dialect.OpenAsync(CancellationToken.None))
        {
            handle = ((SqliteConnection)connection).Handle!;
            await using var transaction = await dialect.BeginWriteAsync(connection, deferSync: true, CancellationToken.None);
            (await SyncSettingAsync(connection)).ShouldBe("1"); // NORMAL: in the WAL file, synced by the next FULL commit
            await transaction.CommitAsync();
        }

        await using (var again = await dialect.OpenAsync(CancellationToken.None))
        {
            ((SqliteConnection)again).Handle.ShouldBeSameAs(handle); // the same physical connection, from the pool
            (await SyncSettingAsync(again)).ShouldBe("2");
            await using var transaction = await dialect.BeginWriteAsync(again, CancellationToken.None);
            (await SyncSettingAsync(again)).ShouldBe("2");
        }
    }

    [Fact]
    public async Task CompleteAsync_FilesCopiedTheMomentItReturns_HoldTheOutcome()
    {
        // The outcome does not wait for the disk, but it is in the WAL file when Complete returns: a killed process keeps it.
        var started = await Ledger.BeginAsync(Request("upsert:C00042") with { CountsFirstAttempt = true });
        await Ledger.AddRecordsAsync(started.Entry.Id, [new("company", "c1", RecordAction.Created)]);
        await Ledger.CompleteAsync(started.Entry.Id, LedgerOutcome.Succeeded([new("person", "p1", RecordAction.Created)], "{\"ok\":true}"));
        await using var survivor = CopyFilesAsAKilledProcessLeavesThem();
        var entry = await new SqlRunLedger(survivor).GetAsync(started.Entry.Id);

        entry.ShouldNotBeNull();
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Attempts.ShouldBe(1);
        entry.ResultJson.ShouldBe("{\"ok\":true}");
        entry.Records.Select(r => r.Id).ShouldBe(["c1", "p1"]);
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
        await using var survivor = CopyFilesAsAKilledProcessLeavesThem();
        var entry = await new SqlRunLedger(survivor).GetAsync(started.Entry.Id);

        entry.ShouldNotBeNull();
        entry.Status.ShouldBe(LedgerStatus.Pending);
        entry.RequestJson.ShouldBe(started.Entry.RequestJson);
    }

    // What a killed process leaves behind is what is in the files (database and WAL): a copy of them, opened afresh.
    private LedgerDatabase CopyFilesAsAKilledProcessLeavesThem()
    {
        var copy = Path.Combine(directory, "crash-copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(directory, "ledger.db*"))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return new LedgerDatabase(new SqliteLedgerDialect(Path.Combine(copy, "ledger.db"), TimeSpan.FromSeconds(2)), Time);
    }
}
