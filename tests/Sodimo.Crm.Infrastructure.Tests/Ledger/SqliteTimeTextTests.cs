using System.Globalization;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>
/// The SQLite ledger writes and reads its timestamps digit by digit; the text and the values must be exactly those of
/// the format string it stores (<see cref="SqliteLedgerDialect.TimeFormat"/>), and text of any other shape is read or
/// refused as <see cref="DateTimeOffset.ParseExact(string, string, IFormatProvider, DateTimeStyles)"/> does.
/// </summary>
public sealed class SqliteTimeTextTests
{
    private static readonly DateTimeOffset[] Edges =
    [
        new(1, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero),
        new(2024, 2, 29, 12, 0, 0, 5, TimeSpan.Zero),
        new(2026, 11, 27, 23, 59, 59, 999, TimeSpan.FromHours(2)),
        new(2026, 1, 1, 0, 30, 0, 0, TimeSpan.FromHours(-9.5)),
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
    ];

    [Fact]
    public void Formatting_writes_the_text_of_the_format_string_for_every_time()
    {
        var random = new Random(20261127);
        var times = Edges.Concat(Enumerable.Range(0, 20_000).Select(_ => RandomTime(random)));
        foreach (var time in times)
        {
            var expected = LedgerDialectTruncate(time).UtcDateTime.ToString(SqliteLedgerDialect.TimeFormat, CultureInfo.InvariantCulture);
            Assert.Equal(expected, SqliteLedgerDialect.FormatTime(time));
        }
    }

    [Fact]
    public void Reading_gives_the_value_of_ParseExact_for_every_stored_text()
    {
        var random = new Random(27112026);
        foreach (var time in Edges.Concat(Enumerable.Range(0, 20_000).Select(_ => RandomTime(random))))
        {
            var text = SqliteLedgerDialect.FormatTime(time);
            var parsed = SqliteLedgerDialect.ParseTime(text);
            Assert.Equal(ParseExact(text), parsed);
            Assert.Equal(TimeSpan.Zero, parsed.Offset);
            Assert.Equal(LedgerDialectTruncate(time), parsed);
        }
    }

    [Theory]
    [InlineData("2026-02-30T10:00:00.000Z")] // no such day
    [InlineData("2025-02-29T10:00:00.000Z")] // not a leap year
    [InlineData("2026-13-01T10:00:00.000Z")]
    [InlineData("2026-00-01T10:00:00.000Z")]
    [InlineData("2026-01-01T24:00:00.000Z")]
    [InlineData("2026-01-01T10:60:00.000Z")]
    [InlineData("2026-01-01T10:00:60.000Z")]
    [InlineData("0000-01-01T10:00:00.000Z")]
    [InlineData("2026-01-01 10:00:00.000Z")]
    [InlineData("2026-01-01T10:00:00.000")]
    [InlineData("2026-01-01T10:00:00Z")]
    [InlineData("2026-1a-01T10:00:00.000Z")]
    [InlineData("２０２６-01-01T10:00:00.000Z")]
    [InlineData("")]
    public void Text_of_another_shape_is_refused_as_ParseExact_refuses_it(string text)
    {
        Assert.Throws<FormatException>(() => ParseExact(text));
        Assert.Throws<FormatException>(() => SqliteLedgerDialect.ParseTime(text));
    }

    private static DateTimeOffset ParseExact(string text) => DateTimeOffset.ParseExact(
        text, SqliteLedgerDialect.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset LedgerDialectTruncate(DateTimeOffset time) => LedgerDialect.Truncate(time);

    private static DateTimeOffset RandomTime(Random random)
    {
        var ticks = random.NextInt64(DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks);
        var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, (14 * 60) + 1));
        var utc = new DateTimeOffset(ticks, TimeSpan.Zero);
        return utc.UtcTicks + offset.Ticks is var local && local >= DateTime.MinValue.Ticks && local <= DateTime.MaxValue.Ticks
            ? utc.ToOffset(offset)
            : utc;
    }
}
