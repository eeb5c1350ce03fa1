namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>Where a webhook inbox entry stands. Stored as <c>received</c>, <c>processed</c> or <c>failed</c>.</summary>
public enum WebhookInboxStatus
{
    /// <summary>Committed, not processed yet (<c>received</c>).</summary>
    Received = 1,

    /// <summary>Processed (<c>processed</c>).</summary>
    Processed = 2,

    /// <summary>Processing failed for good (<c>failed</c>).</summary>
    Failed = 3,
}
