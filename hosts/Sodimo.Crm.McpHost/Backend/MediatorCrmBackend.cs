using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Mediator;
using Sodimo.Crm.Application.AddActivity;
using Sodimo.Crm.Application.AdvanceStage;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.GetContact;
using Sodimo.Crm.Application.ListDeals;
using Sodimo.Crm.Application.Search;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;
using AppContactResult = Sodimo.Crm.Application.GetContact.ContactResult;

namespace Sodimo.Crm.McpHost.Backend;

/// <summary>
/// The tools' backend in production: each operation is one SDK request sent through the mediator (so validation and
/// the ledger-before-mutation behaviour run), and the SDK's answer or exception is shaped for the model here.
/// </summary>
internal sealed class MediatorCrmBackend(ISender sender) : ICrmBackend
{
    /// <inheritdoc />
    public async ValueTask<DealPage> ListDealsAsync(ListDealsInput input, CancellationToken cancellationToken)
    {
        var result = await Send(() => sender.Send(
            new ListDealsQuery
            {
                Pipeline = input.Pipeline,
                Stage = input.Stage,
                Health = input.Health,
                ClientCode = input.ClientCode,
                CompanyId = input.CompanyId,
                UpdatedSince = input.UpdatedSince,
                Limit = input.Limit,
                Cursor = input.Cursor,
            },
            cancellationToken), write: false, what: "the deals").ConfigureAwait(false);
        return new DealPage(result.Deals.Select(Deal).ToArray(), result.NextCursor, result.TotalCount);
    }

    /// <inheritdoc />
    public async ValueTask<ContactResult> GetContactAsync(GetContactInput input, CancellationToken cancellationToken)
    {
        var what = input.Id is { } id ? $"the person with id {id}" : $"a person with the e-mail address {input.Email}";
        var result = await Send(() => sender.Send(new GetContactQuery { PersonId = input.Id, Email = input.Email }, cancellationToken),
            write: false, what).ConfigureAwait(false);
        return Contact(result);
    }

    /// <inheritdoc />
    public async ValueTask<UpsertContactResult> UpsertContactAsync(UpsertContactInput input, CancellationToken cancellationToken)
    {
        CompanyInput? company = null;
        if (input.CompanyClientCode is { } clientCode)
        {
            var fields = new Dictionary<string, object?>();
            if (input.CompanyName is { } name)
            {
                fields["name"] = name;
            }

            company = new CompanyInput { ClientCode = clientCode, Fields = fields };
        }

        var command = new UpsertContactCommand
        {
            Run = Run(input.Run),
            IdempotencyKey = Key(input.Run),
            MergePolicy = input.MergePolicy,
            Company = company,
            Person = new ContactInput { Email = input.Email, FirstName = input.FirstName, LastName = input.LastName, Phone = input.Phone },
        };
        var result = await Send(() => sender.Send(command, cancellationToken), write: true, $"the contact {input.Email}").ConfigureAwait(false);
        return new UpsertContactResult(
            input.Run.RunId, input.Run.Skill, input.Run.RunIdAssigned,
            (result.PersonId ?? Guid.Empty).ToString(), result.Person == UpsertOutcome.Created,
            result.CompanyId?.ToString(), result.Company == UpsertOutcome.Created,
            result.Records.Select(Touched).ToArray(), result.Replayed);
    }

    /// <inheritdoc />
    public async ValueTask<AdvanceStageResult> AdvanceStageAsync(AdvanceStageInput input, CancellationToken cancellationToken)
    {
        var command = new AdvanceStageCommand
        {
            Run = Run(input.Run),
            IdempotencyKey = Key(input.Run),
            DealId = input.DealId,
            Stage = input.Stage,
        };
        var result = await Send(() => sender.Send(command, cancellationToken), write: true, $"the deal with id {input.DealId}").ConfigureAwait(false);
        return new AdvanceStageResult(
            input.Run.RunId, input.Run.Skill, input.Run.RunIdAssigned, result.DealId.ToString(), result.Pipeline, result.FromStage,
            result.ToStage, result.Changed, result.StageEnteredAt, result.Replayed);
    }

