using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Domain.Tests.Schema;

public class SodimoSchemaTests
{
    private static readonly SodimoSchema Schema = SodimoSchema.Current;

    [Fact]
    public void StagesOf_NewLeadsWine_AreTheBriefsEightStagesInOrder()
    {
        Schema.StagesOf(PipelineNames.NewLeadsWine).Select(s => s.Name).ShouldBe(
        [
            "Lead Received", "Qualification", "Product & Price Presentation", "Follow-up / Feedback", "Negotiation",
            "Order Confirmation", "Delivery & Onboarding", "Post-Sale Follow-Up",
        ]);
    }

    [Fact]
    public void StagesOf_ExportClients_AreTheBriefsFiveStagesInOrderWithThresholds()
    {
        var stages = Schema.StagesOf(PipelineNames.ExportClients);

        stages.Select(s => s.Name).ShouldBe(["Order received", "Proforma Sent", "Proforma confirmed", "Payment", "Waiting for delivery"]);
        stages.Select(s => s.RottingThreshold).ShouldBe(new TimeSpan?[]
        {
            TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(5),
        });
    }

    [Fact]
    public void StagesOf_NewLeadsWine_HaveNoThresholdByDefault()
    {
        Schema.StagesOf(PipelineNames.NewLeadsWine).ShouldAllBe(s => s.RottingThreshold == null);
    }

    [Theory]
    [InlineData("New Leads - Wine", "NEW_LEADS_WINE")]
    [InlineData("new_leads_wine", "NEW_LEADS_WINE")]
    [InlineData("EXPORT_CLIENTS", "EXPORT_CLIENTS")]
    [InlineData("export clients", "EXPORT_CLIENTS")]
    public void GetPipeline_NameOrValue_FindsThePipeline(string key, string expectedValue)
    {
        Schema.GetPipeline(key).Value.ShouldBe(expectedValue);
    }

    [Fact]
    public void GetPipeline_Unknown_ThrowsNamingTheKnownPipelines()
    {
        var ex = Should.Throw<KeyNotFoundException>(() => Schema.GetPipeline("Retail"));
        ex.Message.ShouldContain("Export Clients");
    }

    [Fact]
    public void Pipelines_StagePositionsAndValues_AreConsecutiveAndUniqueAcrossPipelines()
    {
        foreach (var p in Schema.Pipelines)
        {
            p.Stages.Select(s => s.Position).ShouldBe(Enumerable.Range(0, p.Stages.Count));
        }

        var values = Schema.Pipelines.SelectMany(p => p.Stages).Select(s => s.Value).ToList();
        values.Distinct().Count().ShouldBe(values.Count);
        values.ShouldAllBe(v => TwentyNameRules.IsValidOptionValue(v));
    }

    [Fact]
    public void AllFields_TwentyNames_AreValidTwentyApiNames()
    {
        foreach (var field in Schema.AllFields.Where(f => !f.IsStandard))
        {
            TwentyNameRules.IsValidName(field.TwentyName, out var problem).ShouldBeTrue($"{field}: {problem}");
        }
    }

    [Fact]
    public void Objects_CustomObjectNames_AreValidTwentyApiNames()
    {
        foreach (var obj in Schema.Objects.Where(o => o.IsCustom))
        {
            TwentyNameRules.IsValidName(obj.NameSingular, out var p1).ShouldBeTrue(p1);
            TwentyNameRules.IsValidName(obj.NamePlural, out var p2).ShouldBeTrue(p2);
        }
    }

    [Fact]
    public void Objects_FieldNames_AreUniquePerObjectOnBothSides()
    {
        foreach (var obj in Schema.Objects)
        {
            obj.Fields.Select(f => f.SodimoName).ShouldBeUnique();
            obj.Fields.Select(f => f.TwentyName).ShouldBeUnique();
            obj.Fields.ShouldAllBe(f => f.ObjectName == obj.Name);
        }
    }

