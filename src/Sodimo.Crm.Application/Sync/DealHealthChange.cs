using Sodimo.Crm.Domain.Health;

namespace Sodimo.Crm.Application.Sync;

/// <summary>A deal whose health the job changes.</summary>
/// <param name="DealId">The deal's id.</param>
/// <param name="Name">The deal's title.</param>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="Stage">The stage's name.</param>
/// <param name="TimeInStage">How long the deal has been in its stage.</param>
/// <param name="Old">The health Twenty holds (<see langword="null"/> when unset).</param>
/// <param name="New">The health computed now.</param>
public sealed record DealHealthChange(Guid DealId, string? Name, string Pipeline, string Stage, TimeSpan TimeInStage, DealHealth? Old, DealHealth New);
