namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>A delivery stored in the <see cref="IWebhookInbox"/>.</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="Delivery">The delivery as it was accepted.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ReceivedAt">When it was committed.</param>
/// <param name="ProcessedAt">When it was processed, or <see langword="null"/>.</param>
/// <param name="Error">Why processing failed for good, or <see langword="null"/>.</param>
public sealed record WebhookInboxEntry(
    Guid Id,
    WebhookDelivery Delivery,
    WebhookInboxStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ProcessedAt,
    string? Error);
