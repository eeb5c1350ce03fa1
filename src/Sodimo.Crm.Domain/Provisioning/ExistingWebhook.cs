namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>A webhook registered in the Twenty workspace.</summary>
/// <param name="Id">Twenty's webhook id.</param>
/// <param name="TargetUrl">Where Twenty posts events.</param>
/// <param name="Operations">The operations it fires on (<c>opportunity.updated</c>, <c>*.*</c>).</param>
/// <param name="Description">Its description, if any.</param>
/// <param name="Secret">Its signing secret when Twenty returned it; <see langword="null"/> when unknown.</param>
public sealed record ExistingWebhook(
    string Id, string TargetUrl, IReadOnlyList<string> Operations, string? Description, string? Secret);
