using System.Text.Json.Nodes;

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
}
