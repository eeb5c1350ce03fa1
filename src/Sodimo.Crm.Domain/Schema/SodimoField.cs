namespace Sodimo.Crm.Domain.Schema;

/// <summary>
/// One field of Sodimo's CRM shape: its Sodimo name (what the AI, the sync and the SDK's callers use), its Twenty
/// API name, its Twenty type and its origin.
/// </summary>
public sealed record SodimoField
{
    /// <summary>The Sodimo name of the object the field belongs to (e.g. <c>Company</c>).</summary>
    public required string ObjectName { get; init; }

    /// <summary>Sodimo's name for the field, snake_case as in the brief (e.g. <c>client_code</c>).</summary>
    public required string SodimoName { get; init; }

    /// <summary>Twenty's API name (camelCase, valid per <see cref="TwentyNameRules"/>), e.g. <c>clientCode</c>.</summary>
    public required string TwentyName { get; init; }

    /// <summary>The label shown in Twenty.</summary>
    public required string Label { get; init; }

    /// <summary>The Twenty field type.</summary>
    public required TwentyFieldType Type { get; init; }

    /// <summary>Which system owns the value.</summary>
    public required FieldOrigin Origin { get; init; }

    /// <summary>What the field is for (also sent to Twenty as the field description).</summary>
    public required string Description { get; init; }

    /// <summary>Whether Twenty must keep the value unique across records (e.g. Company <c>client_code</c>).</summary>
    public bool IsUnique { get; init; }

    /// <summary>
    /// Whether this is one of Twenty's standard fields: described here for mapping and the merge policy, never
    /// created or changed by provisioning (only checked).
    /// </summary>
    public bool IsStandard { get; init; }

    /// <summary>
    /// For a Sodiwin-owned field: Sodiwin sets it when the sync creates the record, and Twenty's value wins after
    /// that (company name and billing address, see docs/adr/field-types.md).
    /// </summary>
    public bool SetOnlyAtCreation { get; init; }

    /// <summary>The Twenty icon name shown next to the field.</summary>
    public string Icon { get; init; } = "IconTag";

    /// <summary>The options, in order, of a SELECT or MULTI_SELECT field; empty for other types.</summary>
    public IReadOnlyList<SelectOption> Options { get; init; } = [];

    /// <summary>For a <see cref="TwentyFieldType.Relation"/> field: the target and its inverse field.</summary>
    public FieldRelation? Relation { get; init; }

    /// <summary>For a <see cref="TwentyFieldType.Currency"/> field: the ISO currency code Sodimo writes.</summary>
    public string? CurrencyCode { get; init; }

    /// <summary>
    /// The name to use when writing the field through REST or GraphQL: the join column (<c>companyId</c>) for a
    /// relation, the API name otherwise.
    /// </summary>
    public string WriteName => Type == TwentyFieldType.Relation ? TwentyName + "Id" : TwentyName;

    /// <summary>Whether the field is a SELECT or MULTI_SELECT.</summary>
    public bool HasOptions => Type is TwentyFieldType.Select or TwentyFieldType.MultiSelect;

    /// <summary>The option with the given value or label (case-insensitive), or <see langword="null"/>.</summary>
    /// <param name="valueOrLabel">An option value (<c>GREEN</c>) or label (<c>Green</c>).</param>
    /// <returns>The option, or <see langword="null"/> when the field has none by that name.</returns>
    public SelectOption? FindOption(string valueOrLabel) =>
        Options.FirstOrDefault(o => string.Equals(o.Value, valueOrLabel, StringComparison.OrdinalIgnoreCase))
        ?? Options.FirstOrDefault(o => string.Equals(o.Label, valueOrLabel, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => $"{ObjectName}.{SodimoName} ({TwentyName}, {Type.ToApiName()}, {Origin})";
}
