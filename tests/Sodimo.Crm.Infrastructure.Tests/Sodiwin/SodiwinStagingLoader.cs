using System.Data.Common;
using System.Text;
using Sodimo.Crm.Infrastructure.Sodiwin;
using Sylvan.Data.Csv;

namespace Sodimo.Crm.Infrastructure.Tests.Sodiwin;

/// <summary>
/// Fills the Sodiwin staging table the way docs/sync.md tells an ETL to: a batch row, the client rows with Sodiwin's
/// cells copied as text (an empty cell as NULL), then <c>completed_at</c> set in a last statement. Plain ADO.NET on a
/// connection to the ledger database, so it works on SQLite and PostgreSQL alike. (Shared with the SyncWorker tests.)
/// </summary>
internal static class SodiwinStagingLoader
{
    /// <summary>A dump's records as raw text cells in the staging table's column order, without any parsing (as an ETL copies them).</summary>
    public static List<string?[]> CellsOf(string csvPath)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var text = new StreamReader(csvPath, Encoding.GetEncoding(1252));
        return CellsOf(text);
    }

    /// <summary>A dump's records (text with a header) as raw cells in the staging table's column order.</summary>
    public static List<string?[]> CellsOf(TextReader text)
    {
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { Delimiter = ';', HasHeaders = true });
        var ordinals = SodiwinStagingSource.ValueColumns.Select(c => csv.GetOrdinal(c.ToUpperInvariant())).ToArray();
        var rows = new List<string?[]>();
        while (csv.Read())
        {
            rows.Add(ordinals.Select(o => csv.GetString(o) is { Length: > 0 } v ? v : null).ToArray());
        }

        return rows;
    }

    /// <summary>Writes a batch: its header row, its rows numbered from 1, then (when <paramref name="complete"/>) marks it complete.</summary>
    /// <param name="connection">An open connection to the ledger database (schema at version 4 or later).</param>
    /// <param name="time">Turns a time into the store's timestamp value.</param>
    /// <param name="batchId">The batch id.</param>
    /// <param name="loadedAt">When the load started.</param>
    /// <param name="rows">The rows' cells in <see cref="SodiwinStagingSource.ValueColumns"/> order.</param>
    /// <param name="complete">Whether to mark the batch complete.</param>
    /// <param name="rowCount">The row_count to record when marking it complete (default: the rows written).</param>
    public static async Task LoadAsync(
        DbConnection connection, Func<DateTimeOffset, object> time, string batchId, DateTimeOffset loadedAt, IReadOnlyList<string?[]> rows,
        bool complete = true, long? rowCount = null)
    {
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO sodiwin_client_batches (batch_id, loaded_at, source) VALUES (@batch, @at, @source)",
                ("@batch", batchId), ("@at", time(loadedAt)), ("@source", "test ETL"));
            var columns = SodiwinStagingSource.ValueColumns;
            var insert = $"INSERT INTO sodiwin_client_staging (batch_id, row_no, loaded_at, {string.Join(", ", columns)}) "
                + $"VALUES (@batch, @row, @at, {string.Join(", ", columns.Select((_, i) => "@v" + i))})";
            for (var r = 0; r < rows.Count; r++)
            {
                var parameters = new List<(string, object?)> { ("@batch", batchId), ("@row", (long)(r + 1)), ("@at", time(loadedAt)) };
                parameters.AddRange(rows[r].Select((v, i) => ("@v" + i, (object?)v)));
                await ExecuteAsync(connection, transaction, insert, [.. parameters]);
            }

            await transaction.CommitAsync();
        }

        if (complete)
        {
            await CompleteAsync(connection, time, batchId, loadedAt.AddMinutes(1), rowCount ?? rows.Count);
        }
    }

    /// <summary>Marks a batch complete (the ETL's last statement).</summary>
    public static Task CompleteAsync(DbConnection connection, Func<DateTimeOffset, object> time, string batchId, DateTimeOffset at, long rowCount) =>
        ExecuteAsync(connection, null,
            "UPDATE sodiwin_client_batches SET completed_at = @at, row_count = @count WHERE batch_id = @batch",
            ("@at", time(at)), ("@count", rowCount), ("@batch", batchId));

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null or string)
            {
                parameter.DbType = System.Data.DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync();
    }
}
