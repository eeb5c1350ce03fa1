namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>The webhook Sodimo wants registered in Twenty (from configuration).</summary>
/// <param name="TargetUrl">Where Twenty must post events (Sodimo's webhook API, <c>…/webhooks/twenty</c>).</param>
/// <param name="Operations">The operations to receive (<c>opportunity.updated</c>, …), compared as a set.</param>
/// <param name="Secret">The signing secret Twenty uses for <c>X-Twenty-Webhook-Signature</c>; never printed.</param>
/// <param name="Description">The description shown in Twenty's settings.</param>
public sealed record WebhookSpec(Uri TargetUrl, IReadOnlyList<string> Operations, string Secret, string Description)
{
    /// <summary>The operations registered when configuration names none: deal creations and changes.</summary>
    public static IReadOnlyList<string> DefaultOperations { get; } = ["opportunity.created", "opportunity.updated"];

    /// <summary>The description registered when configuration gives none.</summary>
    public const string DefaultDescription = "Sodimo.Crm: deal changes to the Sodimo worker";

    /// <inheritdoc />
    public override string ToString() => $"{TargetUrl} ({string.Join(", ", Operations)})";
}
