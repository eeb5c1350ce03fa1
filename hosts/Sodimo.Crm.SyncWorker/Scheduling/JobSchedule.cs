using Cronos;

namespace Sodimo.Crm.SyncWorker.Scheduling;

/// <summary>A job's cron expression read in a time zone (Europe/Paris by default), or "off".</summary>
internal sealed class JobSchedule
{
    private readonly CronExpression? _cron;
    private readonly TimeZoneInfo _zone;

    private JobSchedule(string text, CronExpression? cron, TimeZoneInfo zone)
    {
        Text = text;
        _cron = cron;
        _zone = zone;
    }

    /// <summary>The expression as configured.</summary>
    public string Text { get; }

    /// <summary>Whether the job is switched off (<c>off</c>).</summary>
    public bool Disabled => _cron is null;

    /// <summary>Parses a five-field cron expression (or <c>off</c>).</summary>
    /// <param name="text">The expression, e.g. <c>30 3 * * *</c>.</param>
    /// <param name="zone">The zone the expression is read in.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="CronFormatException">The expression is not valid cron.</exception>
    public static JobSchedule Parse(string text, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return string.Equals(trimmed, "off", StringComparison.OrdinalIgnoreCase)
            ? new JobSchedule(trimmed, null, zone)
            : new JobSchedule(trimmed, CronExpression.Parse(trimmed, CronFormat.Standard), zone);
    }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/>, in the schedule's zone (a local time skipped by a DST
    /// change runs at the first instant after the gap; a repeated one runs once).
    /// </summary>
    /// <param name="after">The instant to look from.</param>
    /// <returns>The next occurrence, or <see langword="null"/> when disabled or there is none.</returns>
    public DateTimeOffset? Next(DateTimeOffset after) => _cron?.GetNextOccurrence(after, _zone, inclusive: false);
}
