using System.Data.Common;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// What differs between the ledger's databases: opening a connection, the timestamp column type and its
/// values, row locks, and the migration lock. Everything else is one SQL text for both.
/// </summary>
internal abstract class LedgerDialect : IAsyncDisposable
{
    /// <summary>Names the store in error messages, without credentials.</summary>
    public abstract string Description { get; }

    /// <summary>The column type of timestamps in the migrations.</summary>
    public abstract string TimestampType { get; }

    /// <summary>What follows a <c>SELECT</c> that must lock the row it reads until the transaction ends.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>
    /// What follows a queue's <c>SELECT</c> so that concurrent claimers pass over each other's locked rows instead of waiting
    /// (PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c>); nothing where a write statement already holds the whole database (SQLite).
    /// </summary>
    public virtual string ForUpdateSkipLocked => string.Empty;

    /// <summary>
    /// Whether an <c>UPDATE … RETURNING</c> of a row costs less than the <c>UPDATE</c> followed by a <c>SELECT</c> of the
    /// row by its primary key in the same write transaction (both give the row as updated).
    /// </summary>
    public virtual bool CheapUpdateReturning => true;

    /// <summary>Opens a connection with the store's settings applied.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection whose writes are all transactions begun with <c>deferSync</c>: a store may then skip putting
    /// the connection back to its durable setting first (SQLite does; the transaction says what it needs).
    /// </summary>
    public virtual Task<DbConnection> OpenForDeferredAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>Begins a transaction that holds the write lock from its first statement and is on disk when its commit returns.</summary>
    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteAsync(connection, deferSync: false, cancellationToken);

    /// <summary>
    /// Begins a transaction that holds the write lock from its first statement. With <paramref name="deferSync"/> its
    /// commit is visible to every reader and survives the process when it returns, but does not wait for the disk: the
    /// store's next durable commit (or checkpoint) writes it to disk with everything before it, so a power cut can only
    /// lose a tail of such commits, never one that came before a durable commit.
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, bool deferSync, CancellationToken cancellationToken);

    /// <summary>Serialises schema migrations of several processes (called inside the migration transaction).</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The parameter value of a timestamp (milliseconds, UTC).</summary>
    public abstract object TimeValue(DateTimeOffset value);

    /// <summary>Reads a timestamp column.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Whether an exception means the store could not be reached, read or written.</summary>
    public virtual bool IsStoreFailure(Exception exception) => exception is DbException or TimeoutException or IOException;

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Truncates a time to whole milliseconds in UTC: what both stores keep.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
