using Mediator;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Common.Validation;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Merge;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.UpsertContact;

/// <summary>
/// Handles <see cref="UpsertContactCommand"/>. Reads first (company by client code, person by e-mail), decides every
/// write under the merge policy and refuses before writing anything if a field is outside it, then writes: the
/// company (create with its client-generated id, or update only the fields whose value changes), then the person
/// (create with the company link, or one update with fields and link). Each landed step is added to the ledger entry
/// before the next write is sent, the last one with the outcome.
/// </summary>
internal sealed class UpsertContactHandler : ICommandHandler<UpsertContactCommand, UpsertContactResult>
{
    private readonly ITwentyCompanies _companies;
    private readonly ITwentyPeople _people;

    public UpsertContactHandler(ITwentyCompanies companies, ITwentyPeople people)
    {
        _companies = companies;
        _people = people;
    }

    public async ValueTask<UpsertContactResult> Handle(UpsertContactCommand command, CancellationToken cancellationToken)
    {
        var schema = SodimoSchema.Current;
        if (!MergePolicy.TryParse(command.MergePolicy, out var kind))
        {
            throw new RequestRefusedException([new RequestProblem("MergePolicy", $"Unknown merge policy \"{command.MergePolicy}\".")]);
        }

        var policy = new MergePolicy(kind, schema);

        // 1. Reads.
        var company = command.Company is null
            ? null
            : await _companies.FindByClientCodeAsync(command.Company.ClientCode, cancellationToken).ConfigureAwait(false);
        var email = command.Person is null ? null : CrmRules.NormalizeEmail(command.Person.Email);
        var person = email is null ? null : await _people.FindByEmailAsync(email, cancellationToken).ConfigureAwait(false);

        // 2. Decisions: everything is refused or allowed before the first write.
        // A record found under this mutation's client-generated id was created by an earlier attempt of it: the
        // policy judges the request as the create it was.
        var companyClientId = ClientIds.For(command.ToolName, command.IdempotencyKey, "company");
        var personClientId = ClientIds.For(command.ToolName, command.IdempotencyKey, "person");
        var companyCreatedEarlier = company is not null && company.Id == companyClientId;
        var personCreatedEarlier = person is not null && person.Id == personClientId;
        var companyPlan = command.Company is null ? null : PlanCompany(policy, command, company, companyCreatedEarlier);
        var personPlan = command.Person is null ? null : PlanPerson(schema, policy, command.Person, email!, person, personCreatedEarlier);

        // 3. Writes.
        var records = new List<TouchedRecord>();
        if (companyCreatedEarlier)
        {
            Touch(records, "company", companyClientId, RecordAction.Created);
        }

        if (personCreatedEarlier)
        {
            Touch(records, "person", personClientId, RecordAction.Created);
        }

        var written = new Dictionary<string, IReadOnlyList<string>>();
        Guid? companyId = company?.Id;
        var companyOutcome = command.Company is null ? UpsertOutcome.NotRequested : UpsertOutcome.Unchanged;
        if (companyPlan is { } cp)
        {
            if (company is null)
            {
                await MutationJournal.SendingAsync().ConfigureAwait(false);
                var created = await _companies.CreateAsync(new CompanyCreate(companyClientId, cp), cancellationToken).ConfigureAwait(false);
                companyId = created.Id;
                companyOutcome = UpsertOutcome.Created;
                Touch(records, "company", created.Id, RecordAction.Created);
            }
            else if (cp.Count > 0)
            {
                await MutationJournal.SendingAsync().ConfigureAwait(false);
                await _companies.UpdateAsync(new CompanyUpdate(company.Id, cp), cancellationToken).ConfigureAwait(false);
                companyOutcome = UpsertOutcome.Updated;
                Touch(records, "company", company.Id, RecordAction.Updated);
            }

            if (cp.Count > 0)
            {
                written[SodimoObjectNames.Company] = cp.Select(w => w.SodimoName).ToArray();
            }
        }

        Guid? personId = person?.Id;
        var personOutcome = command.Person is null ? UpsertOutcome.NotRequested : UpsertOutcome.Unchanged;
        var linkTo = command.LinkPersonToCompany && companyId is not null && command.Person is not null ? companyId : null;
        var linked = person?.CompanyId is not null && person.CompanyId == companyId;
        if (personPlan is { } pp)
        {
            if (person is null)
            {
                await MutationJournal.SendingAsync().ConfigureAwait(false);
                var created = await _people.CreateAsync(new PersonCreate(personClientId, pp, linkTo), cancellationToken).ConfigureAwait(false);
                personId = created.Id;
                personOutcome = UpsertOutcome.Created;
                linked = linkTo is not null;
                Touch(records, "person", created.Id, RecordAction.Created);
            }
            else
            {
                var link = linkTo is not null && person.CompanyId != linkTo ? linkTo : null;
                if (pp.Count > 0 || link is not null)
                {
                    await MutationJournal.SendingAsync().ConfigureAwait(false);
                    await _people.UpdateAsync(new PersonUpdate(person.Id, pp, link), cancellationToken).ConfigureAwait(false);
                    personOutcome = UpsertOutcome.Updated;
                    linked = linked || link is not null;
                    Touch(records, "person", person.Id, RecordAction.Updated);
                }
            }

            if (pp.Count > 0)
            {
                written[SodimoObjectNames.Person] = pp.Select(w => w.SodimoName).ToArray();
            }
        }

        if (companyCreatedEarlier)
        {
            companyOutcome = UpsertOutcome.Created;
        }

        if (personCreatedEarlier)
        {
            personOutcome = UpsertOutcome.Created;
        }

        return new UpsertContactResult
        {
            CompanyId = companyId,
            Company = companyOutcome,
            PersonId = personId,
            Person = personOutcome,
            Linked = linked && companyId is not null && personId is not null,
            FieldsWritten = written,
            Records = records,
        };
    }

