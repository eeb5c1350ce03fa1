using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Core;
using Sodimo.Crm.Testing.Webhooks;

namespace Sodimo.Crm.Testing.Metadata;

/// <summary>Object and field metadata as the metadata APIs return them (ObjectMetadataDTO / FieldMetadataDTO).</summary>
internal static class MetadataJson
{
    public static JsonObject Object(Workspace workspace, ObjectMetadata obj, bool withFields)
    {
        var json = new JsonObject
        {
            ["id"] = obj.Id.ToString(),
            ["nameSingular"] = obj.NameSingular,
            ["namePlural"] = obj.NamePlural,
            ["labelSingular"] = obj.LabelSingular,
            ["labelPlural"] = obj.LabelPlural,
            ["description"] = obj.Description,
            ["icon"] = obj.Icon,
            ["isCustom"] = obj.IsCustom,
            ["isRemote"] = obj.IsRemote,
            ["isActive"] = obj.IsActive,
            ["isSystem"] = obj.IsSystem,
            ["isSearchable"] = !obj.IsSystem,
            ["isLabelSyncedWithName"] = obj.IsLabelSyncedWithName,
            ["labelIdentifierFieldMetadataId"] = obj.LabelIdentifierFieldMetadataId?.ToString(),
            ["imageIdentifierFieldMetadataId"] = null,
            ["createdAt"] = WebhookPayload.FormatDate(obj.CreatedAt),
            ["updatedAt"] = WebhookPayload.FormatDate(obj.UpdatedAt),
        };
        if (withFields)
        {
            json["fields"] = new JsonArray(obj.Fields.Select(f => (JsonNode)Field(workspace, obj, f)).ToArray());
        }

        return json;
    }

    public static JsonObject Field(Workspace workspace, ObjectMetadata obj, FieldMetadata field)
    {
        var json = new JsonObject
        {
            ["id"] = field.Id.ToString(),
            ["type"] = field.Type,
            ["name"] = field.Name,
            ["label"] = field.Label,
            ["description"] = field.Description,
            ["icon"] = field.Icon,
            ["isCustom"] = field.IsCustom,
            ["isActive"] = field.IsActive,
            ["isSystem"] = field.IsSystem,
            ["isNullable"] = field.IsNullable,
            ["isUnique"] = field.IsUnique,
            ["isUIReadOnly"] = field.IsUIReadOnly,
            ["isLabelSyncedWithName"] = field.IsLabelSyncedWithName,
            ["defaultValue"] = field.DefaultValue?.DeepClone(),
            ["options"] = field.Options is null ? null : Options(field.Options),
            ["settings"] = field.Settings?.DeepClone(),
            ["objectMetadataId"] = obj.Id.ToString(),
            ["createdAt"] = WebhookPayload.FormatDate(field.CreatedAt),
            ["updatedAt"] = WebhookPayload.FormatDate(field.UpdatedAt),
            ["relation"] = Relation(workspace, obj, field),
        };
        return json;
    }

    public static JsonArray Options(IEnumerable<FieldOption> options) =>
        new(options.OrderBy(o => o.Position).Select(o => (JsonNode)new JsonObject
        {
            ["id"] = o.Id.ToString(),
            ["value"] = o.Value,
            ["label"] = o.Label,
            ["color"] = o.Color,
            ["position"] = o.Position,
        }).ToArray());

    private static JsonObject? Relation(Workspace workspace, ObjectMetadata obj, FieldMetadata field)
    {
        if (field.Relation is not { } relation)
        {
            return null;
        }

        var target = workspace.Objects.FirstOrDefault(o => o.Id == relation.TargetObjectMetadataId);
        var targetField = target?.Fields.FirstOrDefault(f => f.Id == relation.TargetFieldMetadataId);
        return new JsonObject
        {
            ["type"] = relation.Type,
            ["sourceObjectMetadata"] = Ref(obj),
            ["targetObjectMetadata"] = target is null ? null : Ref(target),
            ["sourceFieldMetadata"] = new JsonObject { ["id"] = field.Id.ToString(), ["name"] = field.Name },
            ["targetFieldMetadata"] = targetField is null ? null : new JsonObject { ["id"] = targetField.Id.ToString(), ["name"] = targetField.Name },
        };
    }

    private static JsonObject Ref(ObjectMetadata obj) => new()
    {
        ["id"] = obj.Id.ToString(),
        ["nameSingular"] = obj.NameSingular,
        ["namePlural"] = obj.NamePlural,
    };
}
