using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Sodiwin;

namespace Sodimo.Crm.Application.Sync;

/// <summary>
/// The nightly Sodiwin sync (docs/sync.md): reads the dump, looks its client codes up in Twenty 200 at a time, plans
/// creates and changed-field updates under <c>sodimo-fields-only</c>, and writes them in batches of 60, each batch
/// through the run ledger (one entry per call, actor and run id of the run) while holding a lease so two runs never
/// overlap. A second run over the same input makes no write.
/// </summary>
public sealed partial class SodiwinSyncEngine
{
    /// <summary>The tool name of the sync's ledger entries.</summary>
    public const string Tool = "sodiwin_sync";

    private readonly ITwentyCompanies _companies;
    private readonly IRunLedger _ledger;
    private readonly ILeaseStore _leases;
    private readonly TimeProvider _time;
    private readonly SodiwinSyncOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the engine.</summary>
    /// <param name="companies">Twenty's companies.</param>
    /// <param name="ledger">The run ledger.</param>
    /// <param name="leases">The lease store (in the ledger's database).</param>
    /// <param name="time">The clock.</param>
    /// <param name="options">Page, batch and lease settings; defaults when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    public SodiwinSyncEngine(
        ITwentyCompanies companies, IRunLedger ledger, ILeaseStore leases, TimeProvider time, SodiwinSyncOptions? options = null, ILogger? logger = null)
    {
        _companies = companies ?? throw new ArgumentNullException(nameof(companies));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _leases = leases ?? throw new ArgumentNullException(nameof(leases));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _options = options ?? new SodiwinSyncOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The client-generated id of the company created for a client code: the same in every run.</summary>
    /// <param name="clientCode">The normalised client code.</param>
    /// <returns>The id.</returns>
    public static Guid CompanyIdFor(string clientCode) => ClientIds.For(Tool, clientCode, "company");

    /// <summary>Runs the sync.</summary>
    /// <param name="source">Where the clients come from.</param>
    /// <param name="run">The run's id, actor (<see cref="Actor.Sync"/>) and job name.</param>
    /// <param name="dryRun">Plan only: no write, no ledger entry, no lease.</param>
    /// <param name="progress">Receives progress after each call; may be null.</param>
    /// <param name="cancellationToken">Stops the run between calls.</param>
    /// <returns>The report; never throws for a failed run (see <see cref="SodiwinSyncReport.Outcome"/>).</returns>
    public async Task<SodiwinSyncReport> RunAsync(
        ISodiwinClientSource source, RunContext run, bool dryRun, IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(run);
        run.Validate();
        var report = new SodiwinSyncReport { RunId = run.RunId, Source = source.Name, DryRun = dryRun, StartedAt = _time.GetUtcNow() };
        Lease? lease = null;
        if (!dryRun)
        {
            try
            {
                lease = await _leases.TryAcquireAsync(_options.LeaseName, run.RunId, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerUnavailableException ex)
            {
                return Finish(report, SyncOutcome.Failed, $"The ledger is unavailable, nothing was read or written: {ex.Message}");
            }

            if (lease is null)
            {
                return Finish(report, SyncOutcome.Failed,
                    $"Another sync holds the lease \"{_options.LeaseName}\"; this run did nothing (two syncs never overlap).");
            }
        }

        try
        {
            return await RunLeasedAsync(source, run, dryRun, progress, report, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (lease is not null)
            {
                try
                {
                    await _leases.ReleaseAsync(_options.LeaseName, run.RunId, CancellationToken.None).ConfigureAwait(false);
                }
                catch (LedgerUnavailableException ex)
                {
                    LogReleaseFailed(ex, _options.LeaseName);
                }
            }
        }
    }

    private async Task<SodiwinSyncReport> RunLeasedAsync(
        ISodiwinClientSource source, RunContext run, bool dryRun, IProgress<SyncProgress>? progress, SodiwinSyncReport report, CancellationToken cancellationToken)
    {
        SodiwinDump dump;
        try
        {
            dump = await source.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SodiwinDumpException ex)
        {
            return Finish(report, SyncOutcome.Failed, ex.Message);
        }

        report = report with { Encoding = dump.Encoding, Batch = dump.Batch, RowUnit = dump.RowUnit, RecordCount = dump.RecordCount, IgnoredColumns = dump.IgnoredColumns };
        var counter = new CallCounter();
        SyncPlan plan;
        try
        {
            plan = await PlanAsync(dump, counter, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TwentyUnavailableException or TwentyRejectedException or TwentyOutcomeUnknownException)
        {
            return Finish(report with { ReadCalls = counter.Reads }, SyncOutcome.Failed, $"Reading Twenty failed, nothing was written: {ex.Message}");
        }

        report = report with
        {
            Plan = plan,
            ReadCalls = counter.Reads,
            LowerBoundCalls = LowerBound(plan, counter.LookedUp),
        };
        LogPlanned(run.RunId, plan.Creates.Count, plan.Updates.Count, plan.Unchanged.Count, plan.Rejected.Count);
        if (dryRun)
        {
            return Finish(report, plan.Rejected.Count > 0 ? SyncOutcome.CompletedWithRejections : SyncOutcome.Succeeded, null);
        }

        var writer = new BatchWriter(this, run, counter, progress);
        string? error = null;
        try
        {
            await writer.WriteAsync("create", plan.Creates, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync("update", plan.Updates, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncStoppedException ex)
        {
            error = ex.Message;
        }

        report = report with
        {
            Created = writer.Created,
            Updated = writer.Updated,
            WriteRejections = writer.Rejections,
            WriteCalls = counter.Writes,
        };
        var outcome = error is not null ? SyncOutcome.Failed
            : plan.Rejected.Count + writer.Rejections.Count > 0 ? SyncOutcome.CompletedWithRejections
            : SyncOutcome.Succeeded;
        return Finish(report, outcome, error);
    }

    private SodiwinSyncReport Finish(SodiwinSyncReport report, SyncOutcome outcome, string? error)
    {
        if (error is not null)
        {
            LogFailed(report.RunId, error);
        }

        return report with { Outcome = outcome, Error = error, FinishedAt = _time.GetUtcNow() };
    }

    private int LowerBound(SyncPlan plan, int lookedUp) =>
        Ceil(lookedUp, _options.ReadPageSize) + Ceil(plan.Creates.Count, _options.WriteBatchSize) + Ceil(plan.Updates.Count, _options.WriteBatchSize);

    private static int Ceil(int n, int size) => (n + size - 1) / size;

    private async Task<SyncPlan> PlanAsync(SodiwinDump dump, CallCounter counter, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        var rejected = new List<SodiwinRowError>(dump.Errors);
        var byCode = dump.Clients.GroupBy(c => c.ClientCode, StringComparer.Ordinal).ToArray();
        var unique = new List<SodiwinClient>(byCode.Length);
        foreach (var group in byCode)
        {
            if (group.Count() == 1)
            {
                unique.Add(group.First());
                continue;
            }

            var lines = string.Join(", ", group.Select(c => c.LineNumber));
            rejected.AddRange(group.Select(c => new SodiwinRowError(c.LineNumber, SodiwinRowErrorKind.DuplicateKey,
                $"duplicate key: client code {c.ClientCode} is on {dump.RowUnit}s {lines}; none of them is synced", c.ClientCode)));
        }

        // Only codes that passed validation reach a filter (the reader rejects the others).
        var inTwenty = new Dictionary<string, List<CompanyRecord>>(StringComparer.Ordinal);
        var done = 0;
        foreach (var chunk in unique.Select(c => c.ClientCode).Where(c => SodiwinClientCode.IsValid(c)).Chunk(_options.ReadPageSize))
        {
            string? cursor = null;
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                counter.Reads++;
                var page = await _companies.FindByClientCodesAsync(chunk, cursor, cancellationToken).ConfigureAwait(false);
                foreach (var company in page.Items)
                {
                    var code = SodiwinClientCode.Normalize(company.ClientCode);
                    if (!inTwenty.TryGetValue(code, out var list))
                    {
                        inTwenty[code] = list = [];
                    }

                    if (!list.Exists(c => c.Id == company.Id))
                    {
                        list.Add(company);
                    }
                }

                cursor = page.NextCursor;
            }
            while (cursor is not null);
            done += chunk.Length;
            counter.LookedUp += chunk.Length;
            progress?.Report(new SyncProgress("read", done, unique.Count));
        }

        var creates = new List<SyncCompanyChange>();
        var updates = new List<SyncCompanyChange>();
        var unchanged = new List<string>();
        foreach (var client in unique.OrderBy(c => c.LineNumber))
        {
            var matches = inTwenty.GetValueOrDefault(client.ClientCode);
            if (matches is null || matches.Count == 0)
            {
                var fields = SodiwinCompanyMapping.CreateFields
                    .Select(f => new SyncFieldChange(f.SodimoName, f.TwentyName, null, SodiwinCompanyMapping.ValueOf(client, f)))
                    .Where(c => c.New is not null)
                    .ToArray();
                creates.Add(new SyncCompanyChange(client.ClientCode, client.LineNumber, CompanyIdFor(client.ClientCode), fields));
            }
            else if (matches.Count > 1)
            {
                rejected.Add(new SodiwinRowError(client.LineNumber, SodiwinRowErrorKind.AmbiguousMatch,
                    $"client code {client.ClientCode} matches {matches.Count} companies in Twenty ({string.Join(", ", matches.Select(m => m.Id))}); "
                    + "nothing is written until the duplicates are merged", client.ClientCode));
            }
            else
            {
                var company = matches[0];
                var changes = new List<SyncFieldChange>();
                foreach (var field in SodiwinCompanyMapping.UpdateFields)
                {
                    var old = company.Fields.GetValueOrDefault(field.SodimoName);
                    var value = SodiwinCompanyMapping.ValueOf(client, field);
                    if (!SodiwinCompanyMapping.Same(old, value))
                    {
                        changes.Add(new SyncFieldChange(field.SodimoName, field.TwentyName, old, value));
                    }
                }

                if (changes.Count == 0)
                {
                    unchanged.Add(client.ClientCode);
                }
                else
                {
                    updates.Add(new SyncCompanyChange(client.ClientCode, client.LineNumber, company.Id, changes));
                }
            }
        }

        return new SyncPlan
        {
            Creates = creates,
            Updates = updates,
            Unchanged = unchanged,
            Rejected = [.. rejected.OrderBy(r => r.LineNumber)],
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync {RunId}: {Creates} to create, {Updates} to update, {Unchanged} unchanged, {Rejected} rejected")]
    private partial void LogPlanned(string runId, int creates, int updates, int unchanged, int rejected);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync {RunId} failed: {Error}")]
    private partial void LogFailed(string runId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sync lease {Lease} could not be released; it expires on its own")]
    private partial void LogReleaseFailed(Exception exception, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync {RunId}: Twenty refused {Kind} batch {Key} of {Count}: {Error}")]
    private partial void LogBatchRefused(string runId, string kind, string key, int count, string error);

    private sealed class CallCounter
    {
        public int Reads { get; set; }

        public int Writes { get; set; }

        public int LookedUp { get; set; }
    }

    /// <summary>The run cannot go on (Twenty or the ledger unavailable, an outcome unknown, the lease lost).</summary>
    private sealed class SyncStoppedException(string message) : Exception(message);

    /// <summary>Writes planned changes in batches, each through the ledger; splits a refused batch to find the bad record.</summary>
    private sealed class BatchWriter(SodiwinSyncEngine engine, RunContext run, CallCounter counter, IProgress<SyncProgress>? progress)
    {
        private readonly List<SodiwinRowError> _rejections = [];
        private int _done;
        private int _total;

        public int Created { get; private set; }

        public int Updated { get; private set; }

        public List<SodiwinRowError> Rejections => _rejections;

        public async Task WriteAsync(string kind, IReadOnlyList<SyncCompanyChange> changes, CancellationToken cancellationToken)
        {
            _done = 0;
            _total = changes.Count;
            var index = 0;
            foreach (var batch in changes.Chunk(engine._options.WriteBatchSize))
            {
                await WriteBatchAsync(kind, batch, (index++).ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task WriteBatchAsync(string kind, SyncCompanyChange[] batch, string suffix, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RenewLeaseAsync(cancellationToken).ConfigureAwait(false);
            var key = $"{Tool}:{run.RunId}:{kind}:{suffix}";
            var json = RequestJson(kind, batch);
            LedgerBeginResult begin;
            try
            {
                begin = await engine._ledger.BeginAsync(
                    new LedgerBeginRequest(run, Tool, new LedgerTarget("company", batch.Length == 1 ? batch[0].CompanyId.ToString() : null, batch.Length == 1 ? batch[0].ClientCode : null),
                        key, json, LedgerRequestHash.Of(json)),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerUnavailableException ex)
            {
                throw new SyncStoppedException($"The ledger is unavailable; {kind} batch {suffix} and the rest were not sent: {ex.Message}");
            }

            if (begin.Outcome == LedgerBeginOutcome.AlreadySucceeded)
            {
                Count(kind, batch.Length);
                return;
            }

            if (!begin.IsStarted)
            {
                throw new SyncStoppedException($"The ledger holds {key} as {begin.Entry.Status.ToCode()} ({begin.Outcome}); nothing more was sent.");
            }

            var entryId = begin.Entry.Id;
            IReadOnlyList<CompanyRecord> written;
            try
            {
                await engine._ledger.RecordAttemptAsync(entryId, cancellationToken).ConfigureAwait(false);
                counter.Writes++;
                written = kind == "create"
                    ? await engine._companies.CreateManyAsync(
                        batch.Select(c => new CompanyCreate(c.CompanyId, Writes(c, SodiwinCompanyMapping.CreateFields))).ToArray(), cancellationToken).ConfigureAwait(false)
                    : await engine._companies.UpdateManyAsync(
                        batch.Select(c => new CompanyUpdate(c.CompanyId, Writes(c, SodiwinCompanyMapping.UpdateFields))).ToArray(), cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerUnavailableException ex)
            {
                throw new SyncStoppedException($"The ledger is unavailable; {kind} batch {suffix} and the rest were not sent: {ex.Message}");
            }
            catch (TwentyRejectedException ex)
            {
                await CompleteAsync(entryId, LedgerOutcome.Rejected(Describe(ex))).ConfigureAwait(false);
                engine.LogBatchRefused(run.RunId, kind, key, batch.Length, Describe(ex));
                if (batch.Length == 1)
                {
                    var c = batch[0];
                    _rejections.Add(new SodiwinRowError(c.LineNumber, SodiwinRowErrorKind.WriteRejected,
                        $"Twenty refused to {kind} company {c.ClientCode}: {Describe(ex)}", c.ClientCode));
                    return;
                }

                // Nothing of the batch was written: split it to write the good records and pin down the bad one(s).
                var half = (batch.Length + 1) / 2;
                await WriteBatchAsync(kind, batch.Take(half).ToArray(), suffix + ".0", cancellationToken).ConfigureAwait(false);
                await WriteBatchAsync(kind, batch.Skip(half).ToArray(), suffix + ".1", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TwentyUnavailableException ex)
            {
                await CompleteAsync(entryId, LedgerOutcome.Failed(ex.Message)).ConfigureAwait(false);
                throw new SyncStoppedException($"Twenty is unavailable; {kind} batch {suffix} and the rest were not sent: {ex.Message}");
            }
            catch (Exception ex) when (ex is TwentyOutcomeUnknownException or OperationCanceledException)
            {
                // Sent, outcome unknown: the entry stays pending. The next run reads Twenty again and converges; creates
                // use the same client-generated ids, so a create that did land cannot be made twice.
                throw new SyncStoppedException($"The outcome of {kind} batch {suffix} is unknown (ledger entry {entryId} left pending); rerun the sync: {ex.Message}");
            }

            var action = kind == "create" ? RecordAction.Created : RecordAction.Updated;
            var records = written.Select(r => new TouchedRecord("company", r.Id.ToString(), action)).ToArray();
            await CompleteAsync(entryId, LedgerOutcome.Succeeded(records)).ConfigureAwait(false);
            Count(kind, batch.Length);
        }

        private void Count(string kind, int n)
        {
            if (kind == "create")
            {
                Created += n;
            }
            else
            {
                Updated += n;
            }

            _done += n;
            progress?.Report(new SyncProgress(kind, _done, _total));
        }

        private async Task RenewLeaseAsync(CancellationToken cancellationToken)
        {
            Lease? lease;
            try
            {
                lease = await engine._leases.RenewAsync(engine._options.LeaseName, run.RunId, engine._options.LeaseDuration, cancellationToken).ConfigureAwait(false);
            }
            catch (LedgerUnavailableException ex)
            {
                throw new SyncStoppedException($"The ledger is unavailable; the lease could not be renewed: {ex.Message}");
            }

            if (lease is null)
            {
                throw new SyncStoppedException($"The lease \"{engine._options.LeaseName}\" was lost (expired and taken over); this run stopped writing.");
            }
        }

        private async Task CompleteAsync(Guid entryId, LedgerOutcome outcome)
        {
            try
            {
                await engine._ledger.CompleteAsync(entryId, outcome, CancellationToken.None).ConfigureAwait(false);
            }
            catch (LedgerUnavailableException ex)
            {
                throw new SyncStoppedException($"The ledger is unavailable; entry {entryId} stays pending: {ex.Message}");
            }
        }

        private static FieldWrite[] Writes(SyncCompanyChange change, IReadOnlyList<Domain.Schema.SodimoField> allowed) =>
            change.Changes.Select(c => new FieldWrite(allowed.Single(f => f.SodimoName == c.Field), c.New)).ToArray();

        private static string Describe(TwentyRejectedException ex) =>
            ex.TwentyMessages.Count > 0 ? $"{ex.Message} ({string.Join("; ", ex.TwentyMessages)})" : ex.Message;

        private static string RequestJson(string kind, SyncCompanyChange[] batch)
        {
            var records = new JsonArray();
            foreach (var change in batch)
            {
                var fields = new JsonObject();
                foreach (var c in change.Changes)
                {
                    fields[c.TwentyName] = new JsonObject
                    {
                        ["old"] = JsonSerializer.SerializeToNode(c.Old, MutationJson.Options),
                        ["new"] = JsonSerializer.SerializeToNode(c.New, MutationJson.Options),
                    };
                }

                records.Add(new JsonObject
                {
                    ["id"] = change.CompanyId.ToString(),
                    ["clientCode"] = change.ClientCode,
                    ["line"] = change.LineNumber,
                    ["fields"] = fields,
                });
            }

            return new JsonObject { ["operation"] = kind, ["mergePolicy"] = "sodimo-fields-only", ["records"] = records }.ToJsonString(MutationJson.Options);
        }
    }
}
