using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>The plan for one field of Sodimo's schema.</summary>
public sealed record FieldPlan
{
    /// <summary>The field as Sodimo's schema defines it.</summary>
    public required SodimoField Field { get; init; }

    /// <summary>What provisioning does with it.</summary>
    public required FieldAction Action { get; init; }

    /// <summary>The field's id in Twenty when it exists.</summary>
    public string? ExistingId { get; init; }

    /// <summary>For <see cref="FieldAction.AddOptions"/>: the options already in Twenty, kept as they are (ids included).</summary>
    public IReadOnlyList<ExistingOption> KeptOptions { get; init; } = [];

    /// <summary>
    /// For <see cref="FieldAction.AddOptions"/>: the options to add, positioned after the existing ones; for
    /// <see cref="FieldAction.Create"/>: every option of the field.
    /// </summary>
    public IReadOnlyList<SelectOption> AddedOptions { get; init; } = [];

    /// <summary>For <see cref="FieldAction.Drift"/>: what differs, in one sentence.</summary>
    public string? Problem { get; init; }

    /// <summary>Whether applying the plan sends a mutation for this field.</summary>
    public bool IsChange => Action is FieldAction.Create or FieldAction.AddOptions;
}
