using Snapshooter.Xunit;
using Sodimo.Crm.Domain.Provisioning;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Tests.Provisioning;

public class ProvisioningPlannerTests
{
    private const string Secret = "s3cret-never-printed";
    private static readonly SodimoSchema Schema = SodimoSchema.Current;
    private static readonly WebhookSpec Hook =
        new(new Uri("https://worker.sodimo.test/webhooks/twenty"), ["opportunity.created", "opportunity.updated"], Secret, "Sodimo");

    private static ExistingWebhook RegisteredHook(IReadOnlyList<string>? operations = null, string? secret = Secret) =>
        new(Workspaces.NewId(), "https://worker.sodimo.test/webhooks/twenty", operations ?? ["opportunity.updated", "opportunity.created"], "Sodimo", secret);

    [Fact]
    public void Plan_FreshWorkspace_CreatesDeltaAlertAndEveryCustomField()
    {
        var plan = ProvisioningPlanner.Plan(Schema, Workspaces.Fresh(), Hook);

        plan.HasDrift.ShouldBeFalse(string.Join("\n", plan.Drift));
        plan.Objects.Single(o => o.Action == ObjectAction.Create).Definition.Name.ShouldBe("DeltaAlert");
        var created = plan.Objects.SelectMany(o => o.Fields).Where(f => f.Action == FieldAction.Create).Select(f => f.Field).ToList();
        created.ShouldBe(Schema.AllFields.Where(f => !f.IsStandard).ToList());
        plan.Webhook.Action.ShouldBe(WebhookAction.Create);
        plan.ChangeCount.ShouldBe(1 + created.Count + 1);
    }

    [Fact]
    public void Plan_FreshWorkspace_SelectFieldsAreCreatedWithEveryOptionAndColour()
    {
        var plan = ProvisioningPlanner.Plan(Schema, Workspaces.Fresh(), Hook);

        var health = plan.Objects.SelectMany(o => o.Fields).Single(f => f.Field.TwentyName == "health");
        health.AddedOptions.Select(o => (o.Value, o.ColorApiName)).ShouldBe([("GREEN", "green"), ("YELLOW", "yellow"), ("RED", "red")]);
        var stages = plan.Objects.SelectMany(o => o.Fields).Single(f => f.Field.TwentyName == "exportClientsStage");
        stages.AddedOptions.Select(o => o.Label).ShouldBe(["Order received", "Proforma Sent", "Proforma confirmed", "Payment", "Waiting for delivery"]);
    }

    [Fact]
    public void Render_FreshWorkspace_MatchesSnapshot()
    {
        var text = ProvisioningPlanner.Plan(Schema, Workspaces.Fresh(), Hook).Render();

        text.ShouldNotContain(Secret);
        Snapshot.Match(text);
    }

    [Fact]
    public void Plan_ProvisionedWorkspace_HasNoChangesAndNoDrift()
    {
        var plan = ProvisioningPlanner.Plan(Schema, Workspaces.Provisioned(Schema, RegisteredHook()), Hook);

        plan.HasChanges.ShouldBeFalse(plan.Render());
        plan.HasDrift.ShouldBeFalse();
        plan.Objects.SelectMany(o => o.Fields).ShouldAllBe(f => f.Action == FieldAction.UpToDate);
        plan.Webhook.Action.ShouldBe(WebhookAction.UpToDate);
        plan.Render().ShouldContain("0 changes, no drift");
    }

    [Fact]
    public void Plan_HalfTheCompanyFieldsPresent_CreatesOnlyTheMissingOnes()
    {
        var custom = Schema.CustomFieldsOf("Company");
        var ws = Workspaces.Provisioned(Schema, RegisteredHook());
        var removed = custom.Where((_, i) => i % 2 == 0).ToList();
        foreach (var f in removed)
        {
            ws = ws.With("company", f.TwentyName, null);
        }

        var plan = ProvisioningPlanner.Plan(Schema, ws, Hook);

        plan.Objects.SelectMany(o => o.Fields).Where(f => f.IsChange).Select(f => f.Field).ShouldBe(removed);
        plan.ChangeCount.ShouldBe(removed.Count);
    }

    [Fact]
    public void Plan_FieldWithWrongType_IsDriftNamingBothTypes()
    {
        var ws = Workspaces.Provisioned(Schema).With("company", "clientCode", Workspaces.Field("clientCode", "NUMBER"));

        var plan = ProvisioningPlanner.Plan(Schema, ws, null);

        plan.HasDrift.ShouldBeTrue();
        var drift = plan.Drift.ShouldHaveSingleItem();
        drift.ShouldContain("Company.clientCode exists as NUMBER");
        drift.ShouldContain("wants TEXT");
        plan.Render().ShouldContain("! clientCode");
    }

    [Fact]
    public void Plan_DeactivatedField_IsDrift()
    {
        var ws = Workspaces.Provisioned(Schema).With("opportunity", "health", Workspaces.Field("health", "SELECT", active: false));

        ProvisioningPlanner.Plan(Schema, ws, null).Drift.ShouldHaveSingleItem().ShouldContain("deactivated");
    }

    [Fact]
    public void Plan_UniqueFieldNotUnique_IsDrift()
    {
        var ws = Workspaces.Provisioned(Schema).With("company", "clientCode", Workspaces.Field("clientCode", "TEXT", unique: false));

        ProvisioningPlanner.Plan(Schema, ws, null).Drift.ShouldHaveSingleItem().ShouldContain("not unique");
    }

