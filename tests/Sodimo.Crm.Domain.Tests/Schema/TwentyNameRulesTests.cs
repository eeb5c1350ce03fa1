using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Tests.Schema;

public class TwentyNameRulesTests
{
    [Theory]
    [InlineData("clientCode")]
    [InlineData("accise1")]
    [InlineData("a")]
    public void IsValidName_CamelCase_IsValid(string name)
    {
        TwentyNameRules.IsValidName(name, out var problem).ShouldBeTrue();
        problem.ShouldBeNull();
    }

    [Theory]
    [InlineData("type", "reserved")]
    [InlineData("address", "reserved")]
    [InlineData("currency", "reserved")]
    [InlineData("client_code", "camelCase")]
    [InlineData("ClientCode", "camelCase")]
    [InlineData("1stEmail", "camelCase")]
    [InlineData("prénom", "camelCase")]
    [InlineData("", "empty")]
    public void IsValidName_InvalidName_SaysWhy(string name, string why)
    {
        TwentyNameRules.IsValidName(name, out var problem).ShouldBeFalse();
        problem!.ShouldContain(why);
    }

    [Fact]
    public void IsValidName_SixtyFourCharacters_IsTooLong()
    {
        TwentyNameRules.IsValidName(new string('a', 63), out _).ShouldBeTrue();
        TwentyNameRules.IsValidName(new string('a', 64), out var problem).ShouldBeFalse();
        problem!.ShouldContain("63");
    }

    [Theory]
    [InlineData("GREEN", true)]
    [InlineData("DAYS_0_30", true)]
    [InlineData("Green", false)]
    [InlineData("_GREEN", false)]
    [InlineData("GREEN__X", false)]
    [InlineData("0_30", false)]
    public void IsValidOptionValue_Value_MatchesUpperSnakeCase(string value, bool expected)
    {
        TwentyNameRules.IsValidOptionValue(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData(TwentyFieldType.DateTime, "DATE_TIME")]
    [InlineData(TwentyFieldType.MultiSelect, "MULTI_SELECT")]
    [InlineData(TwentyFieldType.FullName, "FULL_NAME")]
    [InlineData(TwentyFieldType.Text, "TEXT")]
    public void ToApiName_Type_RoundTrips(TwentyFieldType type, string apiName)
    {
        type.ToApiName().ShouldBe(apiName);
        TwentyFieldTypeNames.TryParse(apiName, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(type);
    }

    [Fact]
    public void TryParse_UnknownType_ReturnsFalse()
    {
        TwentyFieldTypeNames.TryParse("RATING", out _).ShouldBeFalse();
        TwentyFieldTypeNames.TryParse("text", out _).ShouldBeFalse();
    }
}
