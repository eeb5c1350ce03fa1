using System.Text.Json.Nodes;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.SyncWorker.Tests.Provisioning;

/// <summary>Answers of a scripted metadata endpoint: a fresh workspace (standard objects only) and tweaks of it.</summary>
internal static class FakeWorkspaceJson
{
    public static JsonObject Field(string name, string type, bool isActive = true) =>
        new() { ["id"] = Guid.NewGuid().ToString(), ["name"] = name, ["type"] = type, ["isActive"] = isActive, ["isUnique"] = false, ["options"] = null };

    public static JsonObject Object(string singular, string plural, params JsonObject[] fields) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["nameSingular"] = singular,
        ["namePlural"] = plural,
        ["isCustom"] = false,
        ["isActive"] = true,
        ["fields"] = new JsonObject { ["edges"] = new JsonArray(fields.Select(f => (JsonNode)new JsonObject { ["node"] = f }).ToArray()) },
    };

    public static JsonObject Fresh(params JsonObject[] extraCompanyFields) => new()
    {
        ["objects"] = new JsonObject
        {
            ["edges"] = new JsonArray(new[]
            {
                Object("company", "companies", [Field("id", "UUID"), Field("name", "TEXT"), Field("address", "ADDRESS"), .. extraCompanyFields]),
                Object("person", "people", Field("id", "UUID"), Field("name", "FULL_NAME"), Field("emails", "EMAILS"), Field("phones", "PHONES")),
                Object("opportunity", "opportunities", Field("id", "UUID"), Field("name", "TEXT"), Field("amount", "CURRENCY"),
                    Field("closeDate", "DATE_TIME"), Field("stage", "SELECT")),
            }.Select(o => (JsonNode)new JsonObject { ["node"] = o }).ToArray()),
        },
    };

    /// <summary>A workspace already holding every object and field of the schema (options with fresh ids).</summary>
    public static JsonObject Provisioned(SodimoSchema schema)
    {
        var ws = Fresh();
        var edges = ws["objects"]!["edges"]!.AsArray();
        foreach (var obj in schema.Objects)
        {
            var node = edges.Select(e => e!["node"]!.AsObject()).FirstOrDefault(n => n["nameSingular"]!.GetValue<string>() == obj.NameSingular);
            if (node is null)
            {
                node = Object(obj.NameSingular, obj.NamePlural, Field("id", "UUID"), Field("name", "TEXT"));
                node["isCustom"] = true;
                edges.Add(new JsonObject { ["node"] = node });
            }

            var fields = node["fields"]!["edges"]!.AsArray();
            foreach (var f in obj.Fields.Where(f => !f.IsStandard))
            {
                var field = Field(f.TwentyName, f.Type.ToApiName());
                field["isUnique"] = f.IsUnique;
                if (f.HasOptions)
                {
                    field["options"] = new JsonArray(f.Options.Select(o => (JsonNode)new JsonObject
                    {
                        ["id"] = Guid.NewGuid().ToString(),
                        ["value"] = o.Value,
                        ["label"] = o.Label,
                        ["color"] = o.ColorApiName,
                        ["position"] = o.Position,
                    }).ToArray());
                }

                fields.Add(new JsonObject { ["node"] = field });
            }
        }

        return ws;
    }

    /// <summary>The field node with the given name on the given object.</summary>
    public static JsonObject FieldNode(JsonObject ws, string obj, string field) =>
        ws["objects"]!["edges"]!.AsArray().Select(e => e!["node"]!.AsObject()).Single(n => n["nameSingular"]!.GetValue<string>() == obj)
            ["fields"]!["edges"]!.AsArray().Select(e => e!["node"]!.AsObject()).Single(n => n["name"]!.GetValue<string>() == field);
}
