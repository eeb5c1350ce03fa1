using System.Text.Json;
using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Sync;

/// <summary>
/// Keeps each deal's health current: reads the deals 200 at a time, computes each one's health from its pipeline, stage
/// and time in stage against <see cref="SodimoSchema"/>'s thresholds (<see cref="HealthEvaluator"/>, "now" from the
/// clock), and writes only the deals whose health changed, 60 per batch, each batch one ledger entry (actor
/// <see cref="Actor.Workflow"/>), under a lease so two runs never overlap.
/// </summary>
public sealed class DealHealthJob
{
    /// <summary>The tool name of the job's ledger entries.</summary>
    public const string Tool = "deal_health";

    /// <summary>The lease the job holds while it writes.</summary>
    public const string LeaseName = "deal-health";

    private static readonly SodimoSchema Schema = SodimoSchema.Current;
    private static readonly SodimoField HealthField = Schema.GetField(SodimoObjectNames.Opportunity, SodimoFieldNames.Health);

    private readonly ITwentyDeals _deals;
    private readonly IRunLedger _ledger;
    private readonly ILeaseStore _leases;
    private readonly TimeProvider _time;
    private readonly HealthEvaluator _evaluator;

    /// <summary>Creates the job.</summary>
    /// <param name="deals">Twenty's deals.</param>
    /// <param name="ledger">The run ledger.</param>
    /// <param name="leases">The lease store.</param>
    /// <param name="time">The clock ("now").</param>
    /// <param name="evaluator">The health rules; the schema's thresholds when null.</param>
    public DealHealthJob(ITwentyDeals deals, IRunLedger ledger, ILeaseStore leases, TimeProvider time, HealthEvaluator? evaluator = null)
    {
        _deals = deals ?? throw new ArgumentNullException(nameof(deals));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _leases = leases ?? throw new ArgumentNullException(nameof(leases));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _evaluator = evaluator ?? new HealthEvaluator();
    }

