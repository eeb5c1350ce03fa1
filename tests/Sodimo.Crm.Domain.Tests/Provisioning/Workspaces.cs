using Sodimo.Crm.Domain.Provisioning;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Tests.Provisioning;

/// <summary>Workspace snapshots for planner tests, built by hand (not from the planner).</summary>
internal static class Workspaces
{
    private static int _ids;

    public static string NewId() => $"00000000-0000-4000-8000-{Interlocked.Increment(ref _ids):D12}";

    public static ExistingField Field(string name, string type, IReadOnlyList<ExistingOption>? options = null, bool active = true, bool? unique = false) =>
        new(NewId(), name, type, active, unique, options ?? []);

    /// <summary>A new Twenty workspace: the standard objects with their standard fields, no webhook.</summary>
    public static WorkspaceSnapshot Fresh() => new(
    [
        new ExistingObject(NewId(), "company", "companies", false, true,
        [
            Field("id", "UUID"), Field("name", "TEXT"), Field("domainName", "LINKS"), Field("employees", "NUMBER"),
            Field("address", "ADDRESS"), Field("annualRecurringRevenue", "CURRENCY"), Field("createdAt", "DATE_TIME"),
        ]),
        new ExistingObject(NewId(), "person", "people", false, true,
        [
            Field("id", "UUID"), Field("name", "FULL_NAME"), Field("emails", "EMAILS"), Field("phones", "PHONES"),
            Field("jobTitle", "TEXT"),
        ]),
        new ExistingObject(NewId(), "opportunity", "opportunities", false, true,
        [
            Field("id", "UUID"), Field("name", "TEXT"), Field("amount", "CURRENCY"), Field("closeDate", "DATE_TIME"),
            Field("stage", "SELECT",
            [
                new ExistingOption(NewId(), "NEW", "New", "red", 0),
                new ExistingOption(NewId(), "SCREENING", "Screening", "purple", 1),
            ]),
        ]),
        new ExistingObject(NewId(), "workspaceMember", "workspaceMembers", false, true, [Field("id", "UUID")]),
    ], []);

    /// <summary>A workspace holding everything of <paramref name="schema"/>, built field by field from its definition.</summary>
    public static WorkspaceSnapshot Provisioned(SodimoSchema schema, params ExistingWebhook[] webhooks)
    {
        var fresh = Fresh();
        var objects = fresh.Objects.ToList();
        foreach (var obj in schema.Objects)
        {
            var index = objects.FindIndex(o => o.NameSingular == obj.NameSingular);
            var existing = index >= 0
                ? objects[index]
                : new ExistingObject(NewId(), obj.NameSingular, obj.NamePlural, true, true, [Field("id", "UUID"), Field("name", "TEXT")]);
            var fields = existing.Fields.ToList();
            foreach (var f in obj.Fields.Where(f => existing.FindField(f.TwentyName) is null))
            {
                fields.Add(Field(f.TwentyName, f.Type.ToApiName(),
                    f.Options.Select(o => new ExistingOption(NewId(), o.Value, o.Label, o.ColorApiName, o.Position)).ToArray(), unique: f.IsUnique));
            }

            existing = existing with { Fields = fields };
            if (index >= 0)
            {
                objects[index] = existing;
            }
            else
            {
                objects.Add(existing);
            }
        }

        return new WorkspaceSnapshot(objects, webhooks);
    }

    /// <summary>Replaces (or removes, when <paramref name="replacement"/> is null) one field of one object.</summary>
    public static WorkspaceSnapshot With(this WorkspaceSnapshot ws, string obj, string field, ExistingField? replacement) =>
        ws with
        {
            Objects = ws.Objects.Select(o => o.NameSingular != obj ? o : o with
            {
                Fields = replacement is null
                    ? o.Fields.Where(f => f.Name != field).ToArray()
                    : o.Fields.Select(f => f.Name == field ? replacement : f).ToArray(),
            }).ToArray(),
        };
}
