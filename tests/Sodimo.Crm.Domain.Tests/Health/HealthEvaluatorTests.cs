using Sodimo.Crm.Domain.Health;

namespace Sodimo.Crm.Domain.Tests.Health;

public class HealthEvaluatorTests
{
    private static readonly DateTimeOffset Entered = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);
    private readonly HealthEvaluator _evaluator = new();

    [Theory]
    [InlineData("Order received", 1)]
    [InlineData("Proforma Sent", 3)]
    [InlineData("Proforma confirmed", 1)]
    [InlineData("Payment", 3)]
    [InlineData("Waiting for delivery", 5)]
    public void Evaluate_ExportClientsBoundaries_GreenAtThresholdYellowAfterRedPastTwice(string stage, int days)
    {
        var threshold = TimeSpan.FromDays(days);
        Health(stage, TimeSpan.Zero).ShouldBe(DealHealth.Green);
        Health(stage, threshold).ShouldBe(DealHealth.Green);
        Health(stage, threshold + TimeSpan.FromSeconds(1)).ShouldBe(DealHealth.Yellow);
        Health(stage, threshold * 2).ShouldBe(DealHealth.Yellow);
        Health(stage, threshold * 2 + TimeSpan.FromSeconds(1)).ShouldBe(DealHealth.Red);
    }

    [Fact]
    public void Evaluate_NewLeadsByDefault_IsAlwaysGreen()
    {
        _evaluator.Evaluate("New Leads - Wine", "Negotiation", Entered, Entered.AddDays(365)).ShouldBe(DealHealth.Green);
    }

    [Fact]
    public void Evaluate_NewLeadsWithOverride_Rots()
    {
        var policy = new HealthPolicy
        {
            ThresholdOverrides = new Dictionary<string, TimeSpan?> { ["NEGOTIATION"] = TimeSpan.FromDays(7) },
        };
        var evaluator = new HealthEvaluator(policy: policy);

        evaluator.Evaluate("NEW_LEADS_WINE", "Negotiation", Entered, Entered.AddDays(7)).ShouldBe(DealHealth.Green);
        evaluator.Evaluate("NEW_LEADS_WINE", "Negotiation", Entered, Entered.AddDays(8)).ShouldBe(DealHealth.Yellow);
        evaluator.Evaluate("NEW_LEADS_WINE", "Negotiation", Entered, Entered.AddDays(15)).ShouldBe(DealHealth.Red);
        evaluator.Evaluate("NEW_LEADS_WINE", "Qualification", Entered, Entered.AddDays(100)).ShouldBe(DealHealth.Green);
    }

    [Fact]
    public void Evaluate_OverrideToNull_SwitchesRottingOff()
    {
        var policy = new HealthPolicy { ThresholdOverrides = new Dictionary<string, TimeSpan?> { ["PAYMENT"] = null } };
        var evaluator = new HealthEvaluator(policy: policy);

        evaluator.ThresholdFor("Export Clients", "Payment").ShouldBeNull();
        evaluator.Evaluate("Export Clients", "Payment", Entered, Entered.AddDays(30)).ShouldBe(DealHealth.Green);
    }

    [Fact]
    public void Evaluate_RedMultiplierThree_MovesTheRedBoundary()
    {
        var evaluator = new HealthEvaluator(policy: new HealthPolicy { RedMultiplier = 3 });

        evaluator.Evaluate("Export Clients", "Proforma Sent", Entered, Entered.AddDays(9)).ShouldBe(DealHealth.Yellow);
        evaluator.Evaluate("Export Clients", "Proforma Sent", Entered, Entered.AddDays(9).AddSeconds(1)).ShouldBe(DealHealth.Red);
    }

    [Fact]
    public void Evaluate_EnteredInTheFuture_IsGreen()
    {
        _evaluator.Evaluate("Export Clients", "Payment", Entered, Entered.AddHours(-3)).ShouldBe(DealHealth.Green);
    }

    [Fact]
    public void Evaluate_StageValueAndNameAndCase_AreEquivalent()
    {
        var now = Entered.AddDays(4);
        _evaluator.Evaluate("EXPORT_CLIENTS", "PAYMENT", Entered, now).ShouldBe(DealHealth.Yellow);
        _evaluator.Evaluate("export clients", "payment", Entered, now).ShouldBe(DealHealth.Yellow);
    }

    [Fact]
    public void Evaluate_StageOfTheOtherPipeline_Throws()
    {
        var ex = Should.Throw<KeyNotFoundException>(() => _evaluator.Evaluate("Export Clients", "Negotiation", Entered, Entered));
        ex.Message.ShouldContain("Export Clients");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public void Constructor_MultiplierBelowOne_Throws(double multiplier)
    {
        Should.Throw<ArgumentException>(() => new HealthEvaluator(policy: new HealthPolicy { RedMultiplier = multiplier }));
    }

    [Fact]
    public void Constructor_OverrideOfUnknownStage_Throws()
    {
        var policy = new HealthPolicy { ThresholdOverrides = new Dictionary<string, TimeSpan?> { ["WON"] = TimeSpan.FromDays(1) } };
        Should.Throw<ArgumentException>(() => new HealthEvaluator(policy: policy)).Message.ShouldContain("WON");
    }

    [Fact]
    public void Constructor_ZeroThreshold_Throws()
    {
        var policy = new HealthPolicy { ThresholdOverrides = new Dictionary<string, TimeSpan?> { ["PAYMENT"] = TimeSpan.Zero } };
        Should.Throw<ArgumentException>(() => new HealthEvaluator(policy: policy));
    }

    private DealHealth Health(string stage, TimeSpan inStage) =>
        _evaluator.Evaluate("Export Clients", stage, Entered, Entered + inStage);
}
