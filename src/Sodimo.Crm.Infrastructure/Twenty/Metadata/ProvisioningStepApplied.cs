namespace Sodimo.Crm.Infrastructure.Twenty.Metadata;

/// <summary>One mutation provisioning sent and Twenty accepted.</summary>
/// <param name="Description">What was done, one line (<c>created field Company.clientCode</c>).</param>
/// <param name="Id">The id of what was created or changed.</param>
public sealed record ProvisioningStepApplied(string Description, string Id);
