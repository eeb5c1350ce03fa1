using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Core;

/// <summary>One select / multi-select option (API-FACTS §6.1).</summary>
internal sealed class FieldOption
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string Value { get; set; }
    public required string Label { get; set; }
    public string Color { get; set; } = "gray";
    public int Position { get; set; }

    public FieldOption Clone() => (FieldOption)MemberwiseClone();
}

/// <summary>Relation settings of a RELATION / MORPH_RELATION field.</summary>
internal sealed class RelationInfo
{
    /// <summary><c>MANY_TO_ONE</c> (has a join column) or <c>ONE_TO_MANY</c> (virtual, the inverse side).</summary>
    public required string Type { get; set; }
    public required Guid TargetObjectMetadataId { get; set; }
    /// <summary>The field on the target object that is the other side of this relation.</summary>
    public Guid? TargetFieldMetadataId { get; set; }
    /// <summary>For MANY_TO_ONE: the record key holding the target id, e.g. <c>companyId</c>.</summary>
    public string? JoinColumnName { get; set; }
    /// <summary><c>SET_NULL</c>, <c>CASCADE</c> or <c>RESTRICT</c>, applied when the target is destroyed.</summary>
    public string OnDelete { get; set; } = "SET_NULL";

    public bool IsManyToOne => Type == "MANY_TO_ONE";

    public RelationInfo Clone() => (RelationInfo)MemberwiseClone();
}

/// <summary>Field metadata, shaped like Twenty's FieldMetadataDTO.</summary>
internal sealed class FieldMetadata
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ObjectMetadataId { get; set; }
    public required string Name { get; set; }
    public required string Label { get; set; }
    public required string Type { get; set; }
    public string? Description { get; set; }
    public string? Icon { get; set; }
    public bool IsCustom { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsSystem { get; set; }
    public bool IsNullable { get; set; } = true;
    public bool IsUnique { get; set; }
    public bool IsUIReadOnly { get; set; }
    public bool IsLabelSyncedWithName { get; set; }
    /// <summary>Twenty-style default value: strings are quoted (<c>"'NEW'"</c>), composites are objects of such values.</summary>
    public JsonNode? DefaultValue { get; set; }
    public List<FieldOption>? Options { get; set; }
    public JsonObject? Settings { get; set; }
    public RelationInfo? Relation { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsComposite => FieldMetadataType.IsComposite(Type);
    public bool IsRelation => FieldMetadataType.IsRelation(Type);

    public FieldMetadata Clone()
    {
        var c = (FieldMetadata)MemberwiseClone();
        c.DefaultValue = DefaultValue?.DeepClone();
        c.Options = Options?.Select(o => o.Clone()).ToList();
        c.Settings = (JsonObject?)Settings?.DeepClone();
        c.Relation = Relation?.Clone();
        return c;
    }
}

/// <summary>Object metadata, shaped like Twenty's ObjectMetadataDTO.</summary>
internal sealed class ObjectMetadata
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public required string NameSingular { get; set; }
    public required string NamePlural { get; set; }
    public required string LabelSingular { get; set; }
    public required string LabelPlural { get; set; }
    public string? Description { get; set; }
    public string? Icon { get; set; }
    public bool IsCustom { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsSystem { get; set; }
    public bool IsRemote { get; set; }
    public bool IsLabelSyncedWithName { get; set; }
    public Guid? LabelIdentifierFieldMetadataId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<FieldMetadata> Fields { get; } = [];

    /// <summary><c>person</c> → <c>Person</c>, used in envelope keys (<c>createPerson</c>).</summary>
    public string CapitalSingular => Capitalize(NameSingular);
    public string CapitalPlural => Capitalize(NamePlural);

    private Dictionary<string, FieldMetadata>? _byName;
    private int _byNameCount = -1;

    /// <summary>Field by name. Cached; the cache notices added/removed fields, renames call <see cref="InvalidateFieldCache"/>.</summary>
    public FieldMetadata? FindField(string name)
    {
        var cache = _byName;
        if (cache is null || _byNameCount != Fields.Count)
        {
            cache = new Dictionary<string, FieldMetadata>(StringComparer.Ordinal);
            foreach (var f in Fields) cache.TryAdd(f.Name, f);
            _byName = cache;
            _byNameCount = Fields.Count;
        }

        return cache.GetValueOrDefault(name);
    }

    /// <summary>Drops the name cache (after a field rename).</summary>
    public void InvalidateFieldCache() => _byName = null;

    /// <summary>The MANY_TO_ONE relation field whose join column is <paramref name="joinColumn"/>.</summary>
    public FieldMetadata? FindByJoinColumn(string joinColumn)
    {
        foreach (var f in Fields)
        {
            if (f.Relation is { IsManyToOne: true } r && r.JoinColumnName == joinColumn) return f;
        }
        return null;
    }

    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