    [Fact]
    public void AllFields_SelectOptions_AreValidForTwenty()
    {
        foreach (var field in Schema.AllFields.Where(f => f.HasOptions && !f.IsStandard))
        {
            field.Options.ShouldNotBeEmpty(field.ToString());
            field.Options.ShouldAllBe(o => TwentyNameRules.IsValidOptionValue(o.Value) && !o.Label.Contains(','));
            field.Options.Select(o => o.Value).ShouldBeUnique();
            field.Options.Select(o => o.Position).ShouldBe(Enumerable.Range(0, field.Options.Count));
        }
    }

    [Fact]
    public void GetField_CompanyClientCode_IsUniqueSodiwinText()
    {
        var field = Schema.GetField("Company", "client_code");

        field.TwentyName.ShouldBe("clientCode");
        field.Type.ShouldBe(TwentyFieldType.Text);
        field.Origin.ShouldBe(FieldOrigin.Sodiwin);
        field.IsUnique.ShouldBeTrue();
    }

    [Fact]
    public void AllFields_OnlyCompanyClientCode_IsUnique()
    {
        Schema.AllFields.Where(f => f.IsUnique).Select(f => $"{f.ObjectName}.{f.SodimoName}").ShouldBe(["Company.client_code"]);
    }

    [Theory]
    [InlineData("Company", "client_code", "clientCode")]
    [InlineData("company", "type", "accountType")]
    [InlineData("companies", "delivery_address", "deliveryAddress")]
    [InlineData("Company", "billing_address", "address")]
    [InlineData("Opportunity", "sodiwin_numero_commande", "sodiwinNumeroCommande")]
    [InlineData("Opportunity", "export_clients_stage", "exportClientsStage")]
    [InlineData("DeltaAlert", "detected_at", "detectedAt")]
    [InlineData("DeltaAlert", "company_id", "company")]
    public void TwentyNameOf_SodimoField_ReturnsTwentyApiName(string obj, string sodimoName, string twentyName)
    {
        Schema.TwentyNameOf(obj, sodimoName).ShouldBe(twentyName);
    }

    [Theory]
    [InlineData("company", "clientCode", "client_code")]
    [InlineData("deltaAlert", "companyId", "company_id")]
    [InlineData("deltaAlert", "company", "company_id")]
    [InlineData("opportunity", "newLeadsStage", "new_leads_stage")]
    public void SodimoNameOf_TwentyField_ReturnsSodimoName(string obj, string twentyName, string sodimoName)
    {
        Schema.SodimoNameOf(obj, twentyName).ShouldBe(sodimoName);
    }

    [Fact]
    public void SodimoNameOf_FieldOutsideTheSchema_ReturnsNull()
    {
        Schema.SodimoNameOf("company", "employees").ShouldBeNull();
    }

    [Fact]
    public void GetField_Unknown_ThrowsNamingTheObject()
    {
        var ex = Should.Throw<KeyNotFoundException>(() => Schema.GetField("Company", "clientcode"));
        ex.Message.ShouldContain("Company");
        ex.Message.ShouldContain("client_code");
    }

    [Fact]
    public void FieldsOwnedBy_SodiwinOnCompany_AreTheBriefsSodiwinFields()
    {
        Schema.FieldsOwnedBy(FieldOrigin.Sodiwin, "Company").Select(f => f.SodimoName).ShouldBe(
        [
            "name", "billing_address", "client_code", "category", "type", "ar_balance", "ar_aging_bucket",
            "ar_last_payment_at", "brand_exclusivity", "brand_contract_expiry", "last_order_date", "last_order_amount",
            "last_order_top_skus",
        ]);
    }

    [Fact]
    public void FieldsOwnedBy_TwentyOnCompany_AreDeliveryAddressAccisesAndHalal()
    {
        Schema.FieldsOwnedBy(FieldOrigin.Twenty, "Company").Select(f => f.SodimoName).ShouldBe(
            ["delivery_address", "accise_1", "accise_2", "halal_cert", "halal_cert_expiry"]);
    }

    [Fact]
    public void FieldsOwnedBy_WorkflowOnOpportunity_AreStageEnteredAtAndHealth()
    {
        Schema.FieldsOwnedBy(FieldOrigin.Workflow, "Opportunity").Select(f => f.SodimoName).ShouldBe(["stage_entered_at", "health"]);
    }

