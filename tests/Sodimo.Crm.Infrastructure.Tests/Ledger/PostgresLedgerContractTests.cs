using System.Data.Common;
using Npgsql;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>
/// The ledger contract on a real PostgreSQL (SODIMO_TEST_POSTGRES, started by build/services.sh). Each test
/// works in a schema of its own, so parallel runs on one server never collide.
/// </summary>
[RequiresPostgres]
public sealed class PostgresLedgerContractTests : RunLedgerContractTests
{
    private readonly string schema = "sodimo_ledger_test_" + Guid.NewGuid().ToString("N");

    private static string Server => TestServices.Postgres
        ?? throw new InvalidOperationException("SODIMO_TEST_POSTGRES is not set but SODIMO_REQUIRE_SERVICES=1: start PostgreSQL (build/services.sh).");

    private string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { SearchPath = schema }.ToString();

    protected override async Task PrepareStoreAsync() => await ExecuteOnServerAsync($"CREATE SCHEMA {schema}");

    protected override async Task DropStoreAsync() => await ExecuteOnServerAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");

    internal override LedgerDialect CreateDialect(TimeSpan busyTimeout) => new PostgresLedgerDialect(ConnectionString, busyTimeout);

    internal override LedgerDialect CreateUnreachableDialect()
    {
        // A loopback port nobody listens on: take a free one and close it.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new PostgresLedgerDialect($"Host=127.0.0.1;Port={port};Username=sodimo;Database=postgres;Timeout=2", TimeSpan.FromSeconds(1));
    }

    protected override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    protected override async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var connection = (NpgsqlConnection)await OpenRawAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE ledger_entries IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return connection; // closing it ends the transaction and frees the lock
    }

    protected override string DurableSyncSetting => "on";

    protected override async Task<string> SyncSettingAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SHOW synchronous_commit";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [ContractFact]
    public async Task DeferredCommit_TurnsSynchronousCommitOffForItsTransactionOnly()
    {
        var dialect = CreateDialect(TimeSpan.FromSeconds(2));
        await using var database = new LedgerDatabase(dialect, Time);
        await using var connection = await dialect.OpenAsync(CancellationToken.None);
        await using (var transaction = await dialect.BeginWriteAsync(connection, deferSync: true, CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = (NpgsqlTransaction)transaction;
            command.CommandText = "SHOW synchronous_commit";
            (await command.ExecuteScalarAsync()).ShouldBe("off");
            await transaction.CommitAsync();
        }

        (await SyncSettingAsync(connection)).ShouldBe("on");
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
