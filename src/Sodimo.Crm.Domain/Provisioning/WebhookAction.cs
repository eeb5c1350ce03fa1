namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>What provisioning does with Sodimo's webhook.</summary>
public enum WebhookAction
{
    /// <summary>No webhook is configured: nothing is registered.</summary>
    NotConfigured,

    /// <summary>A webhook with the target URL exists with the right operations and secret.</summary>
    UpToDate,

    /// <summary>No webhook has the target URL: it is created.</summary>
    Create,

    /// <summary>The webhook exists but its operations or secret differ: it is updated in place.</summary>
    Update,
}
