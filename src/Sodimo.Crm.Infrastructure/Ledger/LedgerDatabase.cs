using System.Data.Common;
using System.Globalization;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// The ledger's database: brings the schema up to date on first use, opens connections and turns the
/// store's errors into <see cref="LedgerUnavailableException"/>.
/// </summary>
internal sealed class LedgerDatabase : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim migrationGate = new(1, 1);
    private volatile bool migrated;

    public LedgerDatabase(LedgerDialect dialect, TimeProvider timeProvider)
    {
        Dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        Time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    public LedgerDialect Dialect { get; }

    public TimeProvider Time { get; }

    /// <summary>The current time as the stores keep it (UTC, whole milliseconds).</summary>
    public DateTimeOffset Now() => LedgerDialect.Truncate(Time.GetUtcNow());

    /// <summary>Creates the database for the configured provider.</summary>
    public static LedgerDatabase Create(SodimoLedgerOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        LedgerDialect dialect = options.Provider switch
        {
            LedgerProvider.Sqlite => new SqliteLedgerDialect(options.SqlitePath, options.BusyTimeout),
            LedgerProvider.Postgres => new PostgresLedgerDialect(
                options.PostgresConnectionString ?? throw new InvalidOperationException("Sodimo:Ledger:PostgresConnectionString is required."),
                options.BusyTimeout),
            _ => throw new InvalidOperationException($"Unknown ledger provider {options.Provider}."),
        };
        return new LedgerDatabase(dialect, timeProvider);
    }

    /// <summary>Runs <paramref name="work"/> on an open connection, after the schema is up to date.</summary>
    /// <exception cref="LedgerUnavailableException">The store failed.</exception>
    public Task<T> RunAsync<T>(string what, Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(what, deferSync: false, work, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection, after the schema is up to date. With <paramref name="deferSync"/>
    /// every write of the work is a transaction begun with <c>deferSync</c> (see <see cref="LedgerDialect.OpenForDeferredAsync"/>).
    /// </summary>
    /// <exception cref="LedgerUnavailableException">The store failed.</exception>
    public async Task<T> RunAsync<T>(string what, bool deferSync, Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureSchemaAsync(cancellationToken);
            await using var connection = deferSync
                ? await Dialect.OpenForDeferredAsync(cancellationToken)
                : await Dialect.OpenAsync(cancellationToken);
            return await work(connection);
        }
        catch (Exception ex) when (Dialect.IsStoreFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new LedgerUnavailableException($"{Dialect.Description}: could not {what}: {ex.Message}", ex);
        }
    }

    /// <summary>Checks the store answers (and its schema is up to date).</summary>
    /// <exception cref="LedgerUnavailableException">The store failed.</exception>
    public Task<bool> PingAsync(CancellationToken cancellationToken) =>
        RunAsync("reach the database", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT MAX(version) FROM schema_version";
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            return version == LedgerMigrations.Latest;
        }, cancellationToken);

    /// <summary>The schema version the database is at (0 when it has none).</summary>
    public Task<int> SchemaVersionAsync(CancellationToken cancellationToken) =>
        RunAsync("read the schema version", async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }, cancellationToken);

    // A service provider disposed synchronously needs IDisposable; closing the pools does not block for long.
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await Dialect.DisposeAsync();
        migrationGate.Dispose();
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (migrated)
        {
            return;
        }

        await migrationGate.WaitAsync(cancellationToken);
        try
        {
            if (migrated)
            {
                return;
            }

            await using var connection = await Dialect.OpenAsync(cancellationToken);
            await using var transaction = await Dialect.BeginWriteAsync(connection, cancellationToken);
            await Dialect.LockForMigrationAsync(connection, transaction, cancellationToken);
            await ExecuteAsync(
                connection,
                transaction,
                $"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at {Dialect.TimestampType} NOT NULL)",
                cancellationToken);

            int current;
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
                current = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }

            if (current > LedgerMigrations.Latest)
            {
                throw new LedgerUnavailableException(
                    $"{Dialect.Description}: the schema is at version {current}, newer than this program knows ({LedgerMigrations.Latest}); upgrade the program.");
            }

            foreach (var (version, sql) in LedgerMigrations.All)
            {
                if (version <= current)
                {
                    continue;
                }

                await ExecuteAsync(connection, transaction, sql.Replace("{ts}", Dialect.TimestampType, StringComparison.Ordinal), cancellationToken);
                await using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)";
                Sql.Add(record, "@version", version);
                Sql.Add(record, "@at", Dialect.TimeValue(Now()));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            migrated = true;
        }
        finally
        {
            migrationGate.Release();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
