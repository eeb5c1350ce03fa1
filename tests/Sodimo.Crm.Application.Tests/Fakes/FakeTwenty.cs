using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Tests.Fakes;

/// <summary>
/// In-memory Twenty behind the five ports: keeps records, logs every call in the shared event log ("twenty.&lt;op&gt;"),
/// keeps every write payload, and can be scripted to fail before a call (nothing written) or after committing it.
/// </summary>
internal sealed class FakeTwenty(List<string> events) : ITwentyCompanies, ITwentyPeople, ITwentyDeals, ITwentyActivities, ITwentySearch
{
    private static readonly SodimoSchema Schema = SodimoSchema.Current;

    public Dictionary<Guid, CompanyRecord> Companies { get; } = [];

    public Dictionary<Guid, PersonRecord> People { get; } = [];

    public Dictionary<Guid, DealRecord> Deals { get; } = [];

    public Dictionary<Guid, ActivityRecord> Activities { get; } = [];

    public Dictionary<Guid, ActivityTargetRecord> Targets { get; } = [];

    /// <summary>Every write sent: operation and the fields it carried.</summary>
    public List<(string Op, Guid Id, IReadOnlyList<FieldWrite> Fields)> Writes { get; } = [];

    public List<DealQuery> DealQueries { get; } = [];

    public List<SearchCriteria> Searches { get; } = [];

    public List<SearchHit> SearchHits { get; } = [];

    /// <summary>Called before an operation runs; an exception returned is thrown and nothing is written.</summary>
    public Func<string, Exception?> Before { get; set; } = _ => null;

    /// <summary>Called after an operation committed; an exception returned is thrown (the write stays).</summary>
    public Func<string, Exception?> After { get; set; } = _ => null;

    public IEnumerable<string> TwentyCalls => events.Where(e => e.StartsWith("twenty.", StringComparison.Ordinal));

    public int Count(string op) => events.Count(e => e == "twenty." + op);

    // --- companies ---
    Task<CompanyRecord?> ITwentyCompanies.GetAsync(Guid id, CancellationToken cancellationToken) =>
        Call("companies.get", () => Companies.GetValueOrDefault(id));

    public Task<CompanyRecord?> FindByClientCodeAsync(string clientCode, CancellationToken cancellationToken = default) =>
        Call("companies.findByClientCode", () => Companies.Values.SingleOrDefault(c => c.ClientCode == clientCode));

    public Task<Page<CompanyRecord>> FindByClientCodesAsync(IReadOnlyList<string> clientCodes, string? cursor = null, CancellationToken cancellationToken = default) =>
        Call("companies.findByClientCodes", () => new Page<CompanyRecord>(Companies.Values.Where(c => clientCodes.Contains(c.ClientCode)).ToArray(), null));

    public Task<Page<CompanyRecord>> ListAsync(CompanyListQuery query, CancellationToken cancellationToken = default) =>
        Call("companies.list", () => new Page<CompanyRecord>(Companies.Values.ToArray(), null));

    public Task<CompanyRecord> CreateAsync(CompanyCreate company, CancellationToken cancellationToken = default) =>
        Call("companies.create", () =>
        {
            Reject(Companies.ContainsKey(company.Id), company.Id);
            Writes.Add(("companies.create", company.Id, company.Fields));
            var fields = Schema.GetObject("Company").Fields.ToDictionary(f => f.SodimoName, _ => (object?)null);
            foreach (var w in company.Fields)
            {
                fields[w.SodimoName] = w.Value;
            }

            return Companies[company.Id] = ToCompany(company.Id, fields);
        });

    public Task<CompanyRecord> UpdateAsync(CompanyUpdate update, CancellationToken cancellationToken = default) =>
        Call("companies.update", () =>
        {
            var current = Companies.TryGetValue(update.Id, out var c) ? c : throw new RecordNotFoundException("company", update.Id.ToString());
            Writes.Add(("companies.update", update.Id, update.Fields));
            var fields = new Dictionary<string, object?>(current.Fields);
            foreach (var w in update.Fields)
            {
                fields[w.SodimoName] = w.Value;
            }

            return Companies[update.Id] = ToCompany(update.Id, fields);
        });

