using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Metadata;

namespace Sodimo.Crm.Testing.Tests.Metadata;

/// <summary>PEER-CASES [metadata] object-name rules (v1 snapshot).</summary>
public class ObjectInputValidatorTests
{
    private static JsonObject Input(string singular, string plural, string labelSingular = "Deal alert", string labelPlural = "Deal alerts") => new()
    {
        ["nameSingular"] = singular,
        ["namePlural"] = plural,
        ["labelSingular"] = labelSingular,
        ["labelPlural"] = labelPlural,
    };

    [Fact]
    public void Valid_HasNoErrors() => ObjectInputValidator.ValidateCreate(Input("dealAlert", "dealAlerts"), ["person", "people"]).ShouldBeEmpty();

    [Fact]
    public void SameLabelsAfterTrim_AreRefused() =>
        ObjectInputValidator.ValidateCreate(Input("dealAlert", "dealAlerts", "Alert", " Alert "), [])
            .ShouldBe(["The singular and plural labels cannot be the same for an object"]);

    [Fact]
    public void SameNames_AreRefused() =>
        ObjectInputValidator.ValidateCreate(Input("dealAlert", "dealAlert"), [])
            .ShouldBe(["The singular and plural names cannot be the same for an object"]);

    [Fact]
    public void ReservedUser_IsNotAvailable() =>
        ObjectInputValidator.ValidateCreate(Input("user", "users"), []).ShouldContain("The name \"user\" is not available");

    [Fact]
    public void EmptyLabel_IsTooShort() =>
        ObjectInputValidator.ValidateCreate(Input("dealAlert", "dealAlerts", ""), []).ShouldContain("Input is too short: \"\"");

    [Fact]
    public void ExistingName_IsRefused() =>
        ObjectInputValidator.ValidateCreate(Input("person", "persons"), ["person", "people"]).ShouldContain("The name \"person\" is not available");
}
