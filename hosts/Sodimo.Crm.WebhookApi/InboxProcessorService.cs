using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Webhooks;

namespace Sodimo.Crm.WebhookApi;

/// <summary>
/// Drains the webhook inbox in arrival order, one delivery at a time (so per record in order), marking each
/// processed only after its ledger rows are written; after a restart the unmarked ones are taken again, and
/// the ledger's idempotency keys make that second pass have no second effect.
/// </summary>
internal sealed partial class InboxProcessorService(
    IWebhookInbox inbox, TwentyEventProcessor processor, ILogger<InboxProcessorService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<WebhookInboxEntry> batch;
            try
            {
                batch = await inbox.ListReceivedAsync(100, stoppingToken);
            }
            catch (LedgerUnavailableException ex)
            {
                LogUnavailable(log, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            foreach (var entry in batch)
            {
                string? failure = null;
                try
                {
                    LogProcessed(log, entry.Id, await processor.ProcessAsync(entry, stoppingToken));
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException)
                {
                    failure = ex.Message;
                }
                catch (LedgerUnavailableException ex)
                {
                    LogUnavailable(log, ex);
                    break; // left unmarked: taken again on the next round
                }

                await inbox.MarkProcessedAsync(entry.Id, failure, stoppingToken);
            }

            if (batch.Count == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Id}: {Outcome}")]
    private static partial void LogProcessed(ILogger logger, Guid id, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook inbox processing paused: the ledger is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
