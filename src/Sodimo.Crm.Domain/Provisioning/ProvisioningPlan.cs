using System.Globalization;
using System.Text;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>
/// What provisioning would do to a Twenty workspace to give it Sodimo's schema: object by object, field by field,
/// then the webhook. Made by <see cref="ProvisioningPlanner"/>; applying it only ever creates objects and fields,
/// adds select options and creates or updates the webhook. Nothing is deleted.
/// </summary>
public sealed record ProvisioningPlan
{
    /// <summary>The plan of each object, in provisioning order (relation targets first).</summary>
    public required IReadOnlyList<ObjectPlan> Objects { get; init; }

    /// <summary>The plan for the webhook.</summary>
    public required WebhookPlan Webhook { get; init; }

    /// <summary>Every drift found, one sentence each (<c>Company.clientCode exists as NUMBER …</c>).</summary>
    public IReadOnlyList<string> Drift =>
    [
        .. Objects.Where(o => o.Action == ObjectAction.Drift).Select(o => o.Problem!),
        .. Objects.SelectMany(o => o.Fields).Where(f => f.Action == FieldAction.Drift).Select(f => f.Problem!),
    ];

    /// <summary>Whether the workspace differs from the schema in a way provisioning will not repair.</summary>
    public bool HasDrift => Drift.Count > 0;

    /// <summary>How many mutations applying the plan sends (objects, fields, option updates, webhook).</summary>
    public int ChangeCount =>
        Objects.Count(o => o.Action == ObjectAction.Create)
        + Objects.SelectMany(o => o.Fields).Count(f => f.IsChange)
        + (Webhook.IsChange ? 1 : 0);

    /// <summary>Whether applying the plan would change anything.</summary>
    public bool HasChanges => ChangeCount > 0;

    /// <summary>
    /// The plan as text, one line per object and per field, marked <c>+</c> create, <c>~</c> change, <c>=</c> up to
    /// date, <c>.</c> created by Twenty with its object, <c>!</c> drift. The webhook secret is never printed.
    /// </summary>
    /// <returns>The plan, ending with a newline.</returns>
    public string Render()
    {
        var sb = new StringBuilder();
        var summary = HasDrift
            ? $"{Plural(Drift.Count, "drift")} found; fix {(Drift.Count == 1 ? "it" : "them")} in Twenty by hand (provisioning never deletes or retypes a field)"
            : "no drift";
        sb.Append(CultureInfo.InvariantCulture, $"Sodimo schema provisioning plan: {Plural(ChangeCount, "change")}, {summary}.\n");
        foreach (var obj in Objects)
        {
            sb.Append('\n');
            var o = obj.Definition;
            var kind = o.IsCustom ? "custom object" : "standard object";
            var what = obj.Action switch
            {
                ObjectAction.Create => $"+ create object {o.NameSingular} / {o.NamePlural} (\"{o.LabelSingular}\" / \"{o.LabelPlural}\")",
                ObjectAction.Drift => "! DRIFT: " + obj.Problem,
                _ => "exists",
            };
            sb.Append(CultureInfo.InvariantCulture, $"{o.Name} ({o.NameSingular}), {kind}: {what}\n");
            foreach (var field in obj.Fields)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {Line(field)}\n");
            }
        }

        sb.Append('\n').Append(WebhookLine(Webhook)).Append('\n');
        return sb.ToString();
    }

    private static string Line(FieldPlan plan)
    {
        var f = plan.Field;
        var head = $"{f.TwentyName,-24} {f.Type.ToApiName(),-12}";
        return plan.Action switch
        {
            FieldAction.Create => $"+ {head} create{CreateDetails(plan)}",
            FieldAction.AddOptions =>
                $"~ {head} add options {Values(plan.AddedOptions.Select(o => o.Value))} (keeps {Values(plan.KeptOptions.Select(o => o.Value))})",
            FieldAction.Drift => $"! {head} DRIFT: {plan.Problem}",
            FieldAction.ComesWithObject => $". {head} created by Twenty with the object",
            _ => $"= {head} up to date" + (f.IsStandard ? " (standard)" : string.Empty),
        };
    }

    private static string CreateDetails(FieldPlan plan)
    {
        var f = plan.Field;
        var parts = new List<string>();
        if (f.IsUnique)
        {
            parts.Add("unique");
        }

        if (f.Relation is { } r)
        {
            parts.Add($"many-to-one to {r.TargetObject}, inverse {r.InverseTwentyName}");
        }

        if (plan.AddedOptions.Count > 0)
        {
            parts.Add("options " + Values(plan.AddedOptions.Select(o => $"{o.Value}:{o.ColorApiName}")));
        }

        return parts.Count == 0 ? string.Empty : " (" + string.Join("; ", parts) + ")";
    }

    private static string WebhookLine(WebhookPlan plan) => plan.Action switch
    {
        WebhookAction.NotConfigured => "Webhook: not configured (Sodimo:Webhook:TargetUrl), nothing registered",
        WebhookAction.Create => $"Webhook {plan.Spec!.TargetUrl}: + create (operations {Values(plan.Spec.Operations)}, secret from configuration)",
        WebhookAction.Update => $"Webhook {plan.Spec!.TargetUrl}: ~ update {string.Join(" and ", plan.Changes)} (operations {Values(plan.Spec.Operations)})",
        _ => $"Webhook {plan.Spec!.TargetUrl}: = up to date (operations {Values(plan.Spec.Operations)})",
    };

    private static string Values(IEnumerable<string> values) => string.Join(", ", values);

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
