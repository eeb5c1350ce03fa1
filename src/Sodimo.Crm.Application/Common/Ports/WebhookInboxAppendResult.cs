namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>The answer of <see cref="IWebhookInbox.AppendAsync"/>.</summary>
/// <param name="Entry">The stored entry (the first one, for a replay).</param>
/// <param name="Stored">Whether this call stored it; <see langword="false"/> when it was a replay.</param>
public sealed record WebhookInboxAppendResult(WebhookInboxEntry Entry, bool Stored);
