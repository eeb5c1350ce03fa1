using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>The plan for one object of Sodimo's schema and its fields.</summary>
public sealed record ObjectPlan
{
    /// <summary>The object as Sodimo's schema defines it.</summary>
    public required SodimoObject Definition { get; init; }

    /// <summary>What provisioning does with it.</summary>
    public required ObjectAction Action { get; init; }

    /// <summary>The object's id in Twenty when it exists.</summary>
    public string? ExistingId { get; init; }

    /// <summary>For <see cref="ObjectAction.Drift"/>: what is wrong, in one sentence.</summary>
    public string? Problem { get; init; }

    /// <summary>The plan of each field, in schema order.</summary>
    public required IReadOnlyList<FieldPlan> Fields { get; init; }
}
