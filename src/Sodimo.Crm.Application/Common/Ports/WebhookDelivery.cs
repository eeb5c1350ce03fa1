namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>A verified webhook delivery, as the endpoint hands it to <see cref="IWebhookInbox.AppendAsync"/>.</summary>
/// <param name="Source">Who sent it, for example <c>twenty</c>.</param>
/// <param name="DeliveryKey">
/// What identifies the delivery across replays, at most 200 characters (for Twenty: the hex SHA-256 of the signed
/// <c>&lt;timestamp&gt;:&lt;body&gt;</c>, since the nonce is not signed).
/// </param>
/// <param name="EventName">The event, for example <c>opportunity.updated</c>, when the body names one.</param>
/// <param name="SignedAt">The sender's signed timestamp.</param>
/// <param name="Body">The raw body as UTF-8 text (JSON).</param>
public sealed record WebhookDelivery(string Source, string DeliveryKey, string? EventName, DateTimeOffset SignedAt, string Body);