    /// <summary>The Sodimo names of the Person fields a contact input writes (when the person is created).</summary>
    internal static IEnumerable<string> PersonFieldNames(ContactInput input)
    {
        yield return "emails";
        if (input.FirstName is not null || input.LastName is not null)
        {
            yield return "name";
        }

        if (input.Phone is not null)
        {
            yield return "phones";
        }
    }

    private static List<FieldWrite> PlanCompany(MergePolicy policy, UpsertContactCommand command, CompanyRecord? existing, bool createdEarlier)
    {
        var input = command.Company!;
        var operation = existing is null || createdEarlier ? MergeOperation.Create : MergeOperation.Update;
        var names = input.Fields.Keys.ToList();
        if (existing is null)
        {
            names.Insert(0, SodimoFieldNames.ClientCode);
        }

        var decision = policy.Decide(SodimoObjectNames.Company, names, operation);
        if (!decision.IsFullyAllowed)
        {
            var problems = decision.Refused.Select(r => new RequestProblem($"Company.Fields.{r.FieldName}",
                r.FieldName == SodimoFieldNames.ClientCode
                    ? $"Company {input.ClientCode} does not exist, and {policy.Name} cannot create it: {r.Message} Use merge policy \"all\" or \"sodimo-fields-only\" to create it."
                    : r.Message)).ToArray();
            throw new RequestRefusedException(problems);
        }

        var writes = new List<FieldWrite>();
        var problemsFound = new List<RequestProblem>();
        foreach (var field in decision.Allowed)
        {
            var raw = field.SodimoName == SodimoFieldNames.ClientCode && existing is null ? input.ClientCode : input.Fields[field.SodimoName];
            if (!FieldValues.TryNormalize(field, raw, out var value, out var error))
            {
                problemsFound.Add(new RequestProblem($"Company.Fields.{field.SodimoName}", error!));
                continue;
            }

            if (existing is null)
            {
                if (value is not null)
                {
                    writes.Add(new FieldWrite(field, value));
                }
            }
            else if (!existing.Fields.TryGetValue(field.SodimoName, out var current) || !FieldValues.AreEqual(current, value))
            {
                writes.Add(new FieldWrite(field, value));
            }
        }

        if (problemsFound.Count > 0)
        {
            throw new RequestRefusedException(problemsFound);
        }

        return writes;
    }

    private static List<FieldWrite> PlanPerson(SodimoSchema schema, MergePolicy policy, ContactInput input, string email, PersonRecord? existing, bool createdEarlier)
    {
        var operation = existing is null || createdEarlier ? MergeOperation.Create : MergeOperation.Update;
        var values = new List<(string Name, object Value)>();
        if (existing is null)
        {
            values.Add(("emails", EmailAddresses.Of(email)));
        }

        if (input.FirstName is not null || input.LastName is not null)
        {
            var name = new PersonName(
                input.FirstName?.Trim() ?? existing?.Name.FirstName,
                input.LastName?.Trim() ?? existing?.Name.LastName);
            if (existing is null || existing.Name != name)
            {
                values.Add(("name", name));
            }
        }

        if (input.Phone is not null)
        {
            var phones = new PhoneNumbers(input.Phone.Trim());
            if (existing?.Phones?.PrimaryPhoneNumber != phones.PrimaryPhoneNumber)
            {
                values.Add(("phones", phones));
            }
        }

        // Every field the input names is checked, even those whose value is unchanged: a field outside the policy is
        // refused whatever its value.
        var decision = policy.Decide(SodimoObjectNames.Person, PersonFieldNames(input), operation);
        if (!decision.IsFullyAllowed)
        {
            throw new RequestRefusedException(decision.Refused.Select(r => new RequestProblem($"Person.{r.FieldName}", r.Message)).ToArray());
        }

        return values.Select(v => new FieldWrite(schema.GetField(SodimoObjectNames.Person, v.Name), v.Value)).ToList();
    }

    private static void Touch(List<TouchedRecord> records, string objectName, Guid id, RecordAction action)
    {
        var record = new TouchedRecord(objectName, id.ToString(), action);
        records.Add(record);
        MutationJournal.Record(record);
    }
}
