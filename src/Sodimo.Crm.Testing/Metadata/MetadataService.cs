using System.Text.Json;
using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Core;

namespace Sodimo.Crm.Testing.Metadata;

/// <summary>
/// The metadata operations shared by <c>/metadata</c> (GraphQL) and <c>/rest/metadata/*</c>: create / update /
/// delete objects and fields on the live workspace model, so a new field or object is served at once by REST
/// and GraphQL. Field validation failures throw <see cref="MetadataValidationException"/>; other failures throw
/// <see cref="EmulatorException"/>.
/// </summary>
internal sealed class MetadataService(Workspace workspace)
{
    public ObjectMetadata CreateObject(JsonObject input)
    {
        lock (workspace.SyncRoot)
        {
            var taken = workspace.Objects.SelectMany(o => new[] { o.NameSingular, o.NamePlural });
            var errors = ObjectInputValidator.ValidateCreate(input, taken);
            if (errors.Count > 0)
            {
                throw EmulatorException.BadRequest(errors[0]);
            }

            Guid? id = Str(input["id"]) is { } text && Guid.TryParse(text, out var given) ? given : null;
            var obj = workspace.CreateObject(
                Str(input["nameSingular"])!, Str(input["namePlural"])!, Str(input["labelSingular"])!.Trim(), Str(input["labelPlural"])!.Trim(),
                Str(input["description"]), Str(input["icon"]), isCustom: true, id: id);
            if (input["isLabelSyncedWithName"] is JsonValue synced && synced.GetValueKind() == JsonValueKind.True)
            {
                workspace.UpdateObject(obj.Id, o => o.IsLabelSyncedWithName = true);
            }

            return obj;
        }
    }

    public ObjectMetadata UpdateObject(Guid id, JsonObject update)
    {
        lock (workspace.SyncRoot)
        {
            var obj = FindObject(id);
            var merged = new JsonObject
            {
                ["nameSingular"] = update["nameSingular"]?.DeepClone() ?? obj.NameSingular,
                ["namePlural"] = update["namePlural"]?.DeepClone() ?? obj.NamePlural,
                ["labelSingular"] = update["labelSingular"]?.DeepClone() ?? obj.LabelSingular,
                ["labelPlural"] = update["labelPlural"]?.DeepClone() ?? obj.LabelPlural,
            };
            var taken = workspace.Objects.Where(o => o.Id != id).SelectMany(o => new[] { o.NameSingular, o.NamePlural });
            var errors = ObjectInputValidator.ValidateCreate(merged, taken);
            if (errors.Count > 0)
            {
                throw EmulatorException.BadRequest(errors[0]);
            }

            workspace.UpdateObject(id, o =>
            {
                o.NameSingular = Str(merged["nameSingular"])!;
                o.NamePlural = Str(merged["namePlural"])!;
                o.LabelSingular = Str(merged["labelSingular"])!;
                o.LabelPlural = Str(merged["labelPlural"])!;
                if (update.ContainsKey("description")) o.Description = Str(update["description"]);
                if (update.ContainsKey("icon")) o.Icon = Str(update["icon"]);
                if (Bool(update["isActive"]) is { } active) o.IsActive = active;
                if (Bool(update["isLabelSyncedWithName"]) is { } synced) o.IsLabelSyncedWithName = synced;
                if (Str(update["labelIdentifierFieldMetadataId"]) is { } label && Guid.TryParse(label, out var labelId)) o.LabelIdentifierFieldMetadataId = labelId;
            });
            return obj;
        }
    }

    public ObjectMetadata DeleteObject(Guid id)
    {
        lock (workspace.SyncRoot)
        {
            var obj = FindObject(id);
            if (!obj.IsCustom)
            {
                // UNCONFIRMED wording; Twenty refuses to delete standard objects.
                throw EmulatorException.BadRequest("Standard objects cannot be deleted");
            }

            workspace.DeleteObject(id);
            return obj;
        }
    }

