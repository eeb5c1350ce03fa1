using System.Data.Common;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// Named leases in the ledger's database (<c>ledger_leases</c>). Taking a lease is one upsert whose
/// <c>WHERE</c> only lets it through when the lease is free, expired or already the caller's, so two
/// owners can never both hold it, on either store.
/// </summary>
internal sealed class SqlLeaseStore : ILeaseStore
{
    private const string AcquireSql =
        "INSERT INTO ledger_leases (name, owner, acquired_at, expires_at) VALUES (@name, @owner, @now, @expires) " +
        "ON CONFLICT (name) DO UPDATE SET " +
        "acquired_at = CASE WHEN ledger_leases.owner = excluded.owner THEN ledger_leases.acquired_at ELSE excluded.acquired_at END, " +
        "owner = excluded.owner, expires_at = excluded.expires_at " +
        "WHERE ledger_leases.owner = excluded.owner OR ledger_leases.expires_at <= excluded.acquired_at " +
        "RETURNING name, owner, acquired_at, expires_at";

    private const string RenewSql =
        "UPDATE ledger_leases SET expires_at = @expires WHERE name = @name AND owner = @owner " +
        "RETURNING name, owner, acquired_at, expires_at";

    private readonly LedgerDatabase database;

    public SqlLeaseStore(LedgerDatabase database) => this.database = database ?? throw new ArgumentNullException(nameof(database));

    public Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Check(name, owner, duration);
        return database.RunAsync("take a lease", connection => WriteAsync(connection, AcquireSql, name, owner, duration, cancellationToken), cancellationToken);
    }

    public Task<Lease?> RenewAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Check(name, owner, duration);
        return database.RunAsync("renew a lease", connection => WriteAsync(connection, RenewSql, name, owner, duration, cancellationToken), cancellationToken);
    }

    public Task<bool> ReleaseAsync(string name, string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        return database.RunAsync("release a lease", async connection =>
        {
            await using var command = Sql.Command(connection, null, "DELETE FROM ledger_leases WHERE name = @name AND owner = @owner");
            Sql.Add(command, "@name", name);
            Sql.Add(command, "@owner", owner);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
    }

    private static void Check(string name, string owner, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
    }

    private async Task<Lease?> WriteAsync(DbConnection connection, string sql, string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        var now = database.Now();
        await using var command = Sql.Command(connection, null, sql);
        Sql.Add(command, "@name", name);
        Sql.Add(command, "@owner", owner);
        Sql.Add(command, "@now", dialect.TimeValue(now));
        Sql.Add(command, "@expires", dialect.TimeValue(now + duration));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new Lease(reader.GetString(0), reader.GetString(1), dialect.ReadTime(reader, 2), dialect.ReadTime(reader, 3));
    }
}
