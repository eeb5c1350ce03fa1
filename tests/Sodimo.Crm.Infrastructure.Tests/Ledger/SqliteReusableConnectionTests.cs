using Microsoft.Data.Sqlite;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>
/// The SQLite dialect keeps its connections open between uses with their prepared commands: a given-back connection
/// is reused only when it is clean, and a kept command never carries one use's parameters into the next.
/// </summary>
public sealed class SqliteReusableConnectionTests : IAsyncLifetime, IDisposable
{
    private readonly string directory;
    private readonly SqliteLedgerDialect dialect;

    public SqliteReusableConnectionTests()
    {
        directory = Directory.CreateTempSubdirectory("sodimo-ledger-reuse-").FullName;
        dialect = new SqliteLedgerDialect(Path.Combine(directory, "ledger.db"), TimeSpan.FromSeconds(2));
    }

    public async Task InitializeAsync()
    {
        await using var connection = await dialect.OpenAsync(CancellationToken.None);
        await using var create = Sql.Command(connection, null, "CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
        await create.ExecuteNonQueryAsync();
    }

    public void Dispose() => dialect.DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async Task DisposeAsync()
    {
        await dialect.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task AGivenBackConnection_IsReusedWithItsCommands_AndParametersDoNotCarryOver()
    {
        var first = await dialect.OpenAsync(CancellationToken.None);
        var insert = Sql.Command(first, null, "INSERT INTO t (k, v) VALUES (@k, @v)");
        Sql.Add(insert, "@k", "a");
        Sql.Add(insert, "@v", "1");
        (await insert.ExecuteNonQueryAsync()).ShouldBe(1);
        await insert.DisposeAsync();
        insert.Parameters.Count.ShouldBe(0);
        await first.DisposeAsync();

        await using var second = await dialect.OpenAsync(CancellationToken.None);
        second.ShouldBeSameAs(first);
        second.State.ShouldBe(System.Data.ConnectionState.Open);
        await using (var again = Sql.Command(second, null, "INSERT INTO t (k, v) VALUES (@k, @v)"))
        {
            again.ShouldBeSameAs(insert);
            Sql.Add(again, "@k", "b");
            Sql.Add(again, "@v", "2");
            (await again.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        await using var count = Sql.Command(second, null, "SELECT group_concat(k || v, ',') FROM (SELECT k, v FROM t ORDER BY k)");
        (await count.ExecuteScalarAsync()).ShouldBe("a1,b2");
    }

    [Fact]
    public async Task TheSameTextTwiceAtOnce_GivesTwoCommands()
    {
        await using var connection = await dialect.OpenAsync(CancellationToken.None);
        await using var outer = Sql.Command(connection, null, "SELECT v FROM t WHERE k = @k");
        await using var inner = Sql.Command(connection, null, "SELECT v FROM t WHERE k = @k");

        inner.ShouldNotBeSameAs(outer);
    }

    [Fact]
    public async Task AKeptCommand_RefusesAnotherText()
    {
        await using var connection = await dialect.OpenAsync(CancellationToken.None);
        await using var command = Sql.Command(connection, null, "SELECT 1");

        Should.Throw<InvalidOperationException>(() => command.CommandText = "SELECT 2");
    }

    [Fact]
    public async Task AConnectionGivenBackInsideATransaction_IsClosedNotReused()
    {
        var first = await dialect.OpenAsync(CancellationToken.None);
        await using (var begin = Sql.Command(first, null, "BEGIN IMMEDIATE"))
        {
            await begin.ExecuteNonQueryAsync();
        }

        await first.DisposeAsync();
        first.State.ShouldBe(System.Data.ConnectionState.Closed);

        await using var second = await dialect.OpenAsync(CancellationToken.None);
        second.ShouldNotBeSameAs(first);
        // The write lock went with the closed connection.
        await using var insert = Sql.Command(second, null, "INSERT INTO t (k, v) VALUES ('c', '3')");
        (await insert.ExecuteNonQueryAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task WhenTheFileIsDeleted_TheKeptConnectionsAreDropped_AndTheNextOpenFails()
    {
        var kept = await dialect.OpenAsync(CancellationToken.None);
        await kept.DisposeAsync();
        kept.State.ShouldBe(System.Data.ConnectionState.Open);

        Directory.Delete(directory, recursive: true);

        await Should.ThrowAsync<SqliteException>(() => dialect.OpenAsync(CancellationToken.None));
        kept.State.ShouldBe(System.Data.ConnectionState.Closed);
    }

    [Fact]
    public async Task ADisposedDialect_ClosesItsIdleConnections()
    {
        var connection = await dialect.OpenAsync(CancellationToken.None);
        await connection.DisposeAsync();
        connection.State.ShouldBe(System.Data.ConnectionState.Open);

        await dialect.DisposeAsync();

        connection.State.ShouldBe(System.Data.ConnectionState.Closed);
        await Should.ThrowAsync<ObjectDisposedException>(() => dialect.OpenAsync(CancellationToken.None));
    }
}
