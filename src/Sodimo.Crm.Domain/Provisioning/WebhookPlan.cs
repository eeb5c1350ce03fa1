namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>The plan for Sodimo's webhook.</summary>
public sealed record WebhookPlan
{
    /// <summary>What provisioning does with it.</summary>
    public required WebhookAction Action { get; init; }

    /// <summary>The webhook Sodimo wants, or <see langword="null"/> when none is configured.</summary>
    public WebhookSpec? Spec { get; init; }

    /// <summary>The id of the webhook in Twenty with the same target URL, if any.</summary>
    public string? ExistingId { get; init; }

    /// <summary>For <see cref="WebhookAction.Update"/>: what differs (<c>operations</c>, <c>secret</c>).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>Whether applying the plan sends a mutation for the webhook.</summary>
    public bool IsChange => Action is WebhookAction.Create or WebhookAction.Update;
}
