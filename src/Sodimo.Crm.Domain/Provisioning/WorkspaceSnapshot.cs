namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>What a Twenty workspace holds that provisioning cares about: its objects with their fields, and its webhooks.</summary>
/// <param name="Objects">Every object the metadata API lists (standard, custom, system).</param>
/// <param name="Webhooks">Every webhook registered in the workspace.</param>
public sealed record WorkspaceSnapshot(IReadOnlyList<ExistingObject> Objects, IReadOnlyList<ExistingWebhook> Webhooks)
{
    /// <summary>The object with the given singular API name (exact), or <see langword="null"/>.</summary>
    /// <param name="nameSingular">E.g. <c>company</c>.</param>
    /// <returns>The object or <see langword="null"/>.</returns>
    public ExistingObject? FindObject(string nameSingular) =>
        Objects.FirstOrDefault(o => string.Equals(o.NameSingular, nameSingular, StringComparison.Ordinal));
}
