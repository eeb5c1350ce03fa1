using System.Data.Common;
using System.Globalization;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Domain.Sodiwin;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>
/// Sodiwin's clients as the ETL lands them in the ledger database (<c>sync --source sql</c>; docs/sync.md, "The staging
/// table"): the rows of the newest <em>complete</em> batch of <c>sodiwin_client_staging</c> (the batch in
/// <c>sodiwin_client_batches</c> with <c>completed_at</c> set and the latest <c>loaded_at</c>). A batch still loading is
/// never read. Cells are text with the CSV's conventions, parsed by the same rules as the dump; a bad row is rejected with
/// its <c>row_no</c> and the same reason.
/// </summary>
public sealed class SodiwinStagingSource : ISodiwinClientSource
{
    /// <summary>The rows table.</summary>
    public const string TableName = "sodiwin_client_staging";

    /// <summary>The batch table (one row per load; <c>completed_at</c> set by the ETL when every row is in).</summary>
    public const string BatchTableName = "sodiwin_client_batches";

    /// <summary>The name of the source in reports: <c>sql:sodiwin_client_staging</c>.</summary>
    public const string SourceName = "sql:" + TableName;

    private static readonly string[] ReasonColumns = SodiwinCsvColumnMap.Named(new SodiwinCsvColumns()).Select(c => c.Column).ToArray();

    // The staging columns are Sodiwin's default CSV column names in lower case (SQL identifiers ignore case), in value order.
    private static readonly string SelectRows =
        "SELECT row_no, " + string.Join(", ", ReasonColumns.Select(c => c.ToLowerInvariant()))
        + $" FROM {TableName} WHERE batch_id = @batch ORDER BY row_no";

    private const string SelectBatch =
        $"SELECT batch_id, row_count FROM {BatchTableName} WHERE completed_at IS NOT NULL ORDER BY loaded_at DESC, batch_id DESC LIMIT 1";

    private readonly LedgerDatabase _database;
    private readonly SodimoSodiwinCsvOptions _options;

    /// <summary>Creates the source over the ledger's database.</summary>
    /// <param name="database">The ledger database (the staging table is ledger migration 4).</param>
    /// <param name="options">The value conventions (<c>DateFormat</c>, <c>ListSeparator</c>) shared with the CSV; defaults when null.</param>
    internal SodiwinStagingSource(LedgerDatabase database, SodimoSodiwinCsvOptions? options = null)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _options = options ?? new SodimoSodiwinCsvOptions();
        _options.Validate();
    }

    /// <summary>The column names of the staging table's Sodiwin values, in value order (<c>code_client</c> … <c>top_articles</c>).</summary>
    public static IReadOnlyList<string> ValueColumns { get; } = ReasonColumns.Select(c => c.ToLowerInvariant()).ToArray();

    /// <inheritdoc />
    public string Name => SourceName;

    /// <inheritdoc />
    public async Task<SodiwinDump> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _database.RunAsync("read the Sodiwin staging table", connection => ReadAsync(connection, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (LedgerUnavailableException ex)
        {
            throw new SodiwinDumpException($"{SourceName}: the staging table cannot be read ({ex.Message}).", ex);
        }
    }

    private async Task<SodiwinDump> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // One transaction: the batch chosen and the rows read come from the same state of the database.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        string batch;
        long? rowCount;
        await using (var command = Sql.Command(connection, transaction, SelectBatch))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new SodiwinDumpException(
                    $"{SourceName}: no complete batch in {BatchTableName} (the ETL marks a batch complete by setting its completed_at); nothing was synced.");
            }

            batch = reader.GetString(0);
            rowCount = reader.IsDBNull(1) ? null : Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        var rowParser = new SodiwinRowParser(_options.DateFormat, _options.ListSeparator, ReasonColumns);
        var clients = new List<SodiwinClient>();
        var errors = new List<SodiwinRowError>();
        var problems = new List<(SodiwinRowErrorKind Kind, string Reason)>();
        var pool = new SodiwinStringPool();
        var values = new string?[ReasonColumns.Length];
        var records = 0;
        await using (var command = Sql.Command(connection, transaction, SelectRows))
        {
            Sql.Add(command, "@batch", batch);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records++;
                var rowNo = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1);
                }

                problems.Clear();
                var client = rowParser.Parse(new ArrayCells(values), rowNo, problems, pool);
                if (problems.Count == 0)
                {
                    clients.Add(client);
                }
                else
                {
                    var code = SodiwinClientCode.Normalize(values[SodiwinCsvColumnMap.ClientCode]);
                    errors.Add(new SodiwinRowError(rowNo, problems[0].Kind, string.Join("; ", problems.Select(p => p.Reason)),
                        string.IsNullOrEmpty(code) ? null : code));
                }
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (rowCount is { } expected && expected != records)
        {
            throw new SodiwinDumpException(
                $"{SourceName}: batch \"{batch}\" is marked complete with row_count {expected} but holds {records} row(s); nothing was synced.");
        }

        return new SodiwinDump
        {
            Source = SourceName,
            Batch = batch,
            RowUnit = "row",
            Clients = clients,
            Errors = errors,
            RecordCount = records,
        };
    }

    /// <summary>A staging row's cells, by value.</summary>
    private readonly struct ArrayCells(string?[] values) : ISodiwinCells
    {
        public ReadOnlySpan<char> this[int field] => values[field];
    }
}