    /// <inheritdoc />
    public async ValueTask<AddActivityResult> AddActivityAsync(AddActivityInput input, CancellationToken cancellationToken)
    {
        var command = new AddActivityCommand
        {
            Run = Run(input.Run),
            IdempotencyKey = Key(input.Run),
            Kind = input.Kind,
            Title = input.Title,
            Body = input.Body,
            DueAt = input.DueAt,
            AssigneeId = input.AssigneeId,
            PersonId = input.PersonId,
            CompanyId = input.CompanyId,
            DealId = input.DealId,
        };
        var result = await Send(() => sender.Send(command, cancellationToken), write: true, "the records to attach the activity to").ConfigureAwait(false);
        return new AddActivityResult(
            input.Run.RunId, input.Run.Skill, input.Run.RunIdAssigned, result.ActivityId.ToString(),
            result.Kind == ActivityKind.Task ? "task" : "note",
            result.Targets.Select(t => new TouchedRecordView(TargetName(t.TargetKind), t.TargetId.ToString(), "linked")).ToArray(),
            result.Replayed);
    }

    /// <inheritdoc />
    public async ValueTask<SearchResult> SearchAsync(SearchInput input, CancellationToken cancellationToken)
    {
        var result = await Send(() => sender.Send(
            new SearchCrmQuery { Text = input.Query, Objects = input.Objects, Limit = input.Limit }, cancellationToken),
            write: false, $"records matching \"{input.Query}\"").ConfigureAwait(false);
        return new SearchResult(result.Hits.Select(Hit).ToArray(), result.NextCursor);
    }

    private static RunContext Run(RunAttribution run) => new(run.RunId, Actor.Ai, run.Skill);

    // Without a caller's key every call is a new mutation: a derived key would make a later, deliberate repeat a replay.
    private static string Key(RunAttribution run) => run.IdempotencyKey ?? "mcp-" + Guid.CreateVersion7().ToString("N");

