namespace Sodimo.Crm.Domain.Schema;

/// <summary>One object of Sodimo's CRM shape: a Twenty standard object it uses, or a custom object it adds.</summary>
public sealed record SodimoObject
{
    /// <summary>Sodimo's name for the object (<c>Company</c>, <c>Opportunity</c>, <c>Person</c>, <c>DeltaAlert</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Twenty's singular API name (<c>company</c>, <c>deltaAlert</c>).</summary>
    public required string NameSingular { get; init; }

    /// <summary>Twenty's plural API name, used in REST URLs (<c>companies</c>, <c>deltaAlerts</c>).</summary>
    public required string NamePlural { get; init; }

    /// <summary>The singular label shown in Twenty.</summary>
    public required string LabelSingular { get; init; }

    /// <summary>The plural label shown in Twenty.</summary>
    public required string LabelPlural { get; init; }

    /// <summary>Whether provisioning creates the object (a custom object) or only checks it (a standard one).</summary>
    public required bool IsCustom { get; init; }

    /// <summary>What the object is for.</summary>
    public required string Description { get; init; }

    /// <summary>The Twenty icon name of the object.</summary>
    public string Icon { get; init; } = "IconBox";

    /// <summary>The fields Sodimo cares about, standard ones first, in a stable order.</summary>
    public required IReadOnlyList<SodimoField> Fields { get; init; }

    /// <summary>The field with the given Sodimo name (exact, snake_case), or <see langword="null"/>.</summary>
    /// <param name="sodimoName">E.g. <c>client_code</c>.</param>
    /// <returns>The field or <see langword="null"/>.</returns>
    public SodimoField? FindField(string sodimoName) =>
        Fields.FirstOrDefault(f => string.Equals(f.SodimoName, sodimoName, StringComparison.Ordinal));

    /// <summary>The field with the given Twenty API name or write name (<c>companyId</c>), or <see langword="null"/>.</summary>
    /// <param name="twentyName">E.g. <c>clientCode</c>.</param>
    /// <returns>The field or <see langword="null"/>.</returns>
    public SodimoField? FindByTwentyName(string twentyName) =>
        Fields.FirstOrDefault(f => string.Equals(f.TwentyName, twentyName, StringComparison.Ordinal))
        ?? Fields.FirstOrDefault(f => string.Equals(f.WriteName, twentyName, StringComparison.Ordinal));

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({NameSingular})";
}
