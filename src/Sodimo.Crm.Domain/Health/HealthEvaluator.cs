using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Health;

/// <summary>
/// Computes a deal's health from its pipeline, stage and the time it entered the stage: green within the stage's
/// rotting threshold, yellow past it, red past threshold × <see cref="HealthPolicy.RedMultiplier"/>. A stage without
/// a threshold is always green. Pure: the caller passes "now".
/// </summary>
public sealed class HealthEvaluator
{
    private readonly SodimoSchema _schema;
    private readonly HealthPolicy _policy;

    /// <summary>Creates an evaluator over a schema and a policy.</summary>
    /// <param name="schema">The schema whose stages and thresholds apply; <see cref="SodimoSchema.Current"/> when null.</param>
    /// <param name="policy">The policy; <see cref="HealthPolicy.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The policy has a multiplier below 1, a non-positive threshold or an unknown stage.</exception>
    public HealthEvaluator(SodimoSchema? schema = null, HealthPolicy? policy = null)
    {
        _schema = schema ?? SodimoSchema.Current;
        _policy = policy ?? HealthPolicy.Default;
        if (double.IsNaN(_policy.RedMultiplier) || _policy.RedMultiplier < 1)
        {
            throw new ArgumentException($"The red multiplier must be at least 1 (got {_policy.RedMultiplier}).", nameof(policy));
        }

        foreach (var (stage, threshold) in _policy.ThresholdOverrides)
        {
            if (!_schema.Pipelines.Any(p => p.Stages.Any(s => string.Equals(s.Value, stage, StringComparison.OrdinalIgnoreCase))))
            {
                throw new ArgumentException($"The threshold override names an unknown stage \"{stage}\".", nameof(policy));
            }

            if (threshold is { } t && t <= TimeSpan.Zero)
            {
                throw new ArgumentException($"The threshold of stage {stage} must be positive (got {t}); use null to switch it off.", nameof(policy));
            }
        }
    }

    /// <summary>The rotting threshold in force for a stage (override, else the schema's), or <see langword="null"/> when it does not rot.</summary>
    /// <param name="pipeline">The pipeline's name or value.</param>
    /// <param name="stage">The stage's name or value.</param>
    /// <returns>The threshold, or <see langword="null"/>.</returns>
    /// <exception cref="KeyNotFoundException">Unknown pipeline or stage.</exception>
    public TimeSpan? ThresholdFor(string pipeline, string stage)
    {
        var s = ResolveStage(pipeline, stage);
        return _policy.ThresholdOverrides.TryGetValue(s.Value, out var overridden) ? overridden : s.RottingThreshold;
    }

    /// <summary>The health of a deal.</summary>
    /// <param name="pipeline">The pipeline's name or value (<c>Export Clients</c> / <c>EXPORT_CLIENTS</c>).</param>
    /// <param name="stage">The stage's name or value (<c>Payment</c> / <c>PAYMENT</c>).</param>
    /// <param name="enteredStageAt">When the deal entered the stage.</param>
    /// <param name="now">The current time.</param>
    /// <returns>Green at or below the threshold, yellow above it, red above threshold × multiplier.</returns>
    /// <exception cref="KeyNotFoundException">Unknown pipeline or stage.</exception>
    public DealHealth Evaluate(string pipeline, string stage, DateTimeOffset enteredStageAt, DateTimeOffset now)
    {
        if (ThresholdFor(pipeline, stage) is not { } threshold)
        {
            return DealHealth.Green;
        }

        // A deal stamped in the future (clock skew) has spent no time in its stage yet.
        var elapsed = now - enteredStageAt;
        if (elapsed > threshold * _policy.RedMultiplier)
        {
            return DealHealth.Red;
        }

        return elapsed > threshold ? DealHealth.Yellow : DealHealth.Green;
    }

    private PipelineStage ResolveStage(string pipeline, string stage)
    {
        var p = _schema.GetPipeline(pipeline);
        return p.FindStage(stage) ?? throw new KeyNotFoundException(
            $"Pipeline {p.Name} has no stage \"{stage}\"; known: {string.Join(", ", p.Stages.Select(s => s.Name))}.");
    }
}
