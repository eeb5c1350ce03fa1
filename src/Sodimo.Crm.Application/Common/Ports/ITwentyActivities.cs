namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>Notes, tasks and their targets in Twenty. Throws the port exceptions described on <see cref="ITwentyCompanies"/>.</summary>
public interface ITwentyActivities
{
    /// <summary>Creates a note or a task with its client-generated id.</summary>
    /// <param name="activity">The activity.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created activity.</returns>
    Task<ActivityRecord> CreateAsync(ActivityCreate activity, CancellationToken cancellationToken = default);

    /// <summary>Creates note or task targets (links) in one batch call, each with its client-generated id.</summary>
    /// <param name="targets">1 to <see cref="TwentyLimits.MaxBatchSize"/> targets, all of the same activity kind.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created targets.</returns>
    Task<IReadOnlyList<ActivityTargetRecord>> CreateTargetsAsync(IReadOnlyList<ActivityTargetCreate> targets, CancellationToken cancellationToken = default);

    /// <summary>Reads one note or task.</summary>
    /// <param name="kind">Note or task.</param>
    /// <param name="id">Its id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The activity, or <see langword="null"/> when there is none.</returns>
    Task<ActivityRecord?> GetAsync(ActivityKind kind, Guid id, CancellationToken cancellationToken = default);

    /// <summary>Lists the targets of one note or task.</summary>
    /// <param name="kind">Note or task.</param>
    /// <param name="activityId">The activity's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its targets (an activity has few; the adapter reads every page).</returns>
    Task<IReadOnlyList<ActivityTargetRecord>> ListTargetsAsync(ActivityKind kind, Guid activityId, CancellationToken cancellationToken = default);
}
