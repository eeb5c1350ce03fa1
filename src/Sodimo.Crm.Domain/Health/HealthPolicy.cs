namespace Sodimo.Crm.Domain.Health;

/// <summary>
/// How deal health is computed beyond the schema's defaults: the red multiplier and per-stage threshold overrides
/// (e.g. to switch rotting on for New Leads - Wine, whose stages have no threshold by default).
/// </summary>
public sealed record HealthPolicy
{
    /// <summary>The defaults: red past twice the threshold, the schema's thresholds unchanged.</summary>
    public static HealthPolicy Default { get; } = new();

    /// <summary>
    /// A card turns red when it has been in its stage longer than threshold × this multiplier. Default 2; must be
    /// at least 1.
    /// </summary>
    public double RedMultiplier { get; init; } = 2.0;

    /// <summary>
    /// Thresholds that replace the schema's, keyed by stage option value (<c>QUALIFICATION</c>, unique across
    /// pipelines). A <see langword="null"/> value switches rotting off for that stage. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, TimeSpan?> ThresholdOverrides { get; init; } =
        new Dictionary<string, TimeSpan?>(StringComparer.OrdinalIgnoreCase);
}
