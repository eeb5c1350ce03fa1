namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>Which database holds the run ledger (<c>Sodimo:Ledger:Provider</c>).</summary>
public enum LedgerProvider
{
    /// <summary>An SQLite file (WAL, synchronous FULL): the embedded default for one machine.</summary>
    Sqlite = 1,

    /// <summary>A PostgreSQL database: for hosts on several machines.</summary>
    Postgres = 2,
}
