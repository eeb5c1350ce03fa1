using System.Text.Json.Nodes;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Infrastructure.Twenty;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty.Adapters;

/// <summary>
/// Creates Sodimo's custom Company and Opportunity fields on an emulator through its metadata GraphQL API, as
/// provisioning does on a real workspace (the emulator knows nothing of Sodimo's schema).
/// </summary>
public static class EmulatorProvisioning
{
    private const string CreateField = "mutation CreateField($input: CreateOneFieldMetadataInput!) { createOneField(input: $input) { id name } }";

    public static async Task ProvisionAsync(ITwentyGraphQLClient graphQL)
    {
        var data = await graphQL.QueryAsync(TwentyGraphQLEndpoint.Metadata,
            "query { objects(paging: { first: 100 }) { edges { node { id nameSingular } } } }");
        var ids = data["objects"]!["edges"]!.AsArray()
            .Select(e => e!["node"]!)
            .ToDictionary(n => n["nameSingular"]!.GetValue<string>(), n => n["id"]!.GetValue<string>());

        foreach (var obj in SodimoSchema.Current.Objects.Where(o => !o.IsCustom))
        {
            foreach (var field in obj.Fields.Where(f => !f.IsStandard))
            {
                var input = new JsonObject
                {
                    ["objectMetadataId"] = ids[obj.NameSingular],
                    ["type"] = field.Type.ToApiName(),
                    ["name"] = field.TwentyName,
                    ["label"] = field.Label,
                    ["description"] = field.Description,
                    ["isUnique"] = field.IsUnique,
                };
                if (field.HasOptions)
                {
                    input["options"] = new JsonArray(field.Options.Select(o => (JsonNode)new JsonObject
                    {
                        ["value"] = o.Value,
                        ["label"] = o.Label,
                        ["position"] = o.Position,
                        ["color"] = o.ColorApiName,
                    }).ToArray());
                }

                await graphQL.MutateAsync(TwentyGraphQLEndpoint.Metadata, CreateField,
                    new JsonObject { ["input"] = new JsonObject { ["field"] = input } });
            }
        }
    }
}
