using Sodimo.Crm.Domain.Provisioning;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Infrastructure.Twenty.Metadata;

/// <summary>
/// Gives a Twenty workspace Sodimo's schema: reads the workspace through the metadata API, plans with
/// <see cref="ProvisioningPlanner"/>, and applies the plan — create the objects, the fields, add the missing SELECT
/// options (existing options and their ids kept), register the webhook. Never deletes anything; refuses to apply a
/// plan with drift; a plan without changes sends no mutation, so a second run is a no-op.
/// </summary>
public sealed class WorkspaceProvisioner
{
    private readonly TwentyMetadataClient _client;
    private readonly SodimoSchema _schema;
    private readonly WebhookSpec? _webhook;

    /// <summary>Creates a provisioner.</summary>
    /// <param name="client">The metadata client for the target workspace.</param>
    /// <param name="schema">The schema to provision (normally <see cref="SodimoSchema.Current"/>).</param>
    /// <param name="webhook">The webhook to register, or <see langword="null"/> to leave webhooks alone.</param>
    public WorkspaceProvisioner(TwentyMetadataClient client, SodimoSchema schema, WebhookSpec? webhook)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(schema);
        _client = client;
        _schema = schema;
        _webhook = webhook;
    }

    /// <summary>Reads the workspace and plans; sends no mutation.</summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="TwentyMetadataException">Twenty could not be read.</exception>
    public async Task<ProvisioningPlan> PlanAsync(CancellationToken cancellationToken = default)
    {
        var workspace = await _client.ReadWorkspaceAsync(_webhook is not null, cancellationToken).ConfigureAwait(false);
        return ProvisioningPlanner.Plan(_schema, workspace, _webhook);
    }

    /// <summary>
    /// Applies <paramref name="plan"/> step by step, in order: each object, then its fields, then the webhook.
    /// <paramref name="progress"/> hears of each step as soon as Twenty accepted it, so a failure part-way still
    /// says what was done (running again resumes: the plan then only holds what is left).
    /// </summary>
    /// <param name="plan">A plan from <see cref="PlanAsync"/>, without drift.</param>
    /// <param name="progress">Told of each applied step, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The applied steps, in order (empty when the plan had no change).</returns>
    /// <exception cref="InvalidOperationException">The plan has drift.</exception>
    /// <exception cref="TwentyMetadataException">Twenty refused a step; the steps before it were applied.</exception>
    public async Task<IReadOnlyList<ProvisioningStepApplied>> ApplyAsync(
        ProvisioningPlan plan, Action<ProvisioningStepApplied>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.HasDrift)
        {
            throw new InvalidOperationException("The plan has drift; nothing is applied: " + string.Join(" | ", plan.Drift));
        }

        var applied = new List<ProvisioningStepApplied>();
        void Done(string description, string id)
        {
            var step = new ProvisioningStepApplied(description, id);
            applied.Add(step);
            progress?.Invoke(step);
        }

        var objectIds = plan.Objects.Where(o => o.ExistingId is not null)
            .ToDictionary(o => o.Definition.Name, o => o.ExistingId!, StringComparer.Ordinal);
        foreach (var obj in plan.Objects)
        {
            if (obj.Action == ObjectAction.Create)
            {
                var id = await _client.CreateObjectAsync(obj.Definition, cancellationToken).ConfigureAwait(false);
                objectIds[obj.Definition.Name] = id;
                Done($"created object {obj.Definition.NameSingular}", id);
            }

            foreach (var field in obj.Fields.Where(f => f.IsChange))
            {
                var name = $"{field.Field.ObjectName}.{field.Field.TwentyName}";
                if (field.Action == FieldAction.Create)
                {
                    var targetId = field.Field.Relation is { } r ? objectIds[r.TargetObject] : null;
                    var id = await _client.CreateFieldAsync(objectIds[obj.Definition.Name], field.Field, targetId, obj.Definition.Icon, cancellationToken)
                        .ConfigureAwait(false);
                    Done($"created field {name} ({field.Field.Type.ToApiName()})", id);
                }
                else
                {
                    var options = field.KeptOptions
                        .Concat(field.AddedOptions.Select(o => new ExistingOption(Guid.NewGuid().ToString(), o.Value, o.Label, o.ColorApiName, o.Position)))
                        .ToArray();
                    await _client.UpdateOptionsAsync(field.ExistingId!, options, name, cancellationToken).ConfigureAwait(false);
                    Done($"added options {string.Join(", ", field.AddedOptions.Select(o => o.Value))} to {name}", field.ExistingId!);
                }
            }
        }

        if (plan.Webhook is { Action: WebhookAction.Create, Spec: { } spec })
        {
            var id = await _client.CreateWebhookAsync(spec, cancellationToken).ConfigureAwait(false);
            Done($"registered webhook {spec.TargetUrl}", id);
        }
        else if (plan.Webhook is { Action: WebhookAction.Update, Spec: { } update, ExistingId: { } hookId })
        {
            await _client.UpdateWebhookAsync(hookId, update, cancellationToken).ConfigureAwait(false);
            Done($"updated webhook {update.TargetUrl} ({string.Join(" and ", plan.Webhook.Changes)})", hookId);
        }

        return applied;
    }
}
