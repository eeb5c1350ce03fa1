using Sodimo.Crm.Domain.Merge;

namespace Sodimo.Crm.Domain.Tests.Merge;

public class MergePolicyTests
{
    private static readonly string[] CompanyMix =
        ["client_code", "ar_balance", "delivery_address", "halal_cert", "last_order_top_skus", "name"];

    [Fact]
    public void Decide_SodimoFieldsOnlyOnUpdate_AllowsSodiwinFieldsAndRefusesTheRestByName()
    {
        var decision = MergePolicy.SodimoFieldsOnly.Decide("Company", CompanyMix);

        decision.AllowedNames.ShouldBe(["client_code", "ar_balance", "last_order_top_skus"]);
        decision.Refused.Select(r => (r.FieldName, r.Reason)).ShouldBe(
        [
            ("delivery_address", RefusalReason.OwnedByAnotherOrigin),
            ("halal_cert", RefusalReason.OwnedByAnotherOrigin),
            ("name", RefusalReason.OnlyAtCreation),
        ]);
        decision.IsFullyAllowed.ShouldBeFalse();
        decision.Refused[0].Message.ShouldContain("Company.delivery_address is owned by Twenty");
    }

    [Fact]
    public void Decide_SodimoFieldsOnlyOnCreate_AlsoAllowsAtCreationFields()
    {
        var decision = MergePolicy.SodimoFieldsOnly.Decide("Company", ["name", "billing_address", "client_code"], MergeOperation.Create);

        decision.AllowedNames.ShouldBe(["name", "billing_address", "client_code"]);
        decision.IsFullyAllowed.ShouldBeTrue();
    }

    [Fact]
    public void Decide_TwentyFieldsOnly_AllowsTwentyFieldsAndAtCreationFields()
    {
        var decision = MergePolicy.TwentyFieldsOnly.Decide("company", CompanyMix);

        decision.AllowedNames.ShouldBe(["delivery_address", "halal_cert", "name"]);
        decision.RefusedNames.ShouldBe(["client_code", "ar_balance", "last_order_top_skus"]);
    }

    [Fact]
    public void Decide_TwentyFieldsOnly_RefusesWorkflowFields()
    {
        var decision = MergePolicy.TwentyFieldsOnly.Decide("Opportunity", ["health", "stage_entered_at", "export_clients_stage"]);

        decision.AllowedNames.ShouldBe(["export_clients_stage"]);
        decision.Refused.ShouldAllBe(r => r.Reason == RefusalReason.OwnedByAnotherOrigin && r.Message.Contains("Workflow"));
    }

    [Fact]
    public void Decide_SodimoFieldsOnly_RefusesTwentyOwnedStandardFields()
    {
        var decision = MergePolicy.SodimoFieldsOnly.Decide("Person", ["name", "emails", "phones"]);

        decision.Allowed.ShouldBeEmpty();
        decision.RefusedNames.ShouldBe(["name", "emails", "phones"]);
    }

    [Fact]
    public void Decide_All_AllowsEveryKnownFieldButNotUnknownOnes()
    {
        var decision = MergePolicy.All.Decide("Opportunity", ["health", "client_code", "stage", "clientCode"]);

        decision.AllowedNames.ShouldBe(["health", "client_code", "stage"]);
        decision.Refused.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            r => r.FieldName.ShouldBe("clientCode"),
            r => r.Reason.ShouldBe(RefusalReason.UnknownField),
            r => r.Message.ShouldContain("Opportunity has no field \"clientCode\""));
    }

    [Fact]
    public void Decide_DuplicateNames_AreReportedOnce()
    {
        var decision = MergePolicy.SodimoFieldsOnly.Decide("Company", ["client_code", "client_code", "bogus", "bogus"]);

        decision.AllowedNames.ShouldBe(["client_code"]);
        decision.RefusedNames.ShouldBe(["bogus"]);
    }

    [Fact]
    public void Decide_UnknownObject_Throws()
    {
        Should.Throw<KeyNotFoundException>(() => MergePolicy.All.Decide("Invoice", ["x"]));
    }

    [Theory]
    [InlineData("sodimo-fields-only", MergePolicyKind.SodimoFieldsOnly)]
    [InlineData(" Twenty-Fields-Only ", MergePolicyKind.TwentyFieldsOnly)]
    [InlineData("all", MergePolicyKind.All)]
    public void TryParse_WireName_ParsesAndRoundTrips(string text, MergePolicyKind kind)
    {
        MergePolicy.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(kind);
        MergePolicy.TryParse(MergePolicy.ToName(kind), out var again).ShouldBeTrue();
        again.ShouldBe(kind);
    }

    [Theory]
    [InlineData("sodimo")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_UnknownName_ReturnsFalse(string? text)
    {
        MergePolicy.TryParse(text, out _).ShouldBeFalse();
    }
}
