using System.Globalization;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.WebhookApi;

/// <summary>
/// Runs the mutation reconciler at start and then every <see cref="SodimoWebhooksOptions.ReconcileInterval"/>, when the host
/// processes the inbox with Twenty configured: the order-number write-backs it sends (and any other CRM write left pending
/// by a crash) are settled without waiting for the sync worker. It takes the same lease as the sync worker's <c>run</c>
/// (<c>mutation-reconcile</c>), so one reconciler works at a time across hosts.
/// </summary>
internal sealed partial class MutationReconcilerService(
    IMutationReconciler reconciler, ILeaseStore leases, TimeProvider time, IOptions<SodimoWebhooksOptions> options, ILogger<MutationReconcilerService> log)
    : BackgroundService
{
    /// <summary>The lease the sync worker's <c>run</c> takes for the same job.</summary>
    public const string LeaseName = "mutation-reconcile";

    private readonly string owner = $"webhook-api/{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (LedgerUnavailableException ex)
            {
                LogFailed(log, ex);
            }

            await Task.Delay(options.Value.ReconcileInterval, time, stoppingToken);
        }
    }

    private async Task RunOnceAsync(CancellationToken stoppingToken)
    {
        if (await leases.TryAcquireAsync(LeaseName, owner, TimeSpan.FromMinutes(10), stoppingToken) is null)
        {
            LogSkipped(log, LeaseName);
            return;
        }

        try
        {
            var report = await reconciler.ReconcileAsync(new ReconcileOptions(), stoppingToken);
            LogReport(log, report.Results.Count, string.Join(", ", report.Counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} {c.Key}"))));
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, owner, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciler: {Count} pending looked at ({Counts})")]
    private static partial void LogReport(ILogger logger, int count, string counts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciler skipped: another reconciler holds the lease {Lease}")]
    private static partial void LogSkipped(ILogger logger, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciler run failed: the ledger is unavailable")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