    private static async ValueTask<T> Send<T>(Func<ValueTask<T>> send, bool write, string what)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (RequestRefusedException ex)
        {
            throw new CrmToolException(CrmErrorKind.Refused, ex.Message + (write ? " Nothing was written." : string.Empty), ValidValuesIn(ex), ex);
        }
        catch (RecordNotFoundException ex)
        {
            throw new CrmToolException(CrmErrorKind.NotFound,
                $"Not found: looked for {what} and the CRM has none. Use crm_search to find the right record.", null, ex);
        }
        catch (TwentyRejectedException ex)
        {
            var detail = ex.TwentyMessages.Count > 0 ? string.Join(" ", ex.TwentyMessages) : ex.Message;
            throw new CrmToolException(CrmErrorKind.Refused, $"The CRM refused the request: {detail}", null, ex);
        }
        catch (TwentyOutcomeUnknownException ex)
        {
            throw new CrmToolException(CrmErrorKind.Unavailable,
                "The CRM did not confirm the write; it may or may not have been applied. The run ledger keeps it pending and it will be reconciled: check with a read tool before retrying, and retry with the same idempotency_key.",
                null, ex) { NothingWritten = false };
        }
        catch (TwentyUnavailableException ex)
        {
            throw new CrmToolException(CrmErrorKind.Unavailable,
                $"The CRM (Twenty) is unavailable right now: {ex.Message} Try again in a minute.", null, ex);
        }
        catch (LedgerUnavailableException ex)
        {
            throw new CrmToolException(CrmErrorKind.Unavailable,
                "Sodimo's run ledger could not record this write, so the CRM was not called. Try again later.", null, ex);
        }
        catch (IdempotencyConflictException ex)
        {
            throw new CrmToolException(CrmErrorKind.Conflict,
                "This idempotency_key was already used for a different request; use a new key for a new request.", null, ex);
        }
        catch (MutationInProgressException ex)
        {
            throw new CrmToolException(CrmErrorKind.Conflict,
                "A write with this idempotency_key is still in progress or waits for a person to resolve it; do not retry it now.", null, ex);
        }
    }

    private static List<string>? ValidValuesIn(RequestRefusedException ex)
    {
        // The SDK names the valid stages in its message; the host also lists them as data for the model.
        if (ex.Problems.Any(p => p.Field.Equals("Stage", StringComparison.OrdinalIgnoreCase) || p.Field.Equals("Pipeline", StringComparison.OrdinalIgnoreCase)))
        {
            var pipeline = SodimoSchema.Current.Pipelines.FirstOrDefault(p => ex.Message.Contains("stages of " + p.Name, StringComparison.Ordinal)
                || ex.Message.Contains(p.Name + " stages", StringComparison.Ordinal) || ex.Message.Contains("pipeline " + p.Name, StringComparison.Ordinal));
            return pipeline?.Stages.Select(s => s.Name).ToList();
        }

        return null;
    }

    private static DealView Deal(DealRecord d) => new(
        d.Id.ToString(), d.Name ?? string.Empty, d.Pipeline, d.Stage,
        d.Health is { } h ? SodimoSchema.Current.HealthOption(h).Label.ToLowerInvariant() : null,
        d.Amount?.Amount, d.Amount?.CurrencyCode, d.ClientCode, d.SodiwinNumeroCommande, d.CompanyId?.ToString(),
        d.StageEnteredAt, d.CloseDate, d.UpdatedAt);

    private static ContactResult Contact(AppContactResult r)
    {
        var p = r.Person;
        var company = r.Company is { } c
            ? new CompanyView(c.Id.ToString(), c.Name ?? string.Empty, c.ClientCode, c.Fields
                .Where(f => f.Value is not null && f.Key is not ("name" or SodimoFieldNames.ClientCode))
                .ToDictionary(f => f.Key, f => ToJson(f.Value!)))
            : null;
        return new ContactResult(new ContactView(
            p.Id.ToString(), p.Name.FirstName, p.Name.LastName, p.Emails.PrimaryEmail,
            p.Emails.AdditionalEmails.Count > 0 ? p.Emails.AdditionalEmails : null,
            p.Phones is { PrimaryPhoneNumber: { } number } phones ? (phones.PrimaryPhoneCallingCode + " " + number).Trim() : null,
            p.JobTitle, p.City, company, p.UpdatedAt));
    }

    private static SearchHit Hit(Application.Common.Ports.SearchHit h) => h.Kind switch
    {
        SearchObjectKind.Person => new SearchHit("person", h.Id.ToString(), h.Label, h.Person?.Emails.PrimaryEmail),
        SearchObjectKind.Company => new SearchHit("company", h.Id.ToString(), h.Label, h.Company?.ClientCode),
        _ => new SearchHit("deal", h.Id.ToString(), h.Label,
            h.Deal is { } d ? string.Join(" / ", new[] { d.Pipeline, d.Stage, d.ClientCode }.Where(s => s is not null)) : null),
    };

    private static TouchedRecordView Touched(TouchedRecord t) => new(
        t.ObjectName == "opportunity" ? "deal" : t.ObjectName, t.Id, t.Action.ToString().ToLowerInvariant());

    private static string TargetName(ActivityTargetKind kind) => kind switch
    {
        ActivityTargetKind.Person => "person",
        ActivityTargetKind.Company => "company",
        _ => "deal",
    };

    // Company field values arrive in their canonical CLR types; write them as JSON without reflection.
    private static JsonElement ToJson(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            Write(w, value);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    private static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case decimal m:
                w.WriteNumberValue(m);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                w.WriteNumberValue(d);
                break;
            case DateOnly date:
                w.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset instant:
                w.WriteStringValue(instant);
                break;
            case Guid g:
                w.WriteStringValue(g);
                break;
            case Money money:
                w.WriteStartObject();
                w.WriteNumber("amount", money.Amount);
                w.WriteString("currency", money.CurrencyCode);
                w.WriteEndObject();
                break;
            case PostalAddress a:
                w.WriteStartObject();
                WriteIfSet(w, "street1", a.Street1);
                WriteIfSet(w, "street2", a.Street2);
                WriteIfSet(w, "postcode", a.Postcode);
                WriteIfSet(w, "city", a.City);
                WriteIfSet(w, "state", a.State);
                WriteIfSet(w, "country", a.Country);
                w.WriteEndObject();
                break;
            case JsonElement e:
                e.WriteTo(w);
                break;
            case System.Collections.IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items)
                {
                    Write(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }
}
