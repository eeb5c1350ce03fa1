using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Webhooks;

namespace Sodimo.Crm.WebhookApi;

/// <summary>
/// Drains the webhook inbox: claims a few deliveries at a time (one owner per delivery across every host on the
/// ledger's database, only the oldest waiting delivery of each record, so per record in arrival order), processes them
/// one by one while renewing the claims, and marks each processed only after its ledger rows are written. A host that
/// dies leaves its claims to expire (<see cref="SodimoWebhooksOptions.ClaimDuration"/>); another host (or this one
/// restarted) takes them over, and the ledger's idempotency keys make that second pass have no second effect.
/// </summary>
internal sealed partial class InboxProcessorService(
    IWebhookInbox inbox, TwentyEventProcessor processor, IOptions<SodimoWebhooksOptions> options, ILogger<InboxProcessorService> log) : BackgroundService
{
    private const int BatchSize = 10;

    /// <summary>This process's claim owner: host name, process id and a random part (a restarted process is a new owner).</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await inbox.ReleaseClaimsAsync(Owner, cancellationToken);
        }
        catch (LedgerUnavailableException ex)
        {
            LogUnavailable(log, ex); // the claims expire on their own
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var claimTime = options.Value.ClaimDuration;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<WebhookInboxEntry> batch;
            try
            {
                batch = await inbox.ClaimAsync(Owner, BatchSize, claimTime, stoppingToken);
            }
            catch (LedgerUnavailableException ex)
            {
                LogUnavailable(log, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            if (batch.Count == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken);
                continue;
            }

            var waiting = new HashSet<Guid>(batch.Select(e => e.Id));
            using var batchDone = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewal = RenewAsync(waiting, claimTime, batchDone.Token);
            try
            {
                foreach (var entry in batch)
                {
                    if (!await ProcessOneAsync(entry, stoppingToken))
                    {
                        break; // the ledger is unavailable: the rest stay claimed, and are taken again on the next round
                    }

                    lock (waiting)
                    {
                        waiting.Remove(entry.Id);
                    }
                }
            }
            finally
            {
                await batchDone.CancelAsync();
                await renewal;
            }
        }
    }

    private async Task<bool> ProcessOneAsync(WebhookInboxEntry entry, CancellationToken stoppingToken)
    {
        string? failure = null;
        try
        {
            var previous = await inbox.FindPreviousAsync(entry.Id, stoppingToken);
            LogProcessed(log, entry.Id, await processor.ProcessAsync(entry, previous, stoppingToken));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException)
        {
            failure = ex.Message;
        }
        catch (LedgerUnavailableException ex)
        {
            LogUnavailable(log, ex);
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            return false;
        }

        try
        {
            if (!await inbox.CompleteClaimAsync(entry.Id, Owner, failure, stoppingToken))
            {
                LogClaimLost(log, entry.Id); // it took longer than the claim: another processor holds it; the ledger keys keep its effects single
            }
        }
        catch (LedgerUnavailableException ex)
        {
            LogUnavailable(log, ex);
            return false;
        }

        return true;
    }

    private async Task RenewAsync(HashSet<Guid> waiting, TimeSpan claimTime, CancellationToken batchDone)
    {
        using var timer = new PeriodicTimer(claimTime / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(batchDone))
            {
                Guid[] ids;
                lock (waiting)
                {
                    ids = [.. waiting];
                }

                try
                {
                    await inbox.RenewClaimsAsync(Owner, ids, claimTime, batchDone);
                }
                catch (LedgerUnavailableException ex)
                {
                    LogUnavailable(log, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the batch is done
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Id}: {Outcome}")]
    private static partial void LogProcessed(ILogger logger, Guid id, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook inbox processing paused: the ledger is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Id}: the claim expired before it was marked processed; another processor has it")]
    private static partial void LogClaimLost(ILogger logger, Guid id);
}
