using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sodimo.Crm.Application.AddActivity;
using Sodimo.Crm.Application.AdvanceStage;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.RecordSodiwinOrder;
using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Common.Mutations;

/// <summary>
/// The reconciler of the three CRM write tools. <c>crm_advance_stage</c> is only checked (the deal is read; if it is in
/// the requested stage the entry is confirmed, otherwise it is recorded as not applied and nothing is re-sent, because
/// the deal may have moved since). <c>crm_upsert_contact</c> and <c>crm_add_activity</c> are re-run from the stored
/// request with every create checked first: records are looked up by business key and by their client-generated id,
/// and only those proven absent are created, with the same ids.
/// </summary>
public sealed partial class MutationReconciler : IMutationReconciler
{
    private readonly IRunLedger _ledger;
    private readonly ITwentyCompanies _companies;
    private readonly ITwentyPeople _people;
    private readonly ITwentyDeals _deals;
    private readonly ITwentyActivities _activities;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILeaseStore? _leases;

    /// <summary>Creates the reconciler.</summary>
    /// <param name="ledger">The run ledger.</param>
    /// <param name="companies">Companies port.</param>
    /// <param name="people">People port.</param>
    /// <param name="deals">Deals port.</param>
    /// <param name="activities">Activities port.</param>
    /// <param name="time">The clock.</param>
    /// <param name="services">Where the logger comes from, when logging is registered.</param>
    public MutationReconciler(
        IRunLedger ledger, ITwentyCompanies companies, ITwentyPeople people, ITwentyDeals deals, ITwentyActivities activities,
        TimeProvider time, IServiceProvider? services = null)
    {
        _ledger = ledger;
        _companies = companies;
        _people = people;
        _deals = deals;
        _activities = activities;
        _time = time;
        _logger = services?.GetService<ILogger<MutationReconciler>>() ?? (ILogger)NullLogger.Instance;
        _leases = services?.GetService<ILeaseStore>();
    }

    /// <inheritdoc />
    public async Task<ReconcileReport> ReconcileAsync(ReconcileOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pending = await _ledger.ListPendingAsync(options.MinimumAge, options.BatchSize, cancellationToken).ConfigureAwait(false);
        var results = new List<ReconcileResult>(pending.Count);
        foreach (var entry in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(await ReconcileEntryAsync(entry, options, cancellationToken).ConfigureAwait(false));
        }

        return new ReconcileReport(results);
    }

    /// <inheritdoc />
    public async Task<ReconcileResult> ReconcileEntryAsync(LedgerEntry entry, ReconcileOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(options);
        if (entry.Status != LedgerStatus.Pending)
        {
            return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.LeftPending, $"the entry is {entry.Status.ToCode()}, not pending");
        }

        ReconcileResult result;
        try
        {
            result = entry.ToolName switch
            {
                AdvanceStageCommand.Tool => await CheckStageAsync(entry, cancellationToken).ConfigureAwait(false),
                UpsertContactCommand.Tool => await RerunAsync(entry, e => new UpsertContactHandler(_companies, _people)
                    .Handle(MutationJson.ReadRequest<UpsertContactCommand>(e), cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false),
                AddActivityCommand.Tool => await RerunAsync(entry, e => new AddActivityHandler(_activities, _people, _companies, _deals)
                    .Handle(MutationJson.ReadRequest<AddActivityCommand>(e), cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false),
                // Setting the same order number again is harmless: re-sent after checking nothing else.
                RecordSodiwinOrderCommand.Tool => await RerunAsync(entry, e => new RecordSodiwinOrderHandler(_deals)
                    .Handle(MutationJson.ReadRequest<RecordSodiwinOrderCommand>(e), cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false),
                // A sync batch is only checked, never re-sent: the next sync re-reads Twenty and writes what is missing.
                SodiwinSyncEngine.Tool => await CheckSyncBatchAsync(entry, options, cancellationToken).ConfigureAwait(false),
                _ => new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.LeftPending, "not a tool this reconciler knows"),
            };
        }
        catch (Exception ex) when (ex is TwentyUnavailableException or TwentyOutcomeUnknownException)
        {
            result = new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.LeftPending, $"Twenty could not confirm: {ex.Message}");
        }

        if (result.Decision == ReconcileDecision.LeftPending && TooFar(entry, options))
        {
            var reason = $"Unresolved after {entry.Attempts} attempt(s) since {entry.CreatedAt:O}: {result.Detail}";
            await _ledger.MarkNeedsHumanAsync(entry.Id, reason, cancellationToken).ConfigureAwait(false);
            result = result with { Decision = ReconcileDecision.NeedsHuman, Detail = reason };
        }

        LogDecision(entry.ToolName, entry.Id, result.Decision, result.Detail);
        return result;
    }

    private bool TooFar(LedgerEntry entry, ReconcileOptions options) =>
        _time.GetUtcNow() - entry.CreatedAt > options.MaximumAge || entry.Attempts >= options.MaximumAttempts;