    public (FieldMetadata Field, ObjectMetadata Object) CreateField(JsonObject input)
    {
        lock (workspace.SyncRoot)
        {
            var objectId = Str(input["objectMetadataId"]);
            if (objectId is null || !Guid.TryParse(objectId, out var objectGuid))
            {
                throw EmulatorException.BadRequest("objectMetadataId must be a UUID");
            }

            var obj = FindObject(objectGuid);
            var existing = obj.Fields.Select(f => f.Name).Concat(obj.Fields.Select(f => f.Relation?.JoinColumnName).OfType<string>());
            var errors = FieldInputValidator.ValidateCreate(input, existing).ToList();
            var name = Str(input["name"]) ?? string.Empty;
            var label = Str(input["label"]) ?? string.Empty;
            if (Bool(input["isLabelSyncedWithName"]) == true && label.Length > 0 && MetadataNames.ComputeFromLabel(label) != name)
            {
                errors.Add(new($"Name is not synced with label. Expected name: \"{MetadataNames.ComputeFromLabel(label)}\"", JsonValue.Create(name)));
            }

            var id = Str(input["id"]) is { } idText && Guid.TryParse(idText, out var given) ? given : Guid.NewGuid();
            if (errors.Count > 0)
            {
                throw new MetadataValidationException("fieldMetadata", "create", new JsonObject
                {
                    ["id"] = id.ToString(),
                    ["name"] = name,
                    ["objectMetadataId"] = obj.Id.ToString(),
                    ["universalIdentifier"] = id.ToString(),
                }, errors);
            }

            var type = Str(input["type"])!;
            var field = new FieldMetadata
            {
                Id = id,
                Name = name,
                Label = label,
                Type = type,
                Description = Str(input["description"]),
                Icon = Str(input["icon"]),
                IsCustom = true,
                IsActive = Bool(input["isActive"]) ?? true,
                IsNullable = Bool(input["isNullable"]) ?? true,
                IsUnique = Bool(input["isUnique"]) ?? false,
                IsUIReadOnly = Bool(input["isUIReadOnly"]) ?? false,
                IsLabelSyncedWithName = Bool(input["isLabelSyncedWithName"]) ?? false,
                DefaultValue = input["defaultValue"]?.DeepClone(),
                Settings = input["settings"]?.DeepClone() as JsonObject,
                Options = FieldMetadataTypes.IsEnum(type) ? ReadOptions(input["options"] as JsonArray, null) : null,
            };

            if (type is FieldMetadataType.Relation)
            {
                return (CreateRelation(obj, field, input["relationCreationPayload"] as JsonObject), obj);
            }

            workspace.CreateField(obj.Id, field);
            return (field, obj);
        }
    }

    private FieldMetadata CreateRelation(ObjectMetadata obj, FieldMetadata field, JsonObject? payload)
    {
        if (payload is null || Str(payload["targetObjectMetadataId"]) is not { } targetText || !Guid.TryParse(targetText, out var targetId))
        {
            throw EmulatorException.BadRequest("Relation creation payload is required for relation fields");
        }

        var target = FindObject(targetId);
        var relationType = Str(payload["type"]) ?? "MANY_TO_ONE";
        var targetLabel = Str(payload["targetFieldLabel"]) ?? obj.LabelPlural;
        var targetName = Str(payload["targetFieldName"]) ?? MetadataNames.ComputeFromLabel(targetLabel);
        if (target.FindField(targetName) is not null)
        {
            throw EmulatorException.BadRequest($"Field with name \"{targetName}\" already exists on object \"{target.NameSingular}\"");
        }

        var inverse = new FieldMetadata
        {
            Name = targetName,
            Label = targetLabel,
            Type = FieldMetadataType.Relation,
            Icon = Str(payload["targetFieldIcon"]),
            IsCustom = true,
        };
        var (many, manyObj, one, oneObj) = relationType == "ONE_TO_MANY" ? (inverse, target, field, obj) : (field, obj, inverse, target);
        many.Relation = new RelationInfo
        {
            Type = "MANY_TO_ONE",
            TargetObjectMetadataId = oneObj.Id,
            TargetFieldMetadataId = one.Id,
            JoinColumnName = many.Name + "Id",
            OnDelete = "SET_NULL",
        };
        one.Relation = new RelationInfo { Type = "ONE_TO_MANY", TargetObjectMetadataId = manyObj.Id, TargetFieldMetadataId = many.Id };
        many.Settings = new JsonObject { ["relationType"] = "MANY_TO_ONE", ["onDelete"] = "SET_NULL", ["joinColumnName"] = many.Name + "Id" };
        one.Settings = new JsonObject { ["relationType"] = "ONE_TO_MANY" };
        workspace.CreateField(obj.Id, field);
        workspace.CreateField(target.Id, inverse);
        return field;
    }