    public Task<IReadOnlyList<CompanyRecord>> CreateManyAsync(IReadOnlyList<CompanyCreate> companies, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Not used by the use cases.");

    public Task<IReadOnlyList<CompanyRecord>> UpdateManyAsync(IReadOnlyList<CompanyUpdate> updates, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Not used by the use cases.");

    public CompanyRecord SeedCompany(string clientCode, string name, params (string Field, object? Value)[] values)
    {
        var fields = Schema.GetObject("Company").Fields.ToDictionary(f => f.SodimoName, _ => (object?)null);
        fields["client_code"] = clientCode;
        fields["name"] = name;
        foreach (var (field, value) in values)
        {
            fields[field] = value;
        }

        var id = Guid.NewGuid();
        return Companies[id] = ToCompany(id, fields);
    }

    // --- people ---
    Task<PersonRecord?> ITwentyPeople.GetAsync(Guid id, CancellationToken cancellationToken) =>
        Call("people.get", () => People.GetValueOrDefault(id));

    public Task<PersonRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        Call("people.findByEmail", () => People.Values.SingleOrDefault(p => p.Emails.PrimaryEmail == email));

    public Task<PersonRecord> CreateAsync(PersonCreate person, CancellationToken cancellationToken = default) =>
        Call("people.create", () =>
        {
            Reject(People.ContainsKey(person.Id), person.Id);
            Writes.Add(("people.create", person.Id, person.Fields));
            var record = Apply(new PersonRecord { Id = person.Id }, person.Fields) with { CompanyId = person.CompanyId };
            return People[person.Id] = record;
        });

    public Task<PersonRecord> UpdateAsync(PersonUpdate update, CancellationToken cancellationToken = default) =>
        Call("people.update", () =>
        {
            var current = People.TryGetValue(update.Id, out var p) ? p : throw new RecordNotFoundException("person", update.Id.ToString());
            Writes.Add(("people.update", update.Id, update.Fields));
            var record = Apply(current, update.Fields);
            if (update.CompanyId is { } companyId)
            {
                record = record with { CompanyId = companyId };
            }

            return People[update.Id] = record;
        });

    public PersonRecord SeedPerson(string email, string first, string last, Guid? companyId = null)
    {
        var id = Guid.NewGuid();
        return People[id] = new PersonRecord { Id = id, Name = new PersonName(first, last), Emails = EmailAddresses.Of(email), CompanyId = companyId };
    }

    // --- deals ---
    public Task<Page<DealRecord>> ListAsync(DealQuery query, CancellationToken cancellationToken = default) =>
        Call("deals.list", () =>
        {
            DealQueries.Add(query);
            var matching = Deals.Values
                .Where(d => query.Pipeline is null || d.Pipeline == query.Pipeline.Name)
                .Where(d => query.Stage is null || d.Stage == query.Stage.Name)
                .Where(d => query.Health is null || d.Health == query.Health)
                .Where(d => query.ClientCode is null || d.ClientCode == query.ClientCode)
                .Where(d => query.CompanyId is null || d.CompanyId == query.CompanyId)
                .OrderBy(d => d.Name, StringComparer.Ordinal)
                .ToArray();
            var start = query.Cursor is null ? 0 : int.Parse(query.Cursor, System.Globalization.CultureInfo.InvariantCulture);
            var page = matching.Skip(start).Take(query.Limit).ToArray();
            var next = start + page.Length < matching.Length ? (start + page.Length).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return new Page<DealRecord>(page, next, matching.Length);
        });

    Task<DealRecord?> ITwentyDeals.GetAsync(Guid id, CancellationToken cancellationToken) =>
        Call("deals.get", () => Deals.GetValueOrDefault(id));

    public Task<DealRecord> UpdateAsync(DealUpdate update, CancellationToken cancellationToken = default) =>
        Call("deals.update", () =>
        {
            var deal = Deals.TryGetValue(update.Id, out var d) ? d : throw new RecordNotFoundException("opportunity", update.Id.ToString());
            Writes.Add(("deals.update", update.Id, update.Fields));
            foreach (var w in update.Fields)
            {
                if (Schema.Pipelines.FirstOrDefault(p => p.StageFieldSodimoName == w.SodimoName) is { } pipeline)
                {
                    deal = deal with { Stage = pipeline.FindStage((string)w.Value!)!.Name };
                }
                else if (w.SodimoName == "stage_entered_at")
                {
                    deal = deal with { StageEnteredAt = (DateTimeOffset?)w.Value };
                }
                else if (w.SodimoName == "health")
                {
                    deal = deal with { Health = Schema.TryParseHealth((string?)w.Value, out var h) ? h : null };
                }
            }

            return Deals[update.Id] = deal;
        });

    public Task<IReadOnlyList<DealRecord>> UpdateManyAsync(IReadOnlyList<DealUpdate> updates, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Not used by the use cases.");

    public DealRecord SeedDeal(string name, string pipeline, string stage, string? clientCode = null, DealHealth? health = DealHealth.Green)
    {
        var id = Guid.NewGuid();
        return Deals[id] = new DealRecord
        {
            Id = id,
            Name = name,
            Pipeline = pipeline,
            Stage = stage,
            ClientCode = clientCode,
            Health = health,
            Amount = new Money(1200.50m, "EUR"),
            StageEnteredAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero),
        };
    }

    // --- activities ---
    public Task<ActivityRecord> CreateAsync(ActivityCreate activity, CancellationToken cancellationToken = default) =>
        Call("activities.create", () =>
        {
            Reject(Activities.ContainsKey(activity.Id), activity.Id);
            return Activities[activity.Id] = new ActivityRecord(activity.Kind, activity.Id, activity.Title, activity.BodyMarkdown, activity.DueAt, activity.AssigneeId, null);
        });

    public Task<IReadOnlyList<ActivityTargetRecord>> CreateTargetsAsync(IReadOnlyList<ActivityTargetCreate> targets, CancellationToken cancellationToken = default) =>
        Call<IReadOnlyList<ActivityTargetRecord>>("activities.createTargets", () =>
        {
            foreach (var t in targets)
            {
                Reject(Targets.ContainsKey(t.Id), t.Id);
                if (!Activities.ContainsKey(t.ActivityId))
                {
                    throw new TwentyRejectedException($"No activity {t.ActivityId}.", 400, ["activity not found"]);
                }
            }

            return targets.Select(t => Targets[t.Id] = new ActivityTargetRecord(t.Id, t.Kind, t.ActivityId, t.TargetKind, t.TargetId)).ToArray();
        });

    Task<ActivityRecord?> ITwentyActivities.GetAsync(ActivityKind kind, Guid id, CancellationToken cancellationToken) =>
        Call("activities.get", () => Activities.TryGetValue(id, out var a) && a.Kind == kind ? a : null);

    public Task<IReadOnlyList<ActivityTargetRecord>> ListTargetsAsync(ActivityKind kind, Guid activityId, CancellationToken cancellationToken = default) =>
        Call<IReadOnlyList<ActivityTargetRecord>>("activities.listTargets", () => Targets.Values.Where(t => t.ActivityId == activityId && t.Kind == kind).ToArray());

    // --- search ---
    public Task<Page<SearchHit>> SearchAsync(SearchCriteria criteria, CancellationToken cancellationToken = default) =>
        Call("search", () =>
        {
            Searches.Add(criteria);
            return new Page<SearchHit>(SearchHits.Where(h => criteria.Objects.Contains(h.Kind)).Take(criteria.Limit).ToArray(), null);
        });

    private static void Reject(bool duplicate, Guid id)
    {
        if (duplicate)
        {
            throw new TwentyRejectedException($"A record with id {id} already exists.", 400, ["duplicate key value violates unique constraint"]);
        }
    }

    private static CompanyRecord ToCompany(Guid id, Dictionary<string, object?> fields) => new()
    {
        Id = id,
        Name = (string?)fields["name"],
        ClientCode = (string?)fields["client_code"],
        Fields = fields,
    };

    private static PersonRecord Apply(PersonRecord person, IReadOnlyList<FieldWrite> writes)
    {
        foreach (var w in writes)
        {
            person = w.SodimoName switch
            {
                "name" => person with { Name = (PersonName)w.Value! },
                "emails" => person with { Emails = (EmailAddresses)w.Value! },
                "phones" => person with { Phones = (PhoneNumbers?)w.Value },
                _ => throw new TwentyRejectedException($"Person has no field {w.TwentyName}.", 400, []),
            };
        }

        return person;
    }

    private Task<T> Call<T>(string op, Func<T> body)
    {
        events.Add("twenty." + op);
        if (Before(op) is { } before)
        {
            throw before;
        }

        var result = body();
        if (After(op) is { } after)
        {
            throw after;
        }

        return Task.FromResult(result);
    }
}
