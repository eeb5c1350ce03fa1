using System.Text.Json;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Common.Validation;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Tests;

public sealed class MutationPlumbingTests
{
    private static readonly SodimoSchema Schema = SodimoSchema.Current;

    [Fact]
    public void ClientIds_AreStablePerToolKeyAndStep_AndVersion8()
    {
        var a = ClientIds.For("crm_upsert_contact", "k1", "company");

        ClientIds.For("crm_upsert_contact", "k1", "company").ShouldBe(a);
        ClientIds.For("crm_upsert_contact", "k1", "person").ShouldNotBe(a);
        ClientIds.For("crm_upsert_contact", "k2", "company").ShouldNotBe(a);
        ClientIds.For("crm_add_activity", "k1", "company").ShouldNotBe(a);
        a.ToString()[14].ShouldBe('8');
        "89ab".ShouldContain(a.ToString()[19]);
    }

    [Fact]
    public void Payload_IsCanonical_SoFieldOrderAndRunDoNotChangeTheHash()
    {
        var one = UpsertContactTests.Command("k", "all", new CompanyInput
        {
            ClientCode = "C1",
            Fields = new Dictionary<string, object?> { ["category"] = "CHR", ["ar_balance"] = 12.5m },
        });
        var other = one with
        {
            Run = new RunContext("other-run", Actor.Sync, "nightly"),
            Company = new CompanyInput { ClientCode = "C1", Fields = new Dictionary<string, object?> { ["ar_balance"] = 12.5m, ["category"] = "CHR" } },
        };

        var json = MutationJson.Payload(one);

        json.ShouldBe(MutationJson.Payload(other));
        json.ShouldBe("""{"company":{"clientCode":"C1","fields":{"ar_balance":12.5,"category":"CHR"}},"linkPersonToCompany":true,"mergePolicy":"all","person":null}""");
        MutationJson.Payload(one with { MergePolicy = "sodimo-fields-only" }).ShouldNotBe(json);
    }

    [Fact]
    public void ReadRequest_RebuildsTheCommandFromALedgerEntry()
    {
        var command = UpsertContactTests.Command("k9", "all", new CompanyInput { ClientCode = "C1" }, new ContactInput { Email = "a@b.fr", FirstName = "A" });
        var entry = new LedgerEntry
        {
            Id = Guid.NewGuid(),
            RunId = "run-42",
            Actor = Actor.Ai,
            Skill = "crm-skill",
            CallerId = "member-1",
            ToolName = "crm_upsert_contact",
            Target = command.Target,
            RequestJson = MutationJson.Payload(command),
            RequestHash = "h",
            IdempotencyKey = "crm_upsert_contact:k9",
            Status = LedgerStatus.Pending,
            Attempts = 1,
            Records = [],
            CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
        };

        var rebuilt = MutationJson.ReadRequest<UpsertContactCommand>(entry);

        rebuilt.Run.ShouldBe(command.Run);
        rebuilt.IdempotencyKey.ShouldBe("k9");
        rebuilt.Person.ShouldBe(command.Person);
        rebuilt.Company!.ClientCode.ShouldBe("C1");
        MutationJson.Payload(rebuilt).ShouldBe(entry.RequestJson);
    }

    [Theory]
    [InlineData("ar_last_payment_at", "\"2026-02-30\"", "Company.ar_last_payment_at (DATE):")]
    [InlineData("ar_balance", "\"12\"", "Company.ar_balance (CURRENCY): expected a finite number.")]
    [InlineData("ar_balance", "{\"amount\": 1.1234567, \"currencyCode\": \"EUR\"}", "has more than 6 decimals")]
    [InlineData("ar_balance", "{\"amount\": 1, \"currencyCode\": \"euro\"}", "\"euro\" is not an ISO 4217 currency code")]
    [InlineData("halal_cert", "\"true\"", "Company.halal_cert (BOOLEAN): expected true or false.")]
    [InlineData("ar_aging_bucket", "\"LATE\"", "\"LATE\" is not an option; valid: NOT_DUE, DAYS_0_30, DAYS_31_60, DAYS_61_90, DAYS_90_PLUS.")]
    [InlineData("category", "\"a\\u0000b\"", "contains control characters")]
    [InlineData("brand_exclusivity", "\"one\"", "expected a list of strings")]
    public void FieldValues_RefuseBadJsonNamingTheField(string field, string json, string message)
    {
        using var doc = JsonDocument.Parse(json);

        FieldValues.TryNormalize(Schema.GetField("Company", field), doc.RootElement, out _, out var error).ShouldBeFalse();

        error.ShouldNotBeNull().ShouldContain(message);
    }

    [Fact]
    public void FieldValues_RefuseInstantsWithoutOffset_AndAcceptLabelsForSelects()
    {
        var stageEntered = Schema.GetField("Opportunity", "stage_entered_at");
        FieldValues.TryNormalize(stageEntered, "2026-11-27T10:00:00", out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain("has no time-zone offset");
        FieldValues.TryNormalize(stageEntered, "2026-11-27T10:00:00+01:00", out var instant, out _).ShouldBeTrue();
        instant.ShouldBe(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

        FieldValues.TryNormalize(Schema.GetField("Company", "ar_aging_bucket"), "31-60 days", out var bucket, out _).ShouldBeTrue();
        bucket.ShouldBe("DAYS_31_60");
        FieldValues.TryNormalize(Schema.GetField("Company", "ar_balance"), 10, out var money, out _).ShouldBeTrue();
        money.ShouldBe(new Money(10m, "EUR"));
    }

    [Theory]
    [InlineData("C100042", true)]
    [InlineData("CLIENT_7-B", true)]
    [InlineData("c100042", false)]
    [InlineData("C1 00", false)]
    [InlineData("C1\"", false)]
    [InlineData("C1,C2", false)]
    [InlineData("", false)]
    public void ClientCodes_OnlyFilterSafeCharacters(string code, bool valid) => CrmRules.IsValidClientCode(code).ShouldBe(valid);
}
