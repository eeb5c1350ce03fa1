using Sodimo.Crm.Testing.Metadata;

namespace Sodimo.Crm.Testing.Tests.Metadata;

/// <summary>API-FACTS §6.2 (names from labels) and PEER-CASES [metadata] object-name rules (v1 snapshot).</summary>
public class MetadataNamesTests
{
    [Theory]
    [InlineData("Lead Source", "leadSource")]
    [InlineData("2nd email", "n2ndEmail")]
    [InlineData("Code client Sodiwin", "codeClientSodiwin")]
    [InlineData("Dernière commande", "derniereCommande")]
    [InlineData("ARR (€)", "arr")]
    [InlineData("User", "userCustom")]
    public void ComputeFromLabel_Section6_2_Examples(string label, string expected) =>
        MetadataNames.ComputeFromLabel(label).ShouldBe(expected);

    [Fact]
    public void Validate_ReservedUser_IsNotAvailable() =>
        MetadataNames.Validate("user").ShouldContain("The name \"user\" is not available");

    [Fact]
    public void Validate_NotCamelCase_SaysSo() =>
        MetadataNames.Validate("Not_Camel_Case").ShouldBe(["Not_Camel_Case should be in camelCase"]);

    [Fact]
    public void Validate_NonAsciiLetter_IsNotValid() =>
        MetadataNames.Validate("μ").ShouldBe(["String \"μ\" is not valid: must start with lowercase letter and contain only alphanumeric letters"]);

    [Fact]
    public void Validate_TooLong_Over63() =>
        MetadataNames.Validate(new string('a', 64)).ShouldBe(["Name is too long: it exceeds the 63 characters limit."]);

    [Fact]
    public void Validate_63Characters_IsValid() =>
        MetadataNames.Validate(new string('a', 63)).ShouldBeEmpty();

    [Fact]
    public void Validate_Empty_IsTooShort() =>
        MetadataNames.Validate("").ShouldBe(["Input is too short: \"\""]);
}
