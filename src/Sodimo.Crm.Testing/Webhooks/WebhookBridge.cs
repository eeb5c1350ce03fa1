using Sodimo.Crm.Testing.Core;

namespace Sodimo.Crm.Testing.Webhooks;

/// <summary>
/// Feeds committed record changes to the webhooks: one event per record (a batch create of n records gives n
/// <c>*.created</c> events, as Twenty does), with the record rendered as the API renders it (depth 0).
/// </summary>
internal static class WebhookBridge
{
    public static void Attach(Workspace workspace, EmulatorWebhooks webhooks)
    {
        // Raised under the workspace lock: render the record now, deliver later (Publish only queues).
        workspace.RecordChanged += change =>
        {
            if (webhooks.Registered.Count == 0)
            {
                return;
            }

            var obj = workspace.ObjectById(change.ObjectMetadataId);
            var before = change.Before is null ? null : workspace.Serialize(obj, change.Before, 0);
            var after = change.After is null ? null : workspace.Serialize(obj, change.After, 0);
            var action = change.Action.ToString().ToLowerInvariant();
            webhooks.Publish([new WebhookEvent(change.ObjectMetadataId, change.ObjectNameSingular, action, before, after,
                change.Action == RecordChangeAction.Updated ? change.UpdatedFields : null)]);
        };
    }
}
