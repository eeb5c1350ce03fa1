using Microsoft.Extensions.Options;
using Npgsql;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>Checks <see cref="SodimoLedgerOptions"/> at start, with messages that name the setting to fix.</summary>
internal sealed class SodimoLedgerOptionsValidator : IValidateOptions<SodimoLedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, SodimoLedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.BusyTimeout < TimeSpan.FromMilliseconds(100) || options.BusyTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{SodimoLedgerOptions.SectionName}:BusyTimeout must be between 00:00:00.1 and 00:05:00 (got {options.BusyTimeout}).");
        }

        switch (options.Provider)
        {
            case LedgerProvider.Sqlite:
                ValidateSqlite(options.SqlitePath, errors);
                break;
            case LedgerProvider.Postgres:
                ValidatePostgres(options.PostgresConnectionString, errors);
                break;
            default:
                errors.Add($"{SodimoLedgerOptions.SectionName}:Provider must be Sqlite or Postgres (got {(int)options.Provider}).");
                break;
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSqlite(string? path, List<string> errors)
    {
        const string Key = SodimoLedgerOptions.SectionName + ":SqlitePath";
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{Key} is required when the provider is Sqlite (a file path, for example sodimo-ledger.db).");
            return;
        }

        if (path.Trim() == ":memory:" || path.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Key} must be a file: an in-memory database is not durable.");
            return;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add($"{Key} '{path}' is not a valid path: {ex.Message}");
            return;
        }

        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            errors.Add($"{Key} '{path}': the directory '{directory}' does not exist.");
        }
        else if (Directory.Exists(full))
        {
            errors.Add($"{Key} '{path}' is a directory, not a file.");
        }
    }

    private static void ValidatePostgres(string? connectionString, List<string> errors)
    {
        const string Key = SodimoLedgerOptions.SectionName + ":PostgresConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            errors.Add($"{Key} is required when the provider is Postgres (for example Host=db;Database=sodimo;Username=sodimo).");
            return;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                errors.Add($"{Key} names no Host.");
            }
        }
        catch (ArgumentException ex)
        {
            // The message of a bad connection string may quote it; do not repeat the string (it may hold a password).
            errors.Add($"{Key} is not a valid Npgsql connection string: {ex.GetType().Name}.");
        }
    }
}