    /// <summary>Runs the job.</summary>
    /// <param name="run">The run id, actor (<see cref="Actor.Workflow"/>) and job name.</param>
    /// <param name="dryRun">Compute and report only.</param>
    /// <param name="cancellationToken">Stops the run between calls.</param>
    /// <returns>The report; never throws for a failed run.</returns>
    public async Task<DealHealthReport> RunAsync(RunContext run, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Validate();
        var now = _time.GetUtcNow();
        var report = new DealHealthReport { RunId = run.RunId, DryRun = dryRun, EvaluatedAt = now };
        if (!dryRun)
        {
            try
            {
                if (await _leases.TryAcquireAsync(LeaseName, run.RunId, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false) is null)
                {
                    return report with { Outcome = SyncOutcome.Failed, Error = $"Another health run holds the lease \"{LeaseName}\"; this run did nothing." };
                }
            }
            catch (LedgerUnavailableException ex)
            {
                return report with { Outcome = SyncOutcome.Failed, Error = $"The ledger is unavailable: {ex.Message}" };
            }
        }

        try
        {
            return await RunLeasedAsync(run, dryRun, now, report, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!dryRun)
            {
                try
                {
                    await _leases.ReleaseAsync(LeaseName, run.RunId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (LedgerUnavailableException)
                {
                    // The lease expires on its own.
                }
            }
        }
    }

    private async Task<DealHealthReport> RunLeasedAsync(RunContext run, bool dryRun, DateTimeOffset now, DealHealthReport report, CancellationToken cancellationToken)
    {
        var changes = new List<DealHealthChange>();
        int read = 0, evaluated = 0, skipped = 0, readCalls = 0;
        string? cursor = null;
        try
        {
            do
            {
                readCalls++;
                var page = await _deals.ListAsync(new DealQuery { Limit = TwentyLimits.MaxPageSize, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
                foreach (var deal in page.Items)
                {
                    read++;
                    if (deal.Pipeline is null || deal.Stage is null || deal.StageEnteredAt is not { } entered
                        || Schema.FindPipeline(deal.Pipeline) is not { } pipeline || pipeline.FindStage(deal.Stage) is not { } stage)
                    {
                        skipped++;
                        continue;
                    }

                    evaluated++;
                    var health = _evaluator.Evaluate(pipeline.Name, stage.Name, entered, now);
                    if (deal.Health != health)
                    {
                        changes.Add(new DealHealthChange(deal.Id, deal.Name, pipeline.Name, stage.Name, now - entered, deal.Health, health));
                    }
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }
        catch (Exception ex) when (ex is TwentyUnavailableException or TwentyRejectedException or TwentyOutcomeUnknownException)
        {
            return report with { Outcome = SyncOutcome.Failed, Error = $"Reading the deals failed, nothing was written: {ex.Message}", ReadCalls = readCalls };
        }

        report = report with { DealsRead = read, Evaluated = evaluated, Skipped = skipped, Changes = changes, ReadCalls = readCalls };
        if (dryRun || changes.Count == 0)
        {
            return report with { Outcome = SyncOutcome.Succeeded };
        }

        var written = 0;
        var writeCalls = 0;
        var refused = new List<string>();
        var index = 0;
        foreach (var batch in changes.Chunk(TwentyLimits.MaxBatchSize))
        {
            var key = $"{Tool}:{run.RunId}:{index++}";
            var json = RequestJson(batch);
            try
            {
                var begin = await _ledger.BeginAsync(new LedgerBeginRequest(run, Tool, new LedgerTarget("opportunity"), key, json, LedgerRequestHash.Of(json)),
                    cancellationToken).ConfigureAwait(false);
                if (!begin.IsStarted)
                {
                    return Stop(report, written, writeCalls, refused, $"The ledger holds {key} as {begin.Entry.Status.ToCode()}; nothing more was sent.");
                }

                await _ledger.RecordAttemptAsync(begin.Entry.Id, cancellationToken).ConfigureAwait(false);
                writeCalls++;
                try
                {
                    var updated = await _deals.UpdateManyAsync(
                        batch.Select(c => new DealUpdate(c.DealId, [new FieldWrite(HealthField, Schema.HealthOption(c.New).Value)])).ToArray(),
                        cancellationToken).ConfigureAwait(false);
                    await _ledger.CompleteAsync(begin.Entry.Id, LedgerOutcome.Succeeded(
                        updated.Select(d => new TouchedRecord("opportunity", d.Id.ToString(), RecordAction.Updated)).ToArray()), CancellationToken.None).ConfigureAwait(false);
                    written += batch.Length;
                }
                catch (TwentyRejectedException ex)
                {
                    await _ledger.CompleteAsync(begin.Entry.Id, LedgerOutcome.Rejected(ex.Message), CancellationToken.None).ConfigureAwait(false);
                    refused.Add($"batch {key} ({batch.Length} deals): {ex.Message}");
                }
                catch (TwentyUnavailableException ex)
                {
                    await _ledger.CompleteAsync(begin.Entry.Id, LedgerOutcome.Failed(ex.Message), CancellationToken.None).ConfigureAwait(false);
                    return Stop(report, written, writeCalls, refused, $"Twenty is unavailable: {ex.Message}");
                }
                catch (TwentyOutcomeUnknownException ex)
                {
                    return Stop(report, written, writeCalls, refused, $"The outcome of {key} is unknown (left pending): {ex.Message}");
                }
            }
            catch (LedgerUnavailableException ex)
            {
                return Stop(report, written, writeCalls, refused, $"The ledger is unavailable: {ex.Message}");
            }
        }

        return report with
        {
            Written = written,
            WriteCalls = writeCalls,
            Refused = refused,
            Outcome = refused.Count > 0 ? SyncOutcome.CompletedWithRejections : SyncOutcome.Succeeded,
        };
    }

    private static DealHealthReport Stop(DealHealthReport report, int written, int writeCalls, List<string> refused, string error) =>
        report with { Written = written, WriteCalls = writeCalls, Refused = refused, Outcome = SyncOutcome.Failed, Error = error };

    private static string RequestJson(DealHealthChange[] batch)
    {
        var records = new JsonArray();
        foreach (var c in batch)
        {
            records.Add(new JsonObject
            {
                ["id"] = c.DealId.ToString(),
                ["stage"] = c.Stage,
                ["timeInStage"] = c.TimeInStage.ToString(),
                ["health"] = new JsonObject
                {
                    ["old"] = c.Old is { } old ? Schema.HealthOption(old).Value : null,
                    ["new"] = Schema.HealthOption(c.New).Value,
                },
            });
        }

        return new JsonObject { ["operation"] = "update", ["field"] = HealthField.TwentyName, ["records"] = records }.ToJsonString(MutationJson.Options);
    }
}
