using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Cronos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Sync;
using Sodimo.Crm.Infrastructure;
using Sodimo.Crm.SyncWorker.Cli;
using Sodimo.Crm.SyncWorker.Sync;

namespace Sodimo.Crm.SyncWorker.Scheduling;

/// <summary>
/// <c>run</c>: stays up and runs <c>sync</c> nightly, <c>health</c> hourly and a reconciler pass every few minutes, each on
/// its cron schedule (section <c>Sodimo:Schedule</c>, read in Europe/Paris by default), one job at a time in this
/// process and under the jobs' leases across processes (docs/sync.md, "Scheduling"). Logs a line per job start and end.
/// Ctrl+C or SIGTERM abandons the job in progress (the jobs are crash-safe: what was written is in the ledger, the next
/// run converges) and exits 0. Bad configuration: one line on stderr, exit 1.
/// </summary>
internal sealed class RunCommand : IWorkerCommand
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sodimo:Schedule";

    /// <summary>The lease the reconciler pass holds, so two passes never overlap.</summary>
    public const string ReconcileLeaseName = "mutation-reconcile";

    private const string Prefix = "run: ";

    /// <summary>Hook for tests: adjusts each job's services (the Twenty HTTP handler, the clock).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The clock the schedule runs on (tests pass a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Whether to stop on SIGTERM as on Ctrl+C (off in tests).</summary>
    public bool HandleSigterm { get; init; } = true;

    /// <summary>Hook for tests: called with the next due instant each time the loop starts waiting (its timer is already set).</summary>
    public Action<DateTimeOffset>? Waiting { get; init; }

    /// <inheritdoc />
    public string Name => "run";

    /// <inheritdoc />
    public string Usage =>
        "run                     Stay up: sync nightly (03:30), health hourly, reconcile pending ledger rows every 5 min;\n"
        + "                        cron schedules in Sodimo:Schedule (Sync, Health, Reconcile, TimeZone, SyncSource). Stops on Ctrl+C/SIGTERM.";

    /// <inheritdoc />
    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        if (args.Count > 0)
        {
            await context.Error.WriteLineAsync($"{Prefix}unknown option \"{args[0]}\"; usage: run (configure it in {SectionName})").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        var section = context.Configuration.GetSection(SectionName);
        List<Job> jobs;
        try
        {
            jobs = ReadJobs(section);
        }
        catch (Exception ex) when (ex is CronFormatException or ArgumentException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            await context.Error.WriteLineAsync($"{Prefix}bad configuration: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = HandleSigterm
            ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
            {
                signal.Cancel = true;
                stop.Cancel();
            })
            : null;

        var start = Time.GetUtcNow();
        foreach (var job in jobs)
        {
            job.Due = job.Schedule.Next(start);
            await Log(context, $"scheduled {job.Name} \"{job.Schedule.Text}\"{(job.Due is { } due ? $", next at {due:u}" : " (off)")}").ConfigureAwait(false);
        }

        try
        {
            while (true)
            {
                var next = jobs.Where(j => j.Due is not null).Select(j => j.Due!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
                var delay = next == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : next - Time.GetUtcNow();
                if (delay == Timeout.InfiniteTimeSpan || delay > TimeSpan.Zero)
                {
                    var wait = Task.Delay(delay, Time, stop.Token);
                    Waiting?.Invoke(next);
                    await wait.ConfigureAwait(false);
                }

                foreach (var job in jobs.Where(j => j.Due is { } d && d <= Time.GetUtcNow()))
                {
                    await RunJobAsync(job, context, stop.Token).ConfigureAwait(false);
                    job.Due = job.Schedule.Next(Time.GetUtcNow() > job.Due!.Value ? Time.GetUtcNow() : job.Due.Value);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await Log(context, "stopped").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    private static List<Job> ReadJobs(IConfigurationSection section)
    {
        var zoneId = section["TimeZone"] is { Length: > 0 } z ? z : "Europe/Paris";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        JobSchedule Schedule(string key, string fallback)
        {
            var text = section[key] is { Length: > 0 } configured ? configured : fallback;
            try
            {
                return JobSchedule.Parse(text, zone);
            }
            catch (CronFormatException ex)
            {
                throw new ArgumentException(
                    $"{SectionName}:{key} \"{text}\" is not a five-field cron expression (minute hour day month weekday, e.g. \"30 3 * * *\") or \"off\": {ex.Message}", ex);
            }
        }

        var sync = Schedule("Sync", "30 3 * * *");
        var source = section["SyncSource"];
        if (!sync.Disabled && string.IsNullOrWhiteSpace(source))
        {
            throw new ArgumentException($"{SectionName}:SyncSource is required for the nightly sync (csv:PATH or sql), or set {SectionName}:Sync to \"off\".");
        }

        if (!sync.Disabled && source != "sql" && !(source!.StartsWith("csv:", StringComparison.Ordinal) && source.Length > 4))
        {
            throw new ArgumentException(
                $"{SectionName}:SyncSource \"{source}\" is not a sync source: csv:PATH (a dump file) or sql (the ETL's staging table in the ledger database).");
        }

        return
        [
            new Job("sync", sync, JobKind.Sync, source, section["ReportDirectory"]),
            new Job("health", Schedule("Health", "0 * * * *"), JobKind.Health, null, null),
            new Job("reconcile", Schedule("Reconcile", "*/5 * * * *"), JobKind.Reconcile, null, null),
        ];
    }

    private async Task RunJobAsync(Job job, CliContext context, CancellationToken cancellationToken)
    {
        await Log(context, $"{job.Name} start").ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        string outcome;
        try
        {
            outcome = job.Kind switch
            {
                JobKind.Sync => Describe(await new SyncCommand { ConfigureServices = ConfigureServices, Interactive = false }
                    .RunAsync(SyncArgs(job), context, cancellationToken).ConfigureAwait(false)),
                JobKind.Health => Describe(await new HealthCommand { ConfigureServices = ConfigureServices }
                    .RunAsync([], context, cancellationToken).ConfigureAwait(false)),
                _ => await ReconcileAsync(context, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Log(context, $"{job.Name} end: abandoned (stopping) after {watch.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);
            throw;
        }
#pragma warning disable CA1031 // A failed job is logged; the worker stays up for the next one.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = $"failed: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}";
        }

        await Log(context, $"{job.Name} end: {outcome} in {watch.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);
    }

    private string[] SyncArgs(Job job)
    {
        if (string.IsNullOrWhiteSpace(job.ReportDirectory))
        {
            return ["--source", job.Source!];
        }

        var report = Path.Combine(job.ReportDirectory, string.Create(CultureInfo.InvariantCulture, $"sync-{Time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.json"));
        return ["--source", job.Source!, "--report", report];
    }

    private static string Describe(int exit) => exit switch
    {
        SyncCommand.ExitOk => "exit 0 (ok)",
        SyncCommand.ExitRejectedRows => "exit 2 (done, with rejected rows)",
        _ => string.Create(CultureInfo.InvariantCulture, $"exit {exit} (failed)"),
    };

    private async Task<string> ReconcileAsync(CliContext context, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSodimoCrmInfrastructure(context.Configuration);
        ConfigureServices?.Invoke(services);
        await using var provider = services.BuildServiceProvider();
        var time = provider.GetRequiredService<TimeProvider>();
        var leases = provider.GetRequiredService<ILeaseStore>();
        var owner = $"reconcile-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        if (await leases.TryAcquireAsync(ReconcileLeaseName, owner, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false) is null)
        {
            return $"skipped: another reconciler holds the lease \"{ReconcileLeaseName}\"";
        }

        try
        {
            var reconciler = new MutationReconciler(
                provider.GetRequiredService<IRunLedger>(),
                provider.GetRequiredService<ITwentyCompanies>(),
                provider.GetRequiredService<ITwentyPeople>(),
                provider.GetRequiredService<ITwentyDeals>(),
                provider.GetRequiredService<ITwentyActivities>(),
                time,
                provider);
            var syncLease = context.Configuration[$"{SodiwinSyncOptions.SectionName}:LeaseName"] is { Length: > 0 } name ? name : new SodiwinSyncOptions().LeaseName;
            var report = await reconciler.ReconcileAsync(new ReconcileOptions { SyncLeaseName = syncLease }, cancellationToken).ConfigureAwait(false);
            var counts = report.Counts.OrderBy(c => c.Key).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Value} {c.Key.ToString().ToLowerInvariant()}"));
            return string.Create(CultureInfo.InvariantCulture, $"{report.Results.Count} pending looked at{(report.Results.Count == 0 ? string.Empty : ": " + string.Join(", ", counts))}");
        }
        finally
        {
            await leases.ReleaseAsync(ReconcileLeaseName, owner, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private Task Log(CliContext context, string line) =>
        context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Time.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss'Z'} {Prefix}{line}"));

    private enum JobKind
    {
        Sync,
        Health,
        Reconcile,
    }

    private sealed class Job(string name, JobSchedule schedule, JobKind kind, string? source, string? reportDirectory)
    {
        public string Name { get; } = name;

        public JobSchedule Schedule { get; } = schedule;

        public JobKind Kind { get; } = kind;

        public string? Source { get; } = source;

        public string? ReportDirectory { get; } = reportDirectory;

        public DateTimeOffset? Due { get; set; }
    }
}
