namespace Sodimo.Crm.Testing.Webhooks;

/// <summary>One outgoing webhook call, as attempted by the emulator (one attempt, no retry).</summary>
/// <param name="WebhookId">The webhook that fired.</param>
/// <param name="EventName">The event, e.g. <c>person.created</c>.</param>
/// <param name="Url">The target URL.</param>
/// <param name="Headers">The request headers sent (Content-Type and, when signed, the X-Twenty-Webhook-* headers).</param>
/// <param name="Body">The exact request body.</param>
/// <param name="StatusCode">The HTTP status received, or null when the call failed.</param>
/// <param name="Error">Why the call failed (timeout, connection refused...), or null.</param>
public sealed record WebhookDelivery(
    Guid WebhookId,
    string EventName,
    string Url,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int? StatusCode,
    string? Error)
{
    /// <summary>Whether the target answered 2xx.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
