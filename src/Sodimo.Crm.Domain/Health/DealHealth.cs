namespace Sodimo.Crm.Domain.Health;

/// <summary>How fresh a deal is in its stage: the Opportunity <c>health</c> field (brief: enum green/yellow/red).</summary>
public enum DealHealth
{
    /// <summary>Within its stage's rotting threshold, or the stage does not rot.</summary>
    Green,

    /// <summary>Longer than the threshold in its stage.</summary>
    Yellow,

    /// <summary>Longer than the threshold times the red multiplier (twice, by default).</summary>
    Red,
}