    [Fact]
    public void GetField_OpportunityPipeline_HasOneOptionPerPipeline()
    {
        var field = Schema.GetField("Opportunity", "pipeline");

        field.Type.ShouldBe(TwentyFieldType.Select);
        field.Options.Select(o => (o.Value, o.Label)).ShouldBe([("NEW_LEADS_WINE", "New Leads - Wine"), ("EXPORT_CLIENTS", "Export Clients")]);
    }

    [Fact]
    public void Pipelines_StageField_ListsExactlyThePipelinesStages()
    {
        foreach (var p in Schema.Pipelines)
        {
            var field = Schema.GetField("Opportunity", p.StageFieldSodimoName);
            field.TwentyName.ShouldBe(p.StageFieldTwentyName);
            field.Options.Select(o => (o.Value, o.Label)).ShouldBe(p.Stages.Select(s => (s.Value, s.Name)));
        }
    }

    [Fact]
    public void HealthOptions_AreGreenYellowRedWithMatchingColours()
    {
        Schema.HealthOptions.Select(o => (o.Value, o.ColorApiName)).ShouldBe([("GREEN", "green"), ("YELLOW", "yellow"), ("RED", "red")]);
        Schema.GetField("Opportunity", "health").Options.ShouldBe(Schema.HealthOptions);
        Schema.HealthOption(DealHealth.Red).Value.ShouldBe("RED");
    }

    [Theory]
    [InlineData("GREEN", DealHealth.Green)]
    [InlineData("yellow", DealHealth.Yellow)]
    [InlineData("Red", DealHealth.Red)]
    public void TryParseHealth_ValueOrLabel_Parses(string text, DealHealth expected)
    {
        Schema.TryParseHealth(text, out var health).ShouldBeTrue();
        health.ShouldBe(expected);
    }

    [Fact]
    public void TryParseHealth_Unknown_ReturnsFalse()
    {
        Schema.TryParseHealth("blue", out _).ShouldBeFalse();
        Schema.TryParseHealth(null, out _).ShouldBeFalse();
    }

    [Fact]
    public void GetObject_DeltaAlert_IsCustomWithRelationToCompany()
    {
        var alert = Schema.GetObject("DeltaAlert");

        alert.IsCustom.ShouldBeTrue();
        alert.NamePlural.ShouldBe("deltaAlerts");
        alert.Fields.Where(f => !f.IsStandard).Select(f => f.SodimoName).ShouldBe(["kind", "threshold", "detected_at", "company_id"]);
        var company = alert.FindField("company_id")!;
        company.Type.ShouldBe(TwentyFieldType.Relation);
        company.WriteName.ShouldBe("companyId");
        company.Relation!.TargetObject.ShouldBe("Company");
    }

    [Fact]
    public void Objects_RelationTargets_ComeBeforeTheirSource()
    {
        var names = Schema.Objects.Select(o => o.Name).ToList();
        foreach (var field in Schema.AllFields.Where(f => f.Relation is not null))
        {
            names.IndexOf(field.Relation!.TargetObject).ShouldBeLessThan(names.IndexOf(field.ObjectName));
        }
    }

    [Fact]
    public void AllFields_CurrencyFields_DeclareEuro()
    {
        Schema.AllFields.Where(f => f.Type == TwentyFieldType.Currency && !f.IsStandard).ShouldAllBe(f => f.CurrencyCode == "EUR");
    }

    [Fact]
    public void AllFields_AtCreationFields_AreSodiwinStandardCompanyFields()
    {
        Schema.AllFields.Where(f => f.SetOnlyAtCreation).Select(f => $"{f.ObjectName}.{f.TwentyName}").ShouldBe(["Company.name", "Company.address"]);
        Schema.AllFields.Where(f => f.SetOnlyAtCreation).ShouldAllBe(f => f.Origin == FieldOrigin.Sodiwin && f.IsStandard);
    }
}
