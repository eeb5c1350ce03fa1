using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>
/// Compares Sodimo's schema with what a Twenty workspace holds and says what to create. Pure: no I/O, same input,
/// same plan. The rules: missing custom objects and custom fields are created; missing SELECT options are added
/// after the existing ones, which stay as they are (ids included); nothing is ever deleted or retyped — a field
/// with the wrong type, a deactivated field or object, or a missing standard object or field is drift.
/// </summary>
public static class ProvisioningPlanner
{
    /// <summary>Plans the provisioning of <paramref name="schema"/> into <paramref name="workspace"/>.</summary>
    /// <param name="schema">Sodimo's schema (normally <see cref="SodimoSchema.Current"/>).</param>
    /// <param name="workspace">What the workspace holds now.</param>
    /// <param name="webhook">The webhook to register, or <see langword="null"/> when none is configured.</param>
    /// <returns>The plan.</returns>
    public static ProvisioningPlan Plan(SodimoSchema schema, WorkspaceSnapshot workspace, WebhookSpec? webhook)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(workspace);
        var objects = schema.Objects.Select(o => PlanObject(schema, o, workspace)).ToArray();
        return new ProvisioningPlan { Objects = objects, Webhook = PlanWebhook(webhook, workspace.Webhooks) };
    }

    private static ObjectPlan PlanObject(SodimoSchema schema, SodimoObject obj, WorkspaceSnapshot workspace)
    {
        var existing = workspace.FindObject(obj.NameSingular);
        if (existing is null)
        {
            if (!obj.IsCustom)
            {
                return new ObjectPlan
                {
                    Definition = obj,
                    Action = ObjectAction.Drift,
                    Problem = $"the standard object {obj.NameSingular} is missing from the workspace",
                    Fields = [],
                };
            }

            return new ObjectPlan
            {
                Definition = obj,
                Action = ObjectAction.Create,
                Fields = obj.Fields.Select(f => f.IsStandard
                    ? new FieldPlan { Field = f, Action = FieldAction.ComesWithObject }
                    : PlanNewField(schema, f, workspace)).ToArray(),
            };
        }

        if (!existing.IsActive)
        {
            return new ObjectPlan
            {
                Definition = obj,
                Action = ObjectAction.Drift,
                ExistingId = existing.Id,
                Problem = $"the object {obj.NameSingular} exists but is deactivated; reactivate it in Twenty's settings",
                Fields = [],
            };
        }

        return new ObjectPlan
        {
            Definition = obj,
            Action = ObjectAction.Exists,
            ExistingId = existing.Id,
            Fields = obj.Fields.Select(f => PlanField(schema, f, existing, workspace)).ToArray(),
        };
    }

    private static FieldPlan PlanField(SodimoSchema schema, SodimoField field, ExistingObject obj, WorkspaceSnapshot workspace)
    {
        var existing = obj.FindField(field.TwentyName);
        if (existing is null)
        {
            return field.IsStandard
                ? Drift(field, null, $"{Name(field)}, a standard field, is missing from the workspace")
                : PlanNewField(schema, field, workspace);
        }

        var wanted = field.Type.ToApiName();
        if (!string.Equals(existing.Type, wanted, StringComparison.Ordinal))
        {
            return Drift(field, existing.Id,
                $"{Name(field)} exists as {existing.Type}, Sodimo's schema wants {wanted}; provisioning never deletes or retypes a field");
        }

        if (!existing.IsActive)
        {
            return Drift(field, existing.Id, $"{Name(field)} exists but is deactivated; reactivate it in Twenty's settings");
        }

        if (field.IsUnique && existing.IsUnique == false)
        {
            return Drift(field, existing.Id, $"{Name(field)} exists but is not unique; Sodimo's schema wants it unique");
        }

        if (field.IsStandard || !field.HasOptions)
        {
            return new FieldPlan { Field = field, Action = FieldAction.UpToDate, ExistingId = existing.Id };
        }

        var present = existing.Options.Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        var missing = field.Options.Where(o => !present.Contains(o.Value)).ToArray();
        if (missing.Length == 0)
        {
            return new FieldPlan { Field = field, Action = FieldAction.UpToDate, ExistingId = existing.Id };
        }

        var next = existing.Options.Count == 0 ? 0 : existing.Options.Max(o => o.Position) + 1;
        return new FieldPlan
        {
            Field = field,
            Action = FieldAction.AddOptions,
            ExistingId = existing.Id,
            KeptOptions = existing.Options.OrderBy(o => o.Position).ToArray(),
            AddedOptions = missing.Select((o, i) => o with { Position = next + i }).ToArray(),
        };
    }

    private static FieldPlan PlanNewField(SodimoSchema schema, SodimoField field, WorkspaceSnapshot workspace)
    {
        if (field.Relation is { } relation)
        {
            var target = schema.GetObject(relation.TargetObject);
            var existingTarget = workspace.FindObject(target.NameSingular);
            if (existingTarget?.FindField(relation.InverseTwentyName) is { } clash)
            {
                return Drift(field, null,
                    $"{Name(field)} cannot be created: {target.NameSingular}.{relation.InverseTwentyName} (its inverse) already exists as {clash.Type}");
            }

            if (existingTarget is null && !target.IsCustom)
            {
                return Drift(field, null, $"{Name(field)} cannot be created: its target {target.NameSingular} is missing");
            }
        }

        return new FieldPlan { Field = field, Action = FieldAction.Create, AddedOptions = field.Options };
    }

    private static WebhookPlan PlanWebhook(WebhookSpec? spec, IReadOnlyList<ExistingWebhook> webhooks)
    {
        if (spec is null)
        {
            return new WebhookPlan { Action = WebhookAction.NotConfigured };
        }

        var existing = webhooks.FirstOrDefault(w => SameUrl(w.TargetUrl, spec.TargetUrl));
        if (existing is null)
        {
            return new WebhookPlan { Action = WebhookAction.Create, Spec = spec };
        }

        var changes = new List<string>();
        if (!existing.Operations.ToHashSet(StringComparer.Ordinal).SetEquals(spec.Operations))
        {
            changes.Add("operations");
        }

        // Twenty returns the secret; when it does not, it cannot be compared and is left alone.
        if (existing.Secret is not null && !string.Equals(existing.Secret, spec.Secret, StringComparison.Ordinal))
        {
            changes.Add("secret");
        }

        return new WebhookPlan
        {
            Action = changes.Count == 0 ? WebhookAction.UpToDate : WebhookAction.Update,
            Spec = spec,
            ExistingId = existing.Id,
            Changes = changes,
        };
    }

    private static bool SameUrl(string existing, Uri wanted) =>
        Uri.TryCreate(existing, UriKind.Absolute, out var uri) && Uri.Compare(
            uri, wanted, UriComponents.AbsoluteUri, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static FieldPlan Drift(SodimoField field, string? id, string problem) =>
        new() { Field = field, Action = FieldAction.Drift, ExistingId = id, Problem = problem };

    private static string Name(SodimoField field) =>
        $"{field.ObjectName}.{field.TwentyName}";
}
