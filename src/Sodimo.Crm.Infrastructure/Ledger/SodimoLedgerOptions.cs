namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// Where the run ledger lives, bound from the <c>Sodimo:Ledger</c> configuration section and validated
/// when the host starts.
/// </summary>
public sealed class SodimoLedgerOptions
{
    /// <summary>The configuration section: <c>Sodimo:Ledger</c>.</summary>
    public const string SectionName = "Sodimo:Ledger";

    /// <summary>The database that holds the ledger. Default <see cref="LedgerProvider.Sqlite"/>.</summary>
    public LedgerProvider Provider { get; set; } = LedgerProvider.Sqlite;

    /// <summary>
    /// The SQLite file (with <see cref="LedgerProvider.Sqlite"/>); relative paths are resolved against the
    /// working directory. Its directory must exist. Default <c>sodimo-ledger.db</c>.
    /// </summary>
    public string SqlitePath { get; set; } = "sodimo-ledger.db";

    /// <summary>
    /// The Npgsql connection string (with <see cref="LedgerProvider.Postgres"/>), for example
    /// <c>Host=db;Database=sodimo;Username=sodimo;Password=…</c>. No default. Tables are created in the
    /// first schema of the connection's search path.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// How long a statement waits for a lock another writer holds (SQLite busy timeout, PostgreSQL command
    /// timeout) before the ledger reports itself unavailable. Between 100 ms and 5 minutes. Default 5 s.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