    [Fact]
    public void Plan_UniquenessUnknown_IsNotDrift()
    {
        var ws = Workspaces.Provisioned(Schema).With("company", "clientCode", Workspaces.Field("clientCode", "TEXT", unique: null));

        ProvisioningPlanner.Plan(Schema, ws, null).HasDrift.ShouldBeFalse();
    }

    [Fact]
    public void Plan_MissingStandardObject_IsDrift()
    {
        var fresh = Workspaces.Fresh();
        var ws = fresh with { Objects = fresh.Objects.Where(o => o.NameSingular != "opportunity").ToArray() };

        var plan = ProvisioningPlanner.Plan(Schema, ws, null);

        plan.Objects.Single(o => o.Definition.Name == "Opportunity").Action.ShouldBe(ObjectAction.Drift);
        plan.Drift.ShouldHaveSingleItem().ShouldContain("standard object opportunity is missing");
        plan.ChangeCount.ShouldBe(1 + Schema.AllFields.Count(f => !f.IsStandard && f.ObjectName != "Opportunity"));
    }

    [Fact]
    public void Plan_MissingSelectOptions_AddsThemAfterTheExistingOnesKeepingTheirIds()
    {
        var green = new ExistingOption(Workspaces.NewId(), "GREEN", "Green", "green", 0);
        var custom = new ExistingOption(Workspaces.NewId(), "AMBER", "Amber (local)", "orange", 5);
        var ws = Workspaces.Provisioned(Schema).With("opportunity", "health", Workspaces.Field("health", "SELECT", [custom, green]));

        var plan = ProvisioningPlanner.Plan(Schema, ws, null);

        var health = plan.Objects.SelectMany(o => o.Fields).Single(f => f.IsChange);
        health.Action.ShouldBe(FieldAction.AddOptions);
        health.KeptOptions.ShouldBe([green, custom]);
        health.AddedOptions.Select(o => (o.Value, o.Position, o.ColorApiName)).ShouldBe([("YELLOW", 6, "yellow"), ("RED", 7, "red")]);
        plan.Render().ShouldContain("~ health");
    }

    [Fact]
    public void Plan_OptionWithDifferentLabel_IsLeftAlone()
    {
        var options = Schema.HealthOptions.Select(o => new ExistingOption(Workspaces.NewId(), o.Value, "Renamed " + o.Label, "gray", o.Position)).ToArray();
        var ws = Workspaces.Provisioned(Schema).With("opportunity", "health", Workspaces.Field("health", "SELECT", options));

        ProvisioningPlanner.Plan(Schema, ws, null).HasChanges.ShouldBeFalse();
    }

    [Fact]
    public void Plan_RelationInverseNameTaken_IsDrift()
    {
        var fresh = Workspaces.Fresh();
        var company = fresh.FindObject("company")!;
        var ws = fresh with
        {
            Objects = fresh.Objects.Select(o => o.NameSingular == "company"
                ? company with { Fields = [.. company.Fields, Workspaces.Field("deltaAlerts", "TEXT")] }
                : o).ToArray(),
        };

        var plan = ProvisioningPlanner.Plan(Schema, ws, null);

        plan.Drift.ShouldHaveSingleItem().ShouldContain("company.deltaAlerts (its inverse) already exists as TEXT");
    }

    [Fact]
    public void Plan_WebhookWithOtherOperations_IsUpdated()
    {
        var ws = Workspaces.Provisioned(Schema, RegisteredHook(["*.*"]));

        var plan = ProvisioningPlanner.Plan(Schema, ws, Hook);

        plan.Webhook.Action.ShouldBe(WebhookAction.Update);
        plan.Webhook.Changes.ShouldBe(["operations"]);
        plan.ChangeCount.ShouldBe(1);
    }

    [Fact]
    public void Plan_WebhookWithOtherSecret_IsUpdatedWithoutPrintingEitherSecret()
    {
        var ws = Workspaces.Provisioned(Schema, RegisteredHook(secret: "old-secret"));

        var plan = ProvisioningPlanner.Plan(Schema, ws, Hook);

        plan.Webhook.Changes.ShouldBe(["secret"]);
        plan.Render().ShouldNotContain(Secret);
        plan.Render().ShouldNotContain("old-secret");
    }

    [Fact]
    public void Plan_WebhookSecretNotReturned_IsUpToDate()
    {
        var ws = Workspaces.Provisioned(Schema, RegisteredHook(secret: null));

        ProvisioningPlanner.Plan(Schema, ws, Hook).Webhook.Action.ShouldBe(WebhookAction.UpToDate);
    }

    [Fact]
    public void Plan_OtherWebhooksOnly_CreatesOursAndLeavesThemAlone()
    {
        var other = new ExistingWebhook(Workspaces.NewId(), "https://zapier.test/hook", ["*.*"], null, "");
        var ws = Workspaces.Provisioned(Schema, other);

        var plan = ProvisioningPlanner.Plan(Schema, ws, Hook);

        plan.Webhook.Action.ShouldBe(WebhookAction.Create);
        plan.Webhook.ExistingId.ShouldBeNull();
    }

    [Fact]
    public void Plan_NoWebhookConfigured_SaysSo()
    {
        var plan = ProvisioningPlanner.Plan(Schema, Workspaces.Provisioned(Schema), null);

        plan.Webhook.Action.ShouldBe(WebhookAction.NotConfigured);
        plan.HasChanges.ShouldBeFalse();
        plan.Render().ShouldContain("not configured");
    }
}