    private async Task<ReconcileResult> CheckStageAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var command = MutationJson.ReadRequest<AdvanceStageCommand>(entry);
        var deal = await _deals.GetAsync(command.DealId, cancellationToken).ConfigureAwait(false);
        if (deal is null)
        {
            await _ledger.CompleteAsync(entry.Id, LedgerOutcome.Failed($"Deal {command.DealId} no longer exists; the stage change was not applied."), cancellationToken).ConfigureAwait(false);
            return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.NotApplied, "the deal no longer exists");
        }

        PipelineStage stage;
        Pipeline pipeline;
        try
        {
            (pipeline, stage) = AdvanceStageHandler.Resolve(SodimoSchema.Current, command, deal);
        }
        catch (RequestRefusedException ex)
        {
            await _ledger.CompleteAsync(entry.Id, LedgerOutcome.Rejected(ex.Message), cancellationToken).ConfigureAwait(false);
            return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.NotApplied, ex.Message);
        }

        if (string.Equals(deal.Stage, stage.Name, StringComparison.Ordinal))
        {
            var record = new TouchedRecord("opportunity", deal.Id.ToString(), RecordAction.Updated);
            var result = new AdvanceStageResult
            {
                DealId = deal.Id,
                Pipeline = pipeline.Name,
                ToStage = stage.Name,
                StageEnteredAt = deal.StageEnteredAt,
                Changed = true,
                Records = [record],
            };
            await _ledger.CompleteAsync(entry.Id, LedgerOutcome.Succeeded([record], MutationJson.Result(result)), cancellationToken).ConfigureAwait(false);
            return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.Confirmed, $"the deal is in {stage.Name}");
        }

        // Not applied. Re-sending could move back a deal someone has moved since: record it as failed, the caller may retry.
        await _ledger.CompleteAsync(entry.Id, LedgerOutcome.Failed(
            $"The deal is in \"{deal.Stage}\", not \"{stage.Name}\": the stage change was not applied (not re-sent)."), cancellationToken).ConfigureAwait(false);
        return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.NotApplied, $"the deal is in {deal.Stage}");
    }

    private async Task<ReconcileResult> RerunAsync<TResult>(LedgerEntry entry, Func<LedgerEntry, Task<TResult>> run, CancellationToken cancellationToken)
        where TResult : IMutationResult
    {
        await _ledger.RecordAttemptAsync(entry.Id, cancellationToken).ConfigureAwait(false);
        using var scope = MutationJournal.Open(_ledger, entry, mayHaveLanded: true);
        TResult result;
        try
        {
            result = await run(entry).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestRefusedException or RecordNotFoundException or TwentyRejectedException)
        {
            // The steps that landed in this run are listed on the entry before a person is asked.
            await scope.FlushAsync().ConfigureAwait(false);
            if (entry.Records.Count == 0 && scope.Records.Count == 0)
            {
                await _ledger.CompleteAsync(entry.Id, LedgerOutcome.Rejected(ex.Message), CancellationToken.None).ConfigureAwait(false);
                return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.NotApplied, ex.Message);
            }

            var reason = $"Partially written ({entry.Records.Count + scope.Records.Count} record(s)) and now refused: {ex.Message}";
            await _ledger.MarkNeedsHumanAsync(entry.Id, reason, CancellationToken.None).ConfigureAwait(false);
            return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.NeedsHuman, reason);
        }

        catch (Exception) when (scope.HasUnflushed)
        {
            // Left pending (Twenty unreachable, outcome unknown): the steps that landed are listed on it first.
            await scope.FlushAsync().ConfigureAwait(false);
            throw;
        }

        var records = scope.Records.Concat(result.Records).Distinct().ToArray();
        try
        {
            // The records the journal still holds are listed in the outcome's commit.
            await _ledger.CompleteAsync(entry.Id, LedgerOutcome.Succeeded(records, MutationJson.Result(result)), CancellationToken.None).ConfigureAwait(false);
        }
        catch (LedgerUnavailableException) when (scope.HasUnflushed)
        {
            // The entry stays pending: list what landed on it if the ledger takes that much.
            try
            {
                await scope.FlushAsync().ConfigureAwait(false);
            }
            catch (LedgerUnavailableException)
            {
                // Nothing more to do here: the next reconcile checks Twenty again.
            }

            throw;
        }
        return scope.Sends == 0
            ? new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.Confirmed, "every record was already in Twenty")
            : new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.Completed, $"{scope.Sends} missing write(s) sent after checking");
    }

    /// <summary>
    /// A <c>sodiwin_sync</c> batch left pending (its run was killed or lost Twenty mid-call). Checked only while holding the
    /// sync's lease, so no live run can still own it. Creates: every company in Twenty, and none created by a later sync
    /// entry, means this batch landed (confirmed); otherwise it did not (recorded as failed: the later run, or the next one,
    /// creates them — a create cannot land twice, the ids are derived from the client codes). Updates: every field at the
    /// batch's new value means confirmed; otherwise not applied (or changed since), recorded as failed. Nothing is re-sent.
    /// </summary>
    private async Task<ReconcileResult> CheckSyncBatchAsync(LedgerEntry entry, ReconcileOptions options, CancellationToken cancellationToken)
    {
        if (_leases is null)
        {
            return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.LeftPending, "no lease store: a live sync run could still own the batch");
        }

        var owner = $"reconcile:{entry.Id}";
        if (await _leases.TryAcquireAsync(options.SyncLeaseName, owner, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false) is null)
        {
            return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.LeftPending,
                $"a sync run holds the lease \"{options.SyncLeaseName}\" (it may still own the batch)");
        }

        try
        {
            var request = JsonNode.Parse(entry.RequestJson)!.AsObject();
            var create = request["operation"]!.GetValue<string>() == "create";
            var records = request["records"]!.AsArray().Select(r => r!.AsObject()).Select(r => (
                Id: Guid.Parse(r["id"]!.GetValue<string>()),
                Code: r["clientCode"]!.GetValue<string>(),
                Fields: r["fields"]!.AsObject())).ToArray();
            var inTwenty = new Dictionary<Guid, CompanyRecord>();
            foreach (var chunk in records.Select(r => r.Code).Distinct(StringComparer.Ordinal).Chunk(TwentyLimits.MaxKeysPerLookup))
            {
                string? cursor = null;
                do
                {
                    var page = await _companies.FindByClientCodesAsync(chunk, cursor, cancellationToken).ConfigureAwait(false);
                    foreach (var company in page.Items)
                    {
                        inTwenty[company.Id] = company;
                    }

                    cursor = page.NextCursor;
                }
                while (cursor is not null);
            }

            var action = create ? RecordAction.Created : RecordAction.Updated;
            var touched = records.Select(r => new TouchedRecord("company", r.Id.ToString(), action)).ToArray();
            string? notApplied;
            if (create)
            {
                var later = await _ledger.QueryAsync(
                    new LedgerQuery { ToolName = SodiwinSyncEngine.Tool, Status = LedgerStatus.Succeeded, From = entry.CreatedAt, Limit = LedgerQuery.MaxLimit },
                    cancellationToken).ConfigureAwait(false);
                var createdLater = later.Where(e => e.Id != entry.Id)
                    .SelectMany(e => e.Records.Where(r => r.Action == RecordAction.Created).Select(r => (RecordId: r.Id, e.RunId)))
                    .GroupBy(r => r.RecordId, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.First().RunId, StringComparer.OrdinalIgnoreCase);
                var missing = records.Count(r => !inTwenty.ContainsKey(r.Id));
                var byLater = records.Where(r => createdLater.ContainsKey(r.Id.ToString())).ToArray();
                notApplied = missing == 0 && byLater.Length == 0 ? null
                    : byLater.Length > 0 ? $"the batch was not applied: {byLater.Length} of its {records.Length} companies were created later by run {createdLater[byLater[0].Id.ToString()]}"
                    : $"the batch was not applied: {missing} of its {records.Length} companies are not in Twenty (the next sync creates them)";
            }
            else
            {
                var differing = records.Count(r => !inTwenty.TryGetValue(r.Id, out var company) || !HasNewValues(company, r.Fields));
                notApplied = differing == 0 ? null
                    : $"not applied, or changed since: {differing} of its {records.Length} companies do not hold the batch's values (the next sync re-plans them)";
            }

            if (notApplied is null)
            {
                await _ledger.CompleteAsync(entry.Id, LedgerOutcome.Succeeded(touched), cancellationToken).ConfigureAwait(false);
                return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.Confirmed, $"every company of the batch holds its values ({records.Length})");
            }

            await _ledger.CompleteAsync(entry.Id, LedgerOutcome.Failed(notApplied), cancellationToken).ConfigureAwait(false);
            return new ReconcileResult(entry.Id, entry.ToolName, ReconcileDecision.NotApplied, notApplied);
        }
        finally
        {
            await _leases.ReleaseAsync(options.SyncLeaseName, owner, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static bool HasNewValues(CompanyRecord company, JsonObject fields)
    {
        foreach (var field in SodiwinCompanyMapping.UpdateFields)
        {
            if (fields[field.TwentyName] is not JsonObject change)
            {
                continue;
            }

            var current = company.Fields.GetValueOrDefault(field.SodimoName);
            var wanted = change["new"];
            object? value = wanted is null ? null
                : current is null ? (wanted is JsonValue v && v.TryGetValue<string>(out var text) ? text : wanted.ToJsonString())
                : wanted.Deserialize(current.GetType(), MutationJson.Options);
            if (!SodiwinCompanyMapping.Same(current, value))
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled {Tool} entry {EntryId}: {Decision} ({Detail})")]
    private partial void LogDecision(string tool, Guid entryId, ReconcileDecision decision, string detail);
}
