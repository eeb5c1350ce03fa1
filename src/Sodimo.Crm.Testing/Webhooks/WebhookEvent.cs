using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Webhooks;

/// <summary>A record change as the webhook layer sees it.</summary>
/// <param name="ObjectMetadataId">The object's metadata id.</param>
/// <param name="ObjectNameSingular">The object's singular API name (<c>person</c>).</param>
/// <param name="Action"><c>created</c>, <c>updated</c>, <c>deleted</c>, <c>destroyed</c>, <c>restored</c> or <c>upserted</c>.</param>
/// <param name="Before">The record before the change, if any.</param>
/// <param name="After">The record after the change, if any.</param>
/// <param name="UpdatedFields">The changed field names (update events only).</param>
internal sealed record WebhookEvent(
    Guid ObjectMetadataId,
    string ObjectNameSingular,
    string Action,
    JsonObject? Before,
    JsonObject? After,
    IReadOnlyList<string>? UpdatedFields = null)
{
    /// <summary>The event name, <c>&lt;object&gt;.&lt;action&gt;</c>.</summary>
    public string EventName => $"{ObjectNameSingular}.{Action}";
}
