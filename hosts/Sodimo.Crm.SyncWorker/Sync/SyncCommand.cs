using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Infrastructure;
using Sodimo.Crm.Infrastructure.Sodiwin;
using Sodimo.Crm.SyncWorker.Cli;

namespace Sodimo.Crm.SyncWorker.Sync;

/// <summary>
/// <c>sync --source csv:PATH|sql [--dry-run] [--report PATH]</c>: brings Sodiwin's clients into Twenty (docs/sync.md), from a
/// dump file or from the newest complete batch of the ETL's staging table.
/// Prints a one-screen summary on stdout, writes the full JSON report, shows progress on stderr (a live line on a
/// terminal, plain lines otherwise). Exit codes: 0 all good, 2 done with rejected rows, 1 failed (nothing or only
/// part written; the next run converges).
/// </summary>
internal sealed class SyncCommand : IWorkerCommand
{
    /// <summary>All rows synced (or, with <c>--dry-run</c>, planned).</summary>
    public const int ExitOk = 0;

    /// <summary>The run failed, or the command line or configuration is wrong.</summary>
    public const int ExitFailed = 1;

    /// <summary>The run finished, with rejected rows (listed in the summary and the report).</summary>
    public const int ExitRejectedRows = 2;

    private const string Prefix = "sync: ";

    /// <summary>Hook for tests: adjusts the services (e.g. points the Twenty HTTP client at an emulator).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Whether stderr is a terminal (live progress line); plain progress lines otherwise.</summary>
    public bool Interactive { get; init; } = !Console.IsErrorRedirected;

    /// <inheritdoc />
    public string Name => "sync";

    /// <inheritdoc />
    public string Usage =>
        "sync --source csv:PATH|sql [--dry-run] [--report PATH]\n"
        + "                        Bring Sodiwin's clients (a dump file, or the newest complete staging batch) into Twenty (Sodiwin-owned fields only, batched, through the ledger).\n"
        + "                        --dry-run prints the plan (creates, updates old → new, unchanged, rejected) and writes nothing.\n"
        + "                        Exit codes: 0 all good, 2 done with rejected rows, 1 failed.";

    /// <summary>The exit code of an outcome.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>0, 2 or 1.</returns>
    public static int ExitCodeOf(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.Succeeded => ExitOk,
        SyncOutcome.CompletedWithRejections => ExitRejectedRows,
        _ => ExitFailed,
    };

    /// <inheritdoc />
    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TryParse(args, out var source, out var dryRun, out var reportPath, out var usageError))
        {
            await context.Error.WriteLineAsync(Prefix + usageError).ConfigureAwait(false);
            return ExitFailed;
        }

        var isSql = source == "sql";
        if (!isSql && (!source.StartsWith("csv:", StringComparison.Ordinal) || source.Length == 4))
        {
            await context.Error.WriteLineAsync(
                $"{Prefix}unsupported source \"{source}\"; use csv:PATH (a dump file) or sql (the ETL's staging table in the ledger database).").ConfigureAwait(false);
            return ExitFailed;
        }

        var services = new ServiceCollection();
        services.AddSodimoCrmInfrastructure(context.Configuration);
        services.AddOptions<SodimoSodiwinCsvOptions>().Bind(context.Configuration.GetSection(SodimoSodiwinCsvOptions.SectionName));
        services.AddOptions<SodiwinSyncOptions>().Bind(context.Configuration.GetSection(SodiwinSyncOptions.SectionName));
        ConfigureServices?.Invoke(services);
        await using var provider = services.BuildServiceProvider();

        SodiwinSyncEngine engine;
        ISodiwinClientSource dump;
        try
        {
            dump = isSql
                ? provider.GetRequiredService<SodiwinStagingSource>()
                : new SodiwinCsvSource(source[4..], provider.GetRequiredService<IOptions<SodimoSodiwinCsvOptions>>().Value);
            engine = new SodiwinSyncEngine(
                provider.GetRequiredService<ITwentyCompanies>(),
                provider.GetRequiredService<IRunLedger>(),
                provider.GetRequiredService<ILeaseStore>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<IOptions<SodiwinSyncOptions>>().Value);
        }
        catch (Exception ex) when (ex is ArgumentException or OptionsValidationException or InvalidOperationException)
        {
            await context.Error.WriteLineAsync($"{Prefix}bad configuration: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitFailed;
        }

        var time = provider.GetRequiredService<TimeProvider>();
        var runId = $"sync-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var progress = new ProgressPrinter(context.Error, Interactive);
        var report = await engine.RunAsync(dump, new RunContext(runId, Actor.Sync, "nightly-sync"), dryRun, progress, cancellationToken)
            .ConfigureAwait(false);
        progress.Finish();

        reportPath ??= Path.Combine(Environment.CurrentDirectory, $"{runId}.json");
        string? written = reportPath;
        try
        {
            await File.WriteAllTextAsync(reportPath, SyncReportWriter.ToJson(report), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            written = null;
            await context.Error.WriteLineAsync($"{Prefix}could not write the report to {reportPath}: {ex.Message}").ConfigureAwait(false);
        }

        await context.Out.WriteAsync(SyncReportWriter.Summary(report, written)).ConfigureAwait(false);
        return ExitCodeOf(report.Outcome);
    }

    private static bool TryParse(IReadOnlyList<string> args, out string source, out bool dryRun, out string? reportPath, out string error)
    {
        source = string.Empty;
        dryRun = false;
        reportPath = null;
        error = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--source" when i + 1 < args.Count:
                    source = args[++i];
                    break;
                case "--report" when i + 1 < args.Count:
                    reportPath = args[++i];
                    break;
                default:
                    error = $"unknown or incomplete option \"{args[i]}\"; usage: sync --source csv:PATH|sql [--dry-run] [--report PATH]";
                    return false;
            }
        }

        if (source.Length == 0)
        {
            error = "--source is required; usage: sync --source csv:PATH|sql [--dry-run] [--report PATH]";
            return false;
        }

        return true;
    }

    /// <summary>Progress on stderr: one line rewritten in place on a terminal, a line per step otherwise.</summary>
    private sealed class ProgressPrinter(TextWriter error, bool interactive) : IProgress<SyncProgress>
    {
        private bool _dirty;

        public void Report(SyncProgress value)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{value.Phase,-6} {value.Done}/{value.Total}");
            if (interactive)
            {
                error.Write("\r" + line.PadRight(40));
                _dirty = true;
            }
            else
            {
                error.WriteLine("sync progress: " + line);
            }
        }

        public void Finish()
        {
            if (_dirty)
            {
                error.WriteLine();
            }
        }
    }
}
