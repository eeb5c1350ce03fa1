using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Ports;
using static Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyFieldMapper;
using static Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyPortErrors;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary>
/// <see cref="ITwentyActivities"/> over Twenty's REST records API: <c>notes</c>/<c>tasks</c> and their
/// <c>noteTargets</c>/<c>taskTargets</c> with the 1.17+ morph join columns (<c>targetPersonId</c>, …).
/// </summary>
internal sealed class TwentyActivitiesAdapter(ITwentyRecordsClient records) : ITwentyActivities
{
    public Task<ActivityRecord> CreateAsync(ActivityCreate activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var body = new JsonObject { ["id"] = Uuid(activity.Id), ["title"] = activity.Title };
        if (activity.BodyMarkdown is not null)
            body["bodyV2"] = new JsonObject { ["markdown"] = activity.BodyMarkdown };
        if (activity.Kind == ActivityKind.Task)
        {
            if (activity.DueAt is { } due)
                body["dueAt"] = Iso(due);
            if (activity.AssigneeId is { } assignee)
                body["assigneeId"] = Uuid(assignee);
        }

        return WriteAsync($"create {Object(activity.Kind).Singular}", async () =>
            ToActivity(activity.Kind, await records.CreateAsync(Object(activity.Kind), body, cancellationToken).ConfigureAwait(false)));
    }

    public Task<IReadOnlyList<ActivityTargetRecord>> CreateTargetsAsync(IReadOnlyList<ActivityTargetCreate> targets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
            throw new ArgumentException("At least one target.", nameof(targets));
        var kind = targets[0].Kind;
        if (targets.Any(t => t.Kind != kind))
            throw new ArgumentException("All targets of one call link the same kind of activity.", nameof(targets));
        var bodies = TwentyCompaniesAdapter.Batch(targets, t => new JsonObject
        {
            ["id"] = Uuid(t.Id),
            [ActivityColumn(kind)] = Uuid(t.ActivityId),
            [TargetColumn(t.TargetKind)] = Uuid(t.TargetId),
        });
        return WriteAsync<IReadOnlyList<ActivityTargetRecord>>($"link {TargetObject(kind).Plural}", async () =>
            (await records.CreateManyAsync(TargetObject(kind), bodies, upsert: false, cancellationToken).ConfigureAwait(false))
                .Select(r => ToTarget(kind, r) ?? throw new TwentyProtocolException("Twenty returned a target without its link.")).ToArray());
    }

    public Task<ActivityRecord?> GetAsync(ActivityKind kind, Guid id, CancellationToken cancellationToken = default) =>
        ReadAsync($"get {Object(kind).Singular}", async () =>
            await records.FindOneAsync(Object(kind), id, cancellationToken).ConfigureAwait(false) is { } r && !TwentyRecordMapping.IsDeleted(r)
                ? ToActivity(kind, r)
                : null);

    public Task<IReadOnlyList<ActivityTargetRecord>> ListTargetsAsync(ActivityKind kind, Guid activityId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ActivityTargetRecord>>($"list {TargetObject(kind).Plural}", async () =>
        {
            var list = new List<ActivityTargetRecord>();
            var query = new TwentyFindManyQuery { Filter = TwentyFilter.Eq(ActivityColumn(kind), TwentyFilterValue.Uuid(activityId)), OrderBy = [new TwentySort("createdAt")] };
            await foreach (var r in records.FindAllAsync(TargetObject(kind), query, cancellationToken).ConfigureAwait(false))
            {
                // A target may link an object Sodimo does not model (a custom object): not one of ours.
                if (ToTarget(kind, r) is { } target)
                    list.Add(target);
            }

            return list;
        });

    private static TwentyObjectName Object(ActivityKind kind) => kind switch
    {
        ActivityKind.Note => TwentyObjectName.Note,
        ActivityKind.Task => TwentyObjectName.Task,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Note or task."),
    };

    private static TwentyObjectName TargetObject(ActivityKind kind) =>
        kind == ActivityKind.Note ? TwentyObjectName.NoteTarget : kind == ActivityKind.Task ? TwentyObjectName.TaskTarget
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Note or task.");

    private static string ActivityColumn(ActivityKind kind) => kind == ActivityKind.Note ? "noteId" : "taskId";

    private static string TargetColumn(ActivityTargetKind kind) => kind switch
    {
        ActivityTargetKind.Person => "targetPersonId",
        ActivityTargetKind.Company => "targetCompanyId",
        ActivityTargetKind.Deal => "targetOpportunityId",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Person, company or deal."),
    };

    private static ActivityRecord ToActivity(ActivityKind kind, JsonObject r) => new(
        kind,
        Id(r["id"]) ?? throw new TwentyProtocolException($"A {kind} without an id."),
        String(r["title"]),
        String(r["bodyV2"]?["markdown"]),
        kind == ActivityKind.Task ? Instant(r["dueAt"]) : null,
        kind == ActivityKind.Task ? Id(r["assigneeId"]) : null,
        Instant(r["createdAt"]));

    private static ActivityTargetRecord? ToTarget(ActivityKind kind, JsonObject r)
    {
        foreach (var targetKind in new[] { ActivityTargetKind.Person, ActivityTargetKind.Company, ActivityTargetKind.Deal })
        {
            if (Id(r[TargetColumn(targetKind)]) is { } targetId)
            {
                return new ActivityTargetRecord(
                    Id(r["id"]) ?? throw new TwentyProtocolException("A target without an id."),
                    kind,
                    Id(r[ActivityColumn(kind)]) ?? Guid.Empty,
                    targetKind,
                    targetId);
            }
        }

        return null;
    }
}
