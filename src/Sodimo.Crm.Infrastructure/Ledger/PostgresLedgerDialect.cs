using System.Data.Common;
using Npgsql;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// The PostgreSQL ledger: tables in the first schema of the connection's search path, timestamps as
/// <c>timestamptz</c>, row locks with <c>FOR UPDATE</c> and migrations serialised by an advisory lock.
/// </summary>
internal sealed class PostgresLedgerDialect : LedgerDialect
{
    // An arbitrary constant naming "Sodimo ledger migrations" among advisory locks.
    private const long MigrationLockKey = 0x50D1_C0DE_1ED6;

    private readonly NpgsqlDataSource dataSource;

    public PostgresLedgerDialect(string connectionString, TimeSpan busyTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var seconds = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));
        builder.CommandTimeout = seconds;
        if (!ContainsKey(connectionString, "Timeout"))
        {
            builder.Timeout = Math.Min(seconds, 15);
        }

        Description = $"PostgreSQL ledger '{builder.Host}:{builder.Port}/{builder.Database}'";
        dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Description { get; }

    public override string TimestampType => "TIMESTAMPTZ";

    public override string ForUpdate => " FOR UPDATE";

    public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, bool deferSync, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (deferSync)
        {
            try
            {
                // Asynchronous commit for this transaction only: the WAL is flushed by the next synchronous commit (or
                // within wal_writer_delay), in order, so a crash can lose only the latest such commits.
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "SET LOCAL synchronous_commit TO OFF";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch
            {
                await transaction.DisposeAsync();
                throw;
            }
        }

        return transaction;
    }

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(@key)";
        var key = command.CreateParameter();
        key.ParameterName = "@key";
        key.Value = MigrationLockKey;
        command.Parameters.Add(key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override object TimeValue(DateTimeOffset value) => Truncate(value);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        reader.GetFieldValue<DateTimeOffset>(ordinal).ToUniversalTime();

    public override async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        await base.DisposeAsync();
    }

    private static bool ContainsKey(string connectionString, string key)
    {
        var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return parsed.ContainsKey(key);
    }
}
