using Cronos;
using Sodimo.Crm.SyncWorker.Scheduling;

namespace Sodimo.Crm.SyncWorker.Tests.Scheduling;

public sealed class JobScheduleTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public void Next_NightlyAcrossTheAutumnChange_StaysAt0330LocalTime()
    {
        var schedule = JobSchedule.Parse("30 3 * * *", Paris);

        // 24 Oct 2026 is summer time (UTC+2); DST ends 25 Oct 2026 at 03:00 → 02:00 (UTC+1).
        var first = schedule.Next(new DateTimeOffset(2026, 10, 24, 0, 0, 0, TimeSpan.Zero))!.Value;
        var second = schedule.Next(first)!.Value;

        first.UtcDateTime.ShouldBe(new DateTime(2026, 10, 24, 1, 30, 0, DateTimeKind.Utc));
        second.UtcDateTime.ShouldBe(new DateTime(2026, 10, 25, 2, 30, 0, DateTimeKind.Utc));
        (second - first).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void Next_NightlyAcrossTheSpringChange_StaysAt0330LocalTime()
    {
        var schedule = JobSchedule.Parse("30 3 * * *", Paris);

        // DST starts 29 Mar 2026 at 02:00 → 03:00 (UTC+1 → UTC+2).
        var first = schedule.Next(new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero))!.Value;
        var second = schedule.Next(first)!.Value;

        first.UtcDateTime.ShouldBe(new DateTime(2026, 3, 28, 2, 30, 0, DateTimeKind.Utc));
        second.UtcDateTime.ShouldBe(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc));
        (second - first).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void Next_TimeSkippedBySpringChange_RunsOnceRightAfterTheGap()
    {
        var schedule = JobSchedule.Parse("30 2 * * *", Paris);

        var next = schedule.Next(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero))!.Value;

        next.UtcDateTime.ShouldBe(new DateTime(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc)); // 03:00 CEST, first instant after the gap
        schedule.Next(next)!.Value.UtcDateTime.ShouldBe(new DateTime(2026, 3, 30, 0, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Next_HourRepeatedByAutumnChange_RunsOnce()
    {
        var schedule = JobSchedule.Parse("30 2 * * *", Paris);

        var next = schedule.Next(new DateTimeOffset(2026, 10, 24, 23, 0, 0, TimeSpan.Zero))!.Value;

        next.UtcDateTime.ShouldBe(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc)); // 02:30 CEST, the first of the two
        schedule.Next(next)!.Value.UtcDateTime.ShouldBe(new DateTime(2026, 10, 26, 1, 30, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void Parse_Off_IsDisabled()
    {
        var schedule = JobSchedule.Parse("off", Paris);

        schedule.Disabled.ShouldBeTrue();
        schedule.Next(DateTimeOffset.UnixEpoch).ShouldBeNull();
    }

    [Fact]
    public void Parse_BadExpression_Throws() =>
        Should.Throw<CronFormatException>(() => JobSchedule.Parse("61 3 * * *", Paris));
}
