namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>
/// The ledger's schema, as numbered migrations applied in order and recorded in <c>schema_version</c>.
/// The SQL is the same for both stores except the timestamp type (<c>{ts}</c>). A migration is never
/// edited once shipped: a change is a new version.
/// </summary>
internal static class LedgerMigrations
{
    /// <summary>The migrations, by version.</summary>
    public static IReadOnlyList<(int Version, string Sql)> All { get; } =
    [
        (1, """
            CREATE TABLE ledger_entries (
                id               TEXT PRIMARY KEY,
                run_id           TEXT NOT NULL,
                actor            TEXT NOT NULL CHECK (actor IN ('ai', 'sync', 'webhook', 'workflow', 'human')),
                skill            TEXT NOT NULL,
                caller_id        TEXT,
                tool_name        TEXT NOT NULL,
                target_object    TEXT NOT NULL,
                target_record_id TEXT,
                target_key       TEXT,
                idempotency_key  TEXT NOT NULL UNIQUE,
                request_json     TEXT NOT NULL,
                request_hash     TEXT NOT NULL,
                status           TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'rejected', 'needs_human')),
                attempts         INTEGER NOT NULL DEFAULT 0,
                error            TEXT,
                result_json      TEXT,
                created_at       {ts} NOT NULL,
                updated_at       {ts} NOT NULL,
                completed_at     {ts}
            );
            CREATE INDEX ix_ledger_entries_status_updated ON ledger_entries (status, updated_at);
            CREATE INDEX ix_ledger_entries_created ON ledger_entries (created_at);
            CREATE INDEX ix_ledger_entries_run ON ledger_entries (run_id);
            CREATE TABLE ledger_records (
                entry_id    TEXT NOT NULL REFERENCES ledger_entries (id),
                seq         INTEGER NOT NULL,
                object_name TEXT NOT NULL,
                record_id   TEXT NOT NULL,
                action      TEXT NOT NULL CHECK (action IN ('created', 'updated', 'deleted')),
                PRIMARY KEY (entry_id, seq),
                UNIQUE (entry_id, object_name, record_id, action)
            );
            CREATE INDEX ix_ledger_records_record ON ledger_records (record_id);
            """),
        (2, """
            CREATE TABLE ledger_leases (
                name        TEXT PRIMARY KEY,
                owner       TEXT NOT NULL,
                acquired_at {ts} NOT NULL,
                expires_at  {ts} NOT NULL
            );
            """),
        (3, """
            CREATE TABLE webhook_inbox (
                id           TEXT PRIMARY KEY,
                source       TEXT NOT NULL,
                delivery_key TEXT NOT NULL,
                event_name   TEXT,
                signed_at    {ts} NOT NULL,
                received_at  {ts} NOT NULL,
                body         TEXT NOT NULL,
                status       TEXT NOT NULL CHECK (status IN ('received', 'processed', 'failed')),
                processed_at {ts},
                error        TEXT,
                UNIQUE (source, delivery_key)
            );
            CREATE INDEX ix_webhook_inbox_status_received ON webhook_inbox (status, received_at);
            """),
        // The ETL's staging area for Sodiwin's clients (docs/sync.md, "The staging table"): a batch header, marked
        // complete by the ETL once every row is in, and one row per client with Sodiwin's columns as text.
        (4, """
            CREATE TABLE sodiwin_client_batches (
                batch_id     TEXT PRIMARY KEY,
                loaded_at    {ts} NOT NULL,
                completed_at {ts},
                row_count    INTEGER CHECK (row_count >= 0),
                source       TEXT
            );
            CREATE INDEX ix_sodiwin_client_batches_complete ON sodiwin_client_batches (completed_at, loaded_at);
            CREATE TABLE sodiwin_client_staging (
                batch_id               TEXT NOT NULL REFERENCES sodiwin_client_batches (batch_id) ON DELETE CASCADE,
                row_no                 INTEGER NOT NULL CHECK (row_no >= 1),
                loaded_at              {ts} NOT NULL,
                code_client            TEXT,
                raison_sociale         TEXT,
                categorie              TEXT,
                type_compte            TEXT,
                adresse_1              TEXT,
                adresse_2              TEXT,
                code_postal            TEXT,
                ville                  TEXT,
                pays                   TEXT,
                email                  TEXT,
                telephone              TEXT,
                solde                  TEXT,
                tranche_age            TEXT,
                date_dernier_reglement TEXT,
                exclusivites           TEXT,
                date_fin_contrat       TEXT,
                date_derniere_cde      TEXT,
                montant_derniere_cde   TEXT,
                top_articles           TEXT,
                PRIMARY KEY (batch_id, row_no)
            );
            """),
        // The inbox claims (several processors on one database):
        // the record a delivery is about (filled when first claimed), who holds it and until when.
        (5, """
            ALTER TABLE webhook_inbox ADD COLUMN record_key TEXT;
            ALTER TABLE webhook_inbox ADD COLUMN claimed_by TEXT;
            ALTER TABLE webhook_inbox ADD COLUMN claim_expires_at {ts};
            CREATE INDEX ix_webhook_inbox_record ON webhook_inbox (record_key, received_at);
            """),
    ];

    /// <summary>The newest version this code knows.</summary>
    public static int Latest => All[^1].Version;
}
