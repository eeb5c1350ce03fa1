using Sodimo.Crm.Testing.Core;

namespace Sodimo.Crm.Testing.Webhooks;

/// <summary>
/// Feeds committed record changes to the webhooks: one event per record (a batch create of n records gives n
/// <c>*.created</c> events, as Twenty does), with the record rendered as the API renders it (depth 0).
/// Events raised during one workspace operation are published as one batch, so the fan-out is webhooks outer,
/// events inner (PEER-CASES [webhook] fan-out). The bridge listens to the workspace only while at least one webhook
/// is registered, so record events are not built for nothing.
/// </summary>
internal static class WebhookBridge
{
    public static void Attach(Workspace workspace, EmulatorWebhooks webhooks)
    {
        var pending = new List<WebhookEvent>();
        var scheduled = false;

        var attached = false;

        // Raised under the workspace lock: render the record now, publish once the operation has released the lock.
        void OnChange(RecordChange change)
        {
            if (webhooks.Registered.Count == 0)
            {
                return;
            }

            var obj = workspace.ObjectById(change.ObjectMetadataId);
            var before = change.Before is null ? null : workspace.Serialize(obj, change.Before, 0);
            var after = change.After is null ? null : workspace.Serialize(obj, change.After, 0);
            var action = change.Action.ToString().ToLowerInvariant();
            pending.Add(new WebhookEvent(change.ObjectMetadataId, change.ObjectNameSingular, action, before, after,
                change.Action == RecordChangeAction.Updated ? change.UpdatedFields : null));
            if (scheduled)
            {
                return;
            }

            scheduled = true;
            webhooks.Defer(() =>
            {
                List<WebhookEvent> batch;
                lock (workspace.SyncRoot)
                {
                    batch = [.. pending];
                    pending.Clear();
                    scheduled = false;
                }

                webhooks.Publish(batch);
            });
        }

        void Sync()
        {
            lock (workspace.SyncRoot)
            {
                var wanted = webhooks.Registered.Count > 0;
                if (wanted && !attached)
                {
                    workspace.RecordChanged += OnChange;
                }
                else if (!wanted && attached)
                {
                    workspace.RecordChanged -= OnChange;
                }

                attached = wanted;
            }
        }

        webhooks.RegistrationsChanged += Sync;
        Sync();
    }
}
