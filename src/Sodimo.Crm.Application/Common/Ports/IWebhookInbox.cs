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

    /// <summary>
    /// Claims up to <paramref name="limit"/> deliveries for <paramref name="owner"/> until <paramref name="duration"/> from now,
    /// oldest first, atomically: a delivery is claimed by one owner at a time, so several processors on one database never
    /// take the same one. Only the oldest unfinished delivery of each record can be claimed: a record's later delivery waits
    /// while an earlier one is waiting or claimed, so each record's deliveries are processed in arrival order. A claim
    /// whose time has passed (its owner crashed) can be taken by anyone; the owner's own claims are returned again.
    /// </summary>
    /// <param name="owner">Who claims: unique per running processor (host and process).</param>
    /// <param name="limit">The most deliveries to claim (1 to 1000).</param>
    /// <param name="duration">How long the claim holds unless renewed (1 second to 1 hour).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed deliveries, oldest first.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<IReadOnlyList<WebhookInboxEntry>> ClaimAsync(string owner, int limit, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Extends the owner's claims on these deliveries to <paramref name="duration"/> from now.</summary>
    /// <param name="owner">The claim's owner.</param>
    /// <param name="entryIds">The deliveries.</param>
    /// <param name="duration">The new claim time from now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many claims were still the owner's and are extended.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<int> RenewClaimsAsync(string owner, IReadOnlyCollection<Guid> entryIds, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that a claimed delivery was processed (or failed for good, with the error), if the claim is still the owner's.
    /// </summary>
    /// <param name="entryId">The entry's id.</param>
    /// <param name="owner">The claim's owner.</param>
    /// <param name="failure">Why processing failed for good, or <see langword="null"/> when it succeeded.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether it is now marked; <see langword="false"/> when the claim expired and another owner holds it, or it is already marked.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<bool> CompleteClaimAsync(Guid entryId, string owner, string? failure, CancellationToken cancellationToken = default);

    /// <summary>Gives up every claim of the owner on deliveries not yet processed (at shutdown), so others take them at once.</summary>
    /// <param name="owner">The claims' owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many claims were released.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<int> ReleaseClaimsAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest processed delivery about the same record as this one that arrived before it: its record (the state after
    /// that change) is the state before this one, since Twenty's payload carries no before image.
    /// </summary>
    /// <param name="entryId">The entry's id (claimed at least once, so its record is known).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The previous delivery, or <see langword="null"/> when none is known.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be read.</exception>
    Task<WebhookInboxEntry?> FindPreviousAsync(Guid entryId, CancellationToken cancellationToken = default);
}
