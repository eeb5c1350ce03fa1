namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>Whether an activity is a note or a task.</summary>
public enum ActivityKind
{
    /// <summary>A Twenty note (<c>notes</c>, linked through <c>noteTargets</c>).</summary>
    Note = 1,

    /// <summary>A Twenty task (<c>tasks</c>, linked through <c>taskTargets</c>).</summary>
    Task = 2,
}

/// <summary>What an activity is linked to.</summary>
public enum ActivityTargetKind
{
    /// <summary>A person (<c>targetPersonId</c>).</summary>
    Person = 1,

    /// <summary>A company (<c>targetCompanyId</c>).</summary>
    Company = 2,

    /// <summary>A deal (<c>targetOpportunityId</c>).</summary>
    Deal = 3,
}

/// <summary>A note or task to create, with a client-generated id.</summary>
/// <param name="Kind">Note or task.</param>
/// <param name="Id">The id the record must be created with.</param>
/// <param name="Title">The title.</param>
/// <param name="BodyMarkdown">The body as markdown (written to <c>bodyV2.markdown</c>), or <see langword="null"/>.</param>
/// <param name="DueAt">Task only: the due date (<c>dueAt</c>).</param>
/// <param name="AssigneeId">Task only: the workspace member it is assigned to (<c>assigneeId</c>).</param>
public sealed record ActivityCreate(ActivityKind Kind, Guid Id, string Title, string? BodyMarkdown, DateTimeOffset? DueAt = null, Guid? AssigneeId = null);

/// <summary>
/// A link between a note or task and one record, with a client-generated id: a <c>noteTarget</c> or <c>taskTarget</c>
/// with <c>noteId</c>/<c>taskId</c> and one of <c>targetPersonId</c>, <c>targetCompanyId</c>, <c>targetOpportunityId</c>
/// (Twenty 1.17+ names).
/// </summary>
/// <param name="Id">The id the target record must be created with.</param>
/// <param name="Kind">Whether the activity is a note or a task.</param>
/// <param name="ActivityId">The note's or task's id.</param>
/// <param name="TargetKind">What the activity is linked to.</param>
/// <param name="TargetId">The linked record's id.</param>
public sealed record ActivityTargetCreate(Guid Id, ActivityKind Kind, Guid ActivityId, ActivityTargetKind TargetKind, Guid TargetId);

/// <summary>A note or task as Twenty holds it.</summary>
/// <param name="Kind">Note or task.</param>
/// <param name="Id">The record id.</param>
/// <param name="Title">The title.</param>
/// <param name="BodyMarkdown">The body as markdown.</param>
/// <param name="DueAt">Task only: the due date.</param>
/// <param name="AssigneeId">Task only: the assignee.</param>
/// <param name="CreatedAt">When Twenty created it.</param>
public sealed record ActivityRecord(ActivityKind Kind, Guid Id, string? Title, string? BodyMarkdown, DateTimeOffset? DueAt, Guid? AssigneeId, DateTimeOffset? CreatedAt);

/// <summary>A note or task target as Twenty holds it.</summary>
/// <param name="Id">The target record's id.</param>
/// <param name="Kind">Note or task.</param>
/// <param name="ActivityId">The note's or task's id.</param>
/// <param name="TargetKind">What it links to.</param>
/// <param name="TargetId">The linked record's id.</param>
public sealed record ActivityTargetRecord(Guid Id, ActivityKind Kind, Guid ActivityId, ActivityTargetKind TargetKind, Guid TargetId);