    public (FieldMetadata Field, ObjectMetadata Object) UpdateField(Guid id, JsonObject update)
    {
        lock (workspace.SyncRoot)
        {
            // PEER-CASES quirk: PATCH on an unknown field id is a 400, not a 404.
            var (field, obj) = workspace.FindField(id) ?? throw EmulatorException.BadRequest("Field metadata not found");
            var others = obj.Fields.Where(f => f.Id != id).Select(f => f.Name);
            var current = field.Options is null ? null : MetadataJson.Options(field.Options);
            var errors = FieldInputValidator.ValidateUpdate(field.Type, update, others, current);
            if (errors.Count > 0)
            {
                throw new MetadataValidationException("fieldMetadata", "update", new JsonObject
                {
                    ["id"] = field.Id.ToString(),
                    ["name"] = field.Name,
                    ["objectMetadataId"] = obj.Id.ToString(),
                    ["universalIdentifier"] = field.Id.ToString(),
                }, errors);
            }

            List<FieldOption>? newOptions = update.ContainsKey("options") && FieldMetadataTypes.IsEnum(field.Type)
                ? ReadOptions(update["options"] as JsonArray, field.Options)
                : null;
            workspace.UpdateField(id, f =>
            {
                if (Str(update["name"]) is { } name) f.Name = name;
                if (Str(update["label"]) is { } label) f.Label = label;
                if (update.ContainsKey("description")) f.Description = Str(update["description"]);
                if (update.ContainsKey("icon")) f.Icon = Str(update["icon"]);
                if (Bool(update["isActive"]) is { } active) f.IsActive = active;
                if (Bool(update["isNullable"]) is { } nullable) f.IsNullable = nullable;
                if (Bool(update["isUnique"]) is { } unique) f.IsUnique = unique;
                if (Bool(update["isUIReadOnly"]) is { } readOnly) f.IsUIReadOnly = readOnly;
                if (Bool(update["isLabelSyncedWithName"]) is { } synced) f.IsLabelSyncedWithName = synced;
                if (update.ContainsKey("defaultValue")) f.DefaultValue = update["defaultValue"]?.DeepClone();
                if (update.ContainsKey("settings")) f.Settings = update["settings"]?.DeepClone() as JsonObject;
                if (newOptions is not null) f.Options = newOptions;
            });
            if (newOptions is not null)
            {
                DropRemovedOptionValues(obj, field, newOptions);
            }

            return (field, obj);
        }
    }

    public (FieldMetadata Field, ObjectMetadata Object) DeleteField(Guid id)
    {
        lock (workspace.SyncRoot)
        {
            var (field, obj) = workspace.FindField(id) ?? throw EmulatorException.NotFound("Field metadata not found");
            if (!field.IsCustom)
            {
                // UNCONFIRMED wording; Twenty refuses to delete standard fields.
                throw EmulatorException.BadRequest("Only custom fields can be deleted");
            }

            workspace.DeleteField(id);
            if (field.Relation?.TargetFieldMetadataId is { } inverseId && workspace.FindField(inverseId) is not null)
            {
                workspace.DeleteField(inverseId);
            }

            return (field, obj);
        }
    }

    public ObjectMetadata FindObject(Guid id) =>
        workspace.Objects.FirstOrDefault(o => o.Id == id) ?? throw EmulatorException.NotFound("Object metadata not found");

    /// <summary>
    /// Replacing options keeps an option's id when the input gives it or, failing that, when an existing option
    /// has the same value (UNCONFIRMED: Twenty's UI always sends the ids).
    /// </summary>
    private static List<FieldOption> ReadOptions(JsonArray? input, List<FieldOption>? existing)
    {
        var result = new List<FieldOption>();
        var position = 0;
        foreach (var option in (input ?? []).OfType<JsonObject>())
        {
            var value = Str(option["value"])!.Trim();
            var id = Str(option["id"]) is { } text && Guid.TryParse(text, out var given)
                ? given
                : existing?.FirstOrDefault(o => o.Value == value)?.Id ?? Guid.NewGuid();
            result.Add(new FieldOption
            {
                Id = id,
                Value = value,
                Label = Str(option["label"])!,
                Color = Str(option["color"]) ?? "gray",
                Position = option["position"] is JsonValue p && p.TryGetValue<double>(out var pos) ? (int)pos : position,
            });
            position++;
        }

        return result;
    }

    /// <summary>Values of removed options are cleared from stored records (UNCONFIRMED: Twenty migrates the enum).</summary>
    private void DropRemovedOptionValues(ObjectMetadata obj, FieldMetadata field, List<FieldOption> options)
    {
        var allowed = options.Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var record in workspace.AllRecords(obj))
        {
            switch (record[field.Name])
            {
                case JsonValue v when v.GetValueKind() == JsonValueKind.String && !allowed.Contains(v.GetValue<string>()):
                    record[field.Name] = null;
                    break;
                case JsonArray array:
                    var kept = array.Where(x => x is JsonValue xv && allowed.Contains(xv.GetValue<string>())).Select(x => x!.DeepClone()).ToArray();
                    if (kept.Length != array.Count)
                    {
                        record[field.Name] = new JsonArray(kept);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    internal static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    internal static bool? Bool(JsonNode? node) => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? v.GetValue<bool>()
        : null;
}
