using Mediator;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.AddActivity;

/// <summary>
/// Handles <see cref="AddActivityCommand"/>: checks that every linked record exists (nothing is written otherwise),
/// creates the note or task, then its targets in one batch, each with its client-generated id. When an earlier
/// attempt may have landed, each id is looked up first and only what is missing is created.
/// </summary>
internal sealed class AddActivityHandler : ICommandHandler<AddActivityCommand, AddActivityResult>
{
    private readonly ITwentyActivities _activities;
    private readonly ITwentyPeople _people;
    private readonly ITwentyCompanies _companies;
    private readonly ITwentyDeals _deals;

    public AddActivityHandler(ITwentyActivities activities, ITwentyPeople people, ITwentyCompanies companies, ITwentyDeals deals)
    {
        _activities = activities;
        _people = people;
        _companies = companies;
        _deals = deals;
    }

    public async ValueTask<AddActivityResult> Handle(AddActivityCommand command, CancellationToken cancellationToken)
    {
        if (!TryParseKind(command.Kind, out var kind))
        {
            throw new Common.Errors.RequestRefusedException([new("Kind", $"Unknown activity kind \"{command.Kind}\"; valid: note, task.")]);
        }

        var targetName = kind == ActivityKind.Note ? "noteTarget" : "taskTarget";
        var activityName = kind == ActivityKind.Note ? "note" : "task";
        var activityId = command.ActivityId;
        var mayHaveLanded = MutationJournal.MayHaveLanded;

        var existing = mayHaveLanded ? await _activities.GetAsync(kind, activityId, cancellationToken).ConfigureAwait(false) : null;
        var existingTargets = existing is null
            ? []
            : await _activities.ListTargetsAsync(kind, activityId, cancellationToken).ConfigureAwait(false);

        var wanted = new List<ActivityTargetCreate>();
        await AddTargetAsync(wanted, command, kind, activityId, ActivityTargetKind.Person, command.PersonId, cancellationToken).ConfigureAwait(false);
        await AddTargetAsync(wanted, command, kind, activityId, ActivityTargetKind.Company, command.CompanyId, cancellationToken).ConfigureAwait(false);
        await AddTargetAsync(wanted, command, kind, activityId, ActivityTargetKind.Deal, command.DealId, cancellationToken).ConfigureAwait(false);

        var records = new List<TouchedRecord>();
        if (existing is null)
        {
            await MutationJournal.SendingAsync().ConfigureAwait(false);
            await _activities.CreateAsync(
                new ActivityCreate(kind, activityId, command.Title.Trim(), command.Body, command.DueAt, command.AssigneeId),
                cancellationToken).ConfigureAwait(false);
        }

        var created = new TouchedRecord(activityName, activityId.ToString(), RecordAction.Created);
        records.Add(created);
        MutationJournal.Record(created);

        var missing = wanted.Where(w => !existingTargets.Any(t => t.Id == w.Id)).ToArray();
        var targets = existingTargets.Where(t => wanted.Any(w => w.Id == t.Id)).ToList();
        if (missing.Length > 0)
        {
            await MutationJournal.SendingAsync().ConfigureAwait(false);
            var made = await _activities.CreateTargetsAsync(missing, cancellationToken).ConfigureAwait(false);
            targets.AddRange(made);
        }

        foreach (var target in wanted)
        {
            var touched = new TouchedRecord(targetName, target.Id.ToString(), RecordAction.Created);
            records.Add(touched);
            MutationJournal.Record(touched);
        }

        return new AddActivityResult
        {
            Kind = kind,
            ActivityId = activityId,
            Targets = wanted.Select(w => targets.FirstOrDefault(t => t.Id == w.Id)
                ?? new ActivityTargetRecord(w.Id, w.Kind, w.ActivityId, w.TargetKind, w.TargetId)).ToArray(),
            Records = records,
        };
    }

    internal static bool TryParseKind(string? value, out ActivityKind kind)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "note":
                kind = ActivityKind.Note;
                return true;
            case "task":
                kind = ActivityKind.Task;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    private async Task AddTargetAsync(
        List<ActivityTargetCreate> wanted, AddActivityCommand command, ActivityKind kind, Guid activityId,
        ActivityTargetKind targetKind, Guid? targetId, CancellationToken cancellationToken)
    {
        if (targetId is not { } id)
        {
            return;
        }

        var (objectName, exists) = targetKind switch
        {
            ActivityTargetKind.Person => ("person", await _people.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null),
            ActivityTargetKind.Company => ("company", await _companies.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null),
            _ => ("opportunity", await _deals.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null),
        };
        if (!exists)
        {
            throw new RecordNotFoundException(objectName, id.ToString());
        }

        var targetIdForLink = ClientIds.For(command.ToolName, command.IdempotencyKey, "target:" + objectName);
        wanted.Add(new ActivityTargetCreate(targetIdForLink, kind, activityId, targetKind, id));
    }
}
