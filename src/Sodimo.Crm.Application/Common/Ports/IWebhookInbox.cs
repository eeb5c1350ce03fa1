namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>
/// The durable inbox of accepted webhook deliveries: the webhook endpoint commits each verified delivery
/// here before it answers 2xx, and a background processor handles each one once.
/// </summary>
public interface IWebhookInbox
{
    /// <summary>
    /// Commits a verified delivery, unless one with the same <see cref="WebhookDelivery.DeliveryKey"/> is
    /// already stored (a replay), in which case nothing is written.
    /// </summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored entry and whether this call stored it (<see langword="false"/> for a replay).</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be written; do not acknowledge the delivery.</exception>
    /// <exception cref="WebhookInboxFullException">Too many deliveries wait for their commit; nothing was stored.</exception>
    Task<WebhookInboxAppendResult> AppendAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Lists deliveries not yet processed, oldest first.</summary>
    /// <param name="limit">The most entries to return (1 to 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be read.</exception>
    Task<IReadOnlyList<WebhookInboxEntry>> ListReceivedAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Records that a delivery was processed (or failed for good, with the error).</summary>
    /// <param name="entryId">The entry's id.</param>
    /// <param name="failure">Why processing failed for good, or <see langword="null"/> when it succeeded.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the entry was still waiting (and is now marked); <see langword="false"/> when another processor marked it first.</returns>
    /// <exception cref="KeyNotFoundException">No entry has this id.</exception>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<bool> MarkProcessedAsync(Guid entryId, string? failure, CancellationToken cancellationToken = default);
}
