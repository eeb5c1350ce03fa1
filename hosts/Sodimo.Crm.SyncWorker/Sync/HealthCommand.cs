using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Infrastructure;
using Sodimo.Crm.SyncWorker.Cli;

namespace Sodimo.Crm.SyncWorker.Sync;

/// <summary>
/// <c>health [--dry-run]</c>: recomputes each open deal's health from its pipeline, stage and time in stage, and writes
/// only the deals whose health changed (docs/sync.md). Exit codes as <c>sync</c>: 0 all good, 2 some writes refused, 1 failed.
/// </summary>
internal sealed class HealthCommand : IWorkerCommand
{
    private const string Prefix = "health: ";

    /// <summary>Hook for tests: adjusts the services (the Twenty HTTP handler, the clock).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <inheritdoc />
    public string Name => "health";

    /// <inheritdoc />
    public string Usage =>
        "health [--dry-run]      Recompute deal health (green/yellow/red) from time in stage; write only the deals that changed.";

    /// <inheritdoc />
    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dryRun = false;
        foreach (var arg in args)
        {
            if (arg != "--dry-run")
            {
                await context.Error.WriteLineAsync($"{Prefix}unknown option \"{arg}\"; usage: health [--dry-run]").ConfigureAwait(false);
                return SyncCommand.ExitFailed;
            }

            dryRun = true;
        }

        var services = new ServiceCollection();
        services.AddSodimoCrmInfrastructure(context.Configuration);
        ConfigureServices?.Invoke(services);
        await using var provider = services.BuildServiceProvider();
        var time = provider.GetRequiredService<TimeProvider>();
        DealHealthJob job;
        try
        {
            job = new DealHealthJob(
                provider.GetRequiredService<ITwentyDeals>(),
                provider.GetRequiredService<IRunLedger>(),
                provider.GetRequiredService<ILeaseStore>(),
                time);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await context.Error.WriteLineAsync($"{Prefix}bad configuration: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return SyncCommand.ExitFailed;
        }

        var runId = $"health-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var report = await job.RunAsync(new RunContext(runId, Actor.Workflow, "deal-health"), dryRun, cancellationToken).ConfigureAwait(false);
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"Deal health {runId}{(dryRun ? " (dry run: nothing written)" : string.Empty)} at {report.EvaluatedAt:u}\n");
        s.Append(CultureInfo.InvariantCulture,
            $"  deals    {report.DealsRead} read, {report.Evaluated} evaluated, {report.Skipped} skipped, {report.Changes.Count} changed, {report.Written} written\n");
        s.Append(CultureInfo.InvariantCulture, $"  calls    {report.ReadCalls} read + {report.WriteCalls} write\n");
        foreach (var c in report.Changes.Take(15))
        {
            s.Append(CultureInfo.InvariantCulture,
                $"  ~ {c.Name ?? c.DealId.ToString()}: {c.Pipeline} / {c.Stage}, {c.TimeInStage.TotalDays:0.0} d in stage: {c.Old?.ToString() ?? "∅"} → {c.New}\n");
        }

        foreach (var r in report.Refused)
        {
            s.Append(CultureInfo.InvariantCulture, $"  ! {r}\n");
        }

        if (report.Error is not null)
        {
            s.Append(CultureInfo.InvariantCulture, $"  error    {report.Error}\n");
        }

        var exit = SyncCommand.ExitCodeOf(report.Outcome);
        s.Append(CultureInfo.InvariantCulture, $"  outcome  exit {exit}\n");
        await context.Out.WriteAsync(s.ToString()).ConfigureAwait(false);
        return exit;
    }
}
