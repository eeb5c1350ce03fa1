using Sodimo.Crm.Infrastructure.Sodiwin;

namespace Sodimo.Crm.Infrastructure.Tests.Sodiwin;

public sealed class SodiwinValueParserTests
{
    [Theory]
    [InlineData("0,00", "0")]
    [InlineData("20442,49", "20442.49")]
    [InlineData("-136,81", "-136.81")]
    [InlineData("+5", "5")]
    [InlineData("20442", "20442")]
    [InlineData("1 234,56", "1234.56")]
    [InlineData("1\u00A0234,56", "1234.56")]
    [InlineData("1\u202F234\u202F567,8", "1234567.8")]
    [InlineData("1.234,56", "1234.56")]
    [InlineData("1'234'567", "1234567")]
    [InlineData("-12 345 678,123456", "-12345678.123456")]
    [InlineData("1.234", "1234")]
    [InlineData("9999999999999999999", "9999999999999999999")]
    [InlineData("123456789012345678901234,5", "123456789012345678901234.5")]
    [InlineData("-0,000001", "-0.000001")]
    public void TryParseDecimal_FrenchNumbers_AreRead(string text, string expected)
    {
        SodiwinValueParser.TryParseDecimal(text, out var value).ShouldBeTrue();
        value.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("12.50")]
    [InlineData("1,2,3")]
    [InlineData("1 23,4")]
    [InlineData("1 2345,6")]
    [InlineData("1..234")]
    [InlineData("1 234.567,0")]
    [InlineData("12,")]
    [InlineData(",5")]
    [InlineData("-")]
    [InlineData("abc")]
    [InlineData("1e5")]
    [InlineData("1,5e3")]
    [InlineData("N/A")]
    [InlineData("=1+2")]
    [InlineData("12 ")]
    public void TryParseDecimal_OtherText_IsRefused(string text)
    {
        SodiwinValueParser.TryParseDecimal(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("16/05/2026", true)]
    [InlineData("01/01/0001", true)]
    [InlineData("29/02/2028", true)]
    [InlineData("29/02/2027", false)]
    [InlineData("2026-05-16", false)]
    [InlineData("5/6/2026", false)]
    [InlineData("45123", false)]
    [InlineData("00/01/2026", false)]
    [InlineData("01/13/2026", false)]
    [InlineData("1a/01/2026", false)]
    [InlineData("01/01/0000", false)]
    [InlineData("29/02/2000", true)]
    [InlineData("29/02/1900", false)]
    [InlineData("31/12/9999", true)]
    [InlineData(" 1/01/2026", false)]
    public void TryParseDate_DayMonthYear(string text, bool ok)
    {
        SodiwinValueParser.TryParseDate(text, "dd/MM/yyyy", out var value).ShouldBe(ok);
        if (ok)
        {
            value.ShouldBe(DateOnly.ParseExact(text, "dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("2026-05-16", "yyyy-MM-dd", true)]
    [InlineData("16/05/2026", "yyyy-MM-dd", false)]
    public void TryParseDate_OtherFormat_UsesTheFormat(string text, string format, bool ok)
    {
        SodiwinValueParser.TryParseDate(text, format, out _).ShouldBe(ok);
    }
}
