using System.Text.Json;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Tests;

public sealed class UpsertContactTests : IDisposable
{
    private readonly CrmHarness _crm = new();

    public void Dispose() => _crm.Dispose();

    internal static UpsertContactCommand Command(string key, string policy = "all", CompanyInput? company = null, ContactInput? person = null) => new()
    {
        Run = CrmHarness.Run,
        IdempotencyKey = key,
        MergePolicy = policy,
        Company = company,
        Person = person,
    };

    [Fact]
    public async Task CreatesCompanyAndPersonAndLinksThem_InOneLedgerEntryListingBoth()
    {
        var command = Command("k1", "all",
            new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["name"] = "Cave La Treille", ["ar_balance"] = 687.86m, ["halal_cert"] = true } },
            new ContactInput { Email = "Jeanne@Cave.fr", FirstName = "Jeanne", LastName = "Martin", Phone = "+33 6 12 34 56 78" });

        var result = await _crm.Mediator.Send(command);

        var companyId = ClientIds.For("crm_upsert_contact", "k1", "company");
        var personId = ClientIds.For("crm_upsert_contact", "k1", "person");
        result.CompanyId.ShouldBe(companyId);
        result.PersonId.ShouldBe(personId);
        result.Company.ShouldBe(UpsertOutcome.Created);
        result.Person.ShouldBe(UpsertOutcome.Created);
        result.Linked.ShouldBeTrue();
        _crm.Twenty.Companies[companyId].ClientCode.ShouldBe("C100042");
        _crm.Twenty.Companies[companyId].Fields["ar_balance"].ShouldBe(new Money(687.86m, "EUR"));
        var person = _crm.Twenty.People[personId];
        person.CompanyId.ShouldBe(companyId);
        person.Emails.PrimaryEmail.ShouldBe("jeanne@cave.fr");
        person.Name.ShouldBe(new PersonName("Jeanne", "Martin"));

        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.ToolName.ShouldBe("crm_upsert_contact");
        entry.IdempotencyKey.ShouldBe("crm_upsert_contact:k1");
        entry.RunId.ShouldBe("run-42");
        entry.Actor.ShouldBe(Actor.Ai);
        entry.Skill.ShouldBe("crm-skill");
        entry.Target.ShouldBe(new LedgerTarget("person", null, "jeanne@cave.fr"));
        entry.Records.ShouldBe([
            new TouchedRecord("company", companyId.ToString(), RecordAction.Created),
            new TouchedRecord("person", personId.ToString(), RecordAction.Created),
        ]);
        entry.Attempts.ShouldBe(1);
        entry.RequestJson.ShouldNotContain("run-42");
    }

    [Fact]
    public async Task ExistingCompany_WritesOnlyChangedFields_AndLinksTheFoundPerson()
    {
        var company = _crm.Twenty.SeedCompany("C100042", "Cave", ("category", "CHR"), ("ar_balance", new Money(10m, "EUR")));
        var person = _crm.Twenty.SeedPerson("jeanne@cave.fr", "Jeanne", "Martin");

        var result = await _crm.Mediator.Send(Command("k2", "all",
            new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["category"] = "CHR", ["ar_balance"] = 25.5m } },
            new ContactInput { Email = "jeanne@cave.fr" }));

        result.Company.ShouldBe(UpsertOutcome.Updated);
        result.Person.ShouldBe(UpsertOutcome.Updated);
        result.Linked.ShouldBeTrue();
        result.FieldsWritten["Company"].ShouldBe(["ar_balance"]);
        var companyWrite = _crm.Twenty.Writes.Where(w => w.Op == "companies.update").ShouldHaveSingleItem();
        companyWrite.Fields.Select(f => f.TwentyName).ShouldBe(["arBalance"]);
        var personWrite = _crm.Twenty.Writes.Single(w => w.Op == "people.update");
        personWrite.Fields.ShouldBeEmpty(); // only the link
        _crm.Twenty.People[person.Id].CompanyId.ShouldBe(company.Id);
        _crm.Ledger.Single().Records.ShouldBe([
            new TouchedRecord("company", company.Id.ToString(), RecordAction.Updated),
            new TouchedRecord("person", person.Id.ToString(), RecordAction.Updated),
        ]);
    }

    [Fact]
    public async Task NothingToChange_WritesNothing_AndSucceedsWithNoRecords()
    {
        var company = _crm.Twenty.SeedCompany("C100042", "Cave", ("category", "CHR"));
        _crm.Twenty.SeedPerson("jeanne@cave.fr", "Jeanne", "Martin", company.Id);

        var result = await _crm.Mediator.Send(Command("k3", "twenty-fields-only",
            new CompanyInput { ClientCode = "C100042" },
            new ContactInput { Email = "jeanne@cave.fr", FirstName = "Jeanne" }));

        result.Company.ShouldBe(UpsertOutcome.Unchanged);
        result.Person.ShouldBe(UpsertOutcome.Unchanged);
        result.Linked.ShouldBeTrue();
        _crm.Twenty.Writes.ShouldBeEmpty();
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Succeeded);
    }

    [Fact]
    public async Task SodimoFieldsOnly_RefusesTwentyOwnedFieldsNamingThem_WithoutLedgerOrTwenty()
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Command("k4", "sodimo-fields-only",
            new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["ar_balance"] = 1m, ["halal_cert"] = true, ["delivery_address"] = null } })).AsTask());

        ex.Problems.Select(p => p.Field).ShouldBe(["Company.Fields.halal_cert", "Company.Fields.delivery_address"]);
        ex.Message.ShouldContain("Company.halal_cert is owned by Twenty; sodimo-fields-only does not write it.");
        ex.Message.ShouldContain("Company.delivery_address is owned by Twenty");
        _crm.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task SodimoFieldsOnly_RefusesAnyPersonWrite()
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Command("k5", "sodimo-fields-only",
            new CompanyInput { ClientCode = "C100042" },
            new ContactInput { Email = "jeanne@cave.fr", FirstName = "Jeanne" })).AsTask());

        ex.Problems.Select(p => p.Field).ShouldBe(["Person.emails", "Person.name"]);
        ex.Message.ShouldContain("Person.emails is owned by Twenty; sodimo-fields-only does not write it.");
        _crm.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task UnknownFieldsAndBadValues_AreRefusedNamingThem()
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Command("k6", "all",
            new CompanyInput
            {
                ClientCode = "C100042",
                Fields = new Dictionary<string, object?>
                {
                    ["createdBy"] = "x",
                    ["ar_aging_bucket"] = "NEVER",
                    ["ar_last_payment_at"] = "2026-02-30",
                    ["client_code"] = "C9",
                },
            })).AsTask());

        ex.Problems.Select(p => p.Field).ShouldBe([
            "Company.Fields",
            "Company.Fields.createdBy",
            "Company.Fields.ar_aging_bucket",
            "Company.Fields.ar_last_payment_at",
        ]);
        ex.Problems[1].Message.ShouldStartWith("Company has no field \"createdBy\". Known company fields: name, billing_address, client_code");
        ex.Problems[2].Message.ShouldContain("\"NEVER\" is not an option; valid: NOT_DUE, DAYS_0_30");
        ex.Problems[3].Message.ShouldStartWith("Company.ar_last_payment_at (DATE):");
        _crm.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task JsonValues_AsTheMcpHostReceivesThem_AreAccepted()
    {
        using var doc = JsonDocument.Parse("""{"ar_balance": {"amount": 12.5, "currencyCode": "EUR"}, "brand_exclusivity": ["Tenuta Fiori"], "ar_last_payment_at": "2026-05-16", "halal_cert": false}""");
        var fields = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

        await _crm.Mediator.Send(Command("k7", "all", new CompanyInput { ClientCode = "C100042", Fields = fields }));

        var company = _crm.Twenty.Companies.Values.Single();
        company.Fields["ar_balance"].ShouldBe(new Money(12.5m, "EUR"));
        ((IReadOnlyList<string>)company.Fields["brand_exclusivity"]!).ShouldBe(["Tenuta Fiori"]);
        company.Fields["ar_last_payment_at"].ShouldBe(new DateOnly(2026, 5, 16));
        company.Fields["halal_cert"].ShouldBe(false);
    }

    [Fact]
    public async Task TwentyFieldsOnly_DoesNotCreateAMissingCompany_AndRecordsTheRefusal()
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Command("k8", "twenty-fields-only",
            new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["halal_cert"] = true } })).AsTask());

        ex.Message.ShouldStartWith("Company C100042 does not exist, and twenty-fields-only cannot create it");
        _crm.Twenty.Writes.ShouldBeEmpty();
        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.Rejected);
        entry.Error.ShouldBe(ex.Message);
    }

    [Fact]
    public async Task SodimoFieldsOnly_RefusesNameOnAnExistingCompany_BecauseTwentyOwnsItAfterCreation()
    {
        _crm.Twenty.SeedCompany("C100042", "Cave");

        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(Command("k9", "sodimo-fields-only",
            new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["name"] = "Cave renamed", ["category"] = "CHR" } })).AsTask());

        ex.Problems.ShouldHaveSingleItem().Message.ShouldBe(
            "Company.name is set by Sodiwin only when the record is created; Twenty's value wins after.");
        _crm.Twenty.Writes.ShouldBeEmpty();
        _crm.Ledger.Single().Status.ShouldBe(LedgerStatus.Rejected);
    }

    [Fact]
    public async Task SodimoFieldsOnly_CreatesAMissingCompanyWithItsCreationFields()
    {
        var result = await _crm.Mediator.Send(Command("k10", "sodimo-fields-only",
            new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["name"] = "Cave", ["category"] = "CHR" } }));

        result.Company.ShouldBe(UpsertOutcome.Created);
        _crm.Twenty.Writes.Single().Fields.Select(f => f.SodimoName).ShouldBe(["client_code", "name", "category"]);
    }

    [Fact]
    public async Task ValidatesRunContextKeyPolicyCodeAndEmail()
    {
        var command = Command("bad key", "overwrite",
            new CompanyInput { ClientCode = "c-1" },
            new ContactInput { Email = "a@b" }) with { Run = new RunContext("", Actor.Ai, "") };

        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(command).AsTask());

        ex.Problems.Select(p => p.Message).ShouldBe([
            "The run id is required.",
            "The skill (or job name) is required.",
            "The idempotency key may not contain spaces or control characters.",
            "Unknown merge policy \"overwrite\"; valid: sodimo-fields-only, twenty-fields-only, all.",
            CommonMessages.ClientCode("c-1"),
            "\"a@b\" is not a valid e-mail address.",
        ], ignoreOrder: true);
        _crm.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task RefusesAnActorOutsideTheFive()
    {
        var command = Command("k-actor", "all", person: new ContactInput { Email = "jeanne@cave.fr" })
            with { Run = new RunContext("run-1", (Actor)42, "skill") };

        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(command).AsTask());

        ex.Problems.ShouldHaveSingleItem().Message.ShouldBe("The actor must be ai, sync, webhook, workflow or human.");
        _crm.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task AnOutcomeUnknownOnTheSecondStep_LeavesTheEntryPendingWithTheFirstRecord()
    {
        _crm.Twenty.Before = op => op == "people.create" ? new TwentyOutcomeUnknownException("timeout after send") : null;

        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => _crm.Mediator.Send(Command("k11", "all",
            new CompanyInput { ClientCode = "C100042" }, new ContactInput { Email = "jeanne@cave.fr" })).AsTask());

        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.Pending);
        entry.Records.ShouldBe([new TouchedRecord("company", ClientIds.For("crm_upsert_contact", "k11", "company").ToString(), RecordAction.Created)]);
    }

    [Fact]
    public async Task ARejectionAfterAStepLanded_GoesToAPerson()
    {
        _crm.Twenty.Before = op => op == "people.create" ? new TwentyRejectedException("bad phone", 400, ["phones.primaryPhoneNumber invalid"]) : null;

        await Should.ThrowAsync<TwentyRejectedException>(() => _crm.Mediator.Send(Command("k12", "all",
            new CompanyInput { ClientCode = "C100042" }, new ContactInput { Email = "jeanne@cave.fr", Phone = "123" })).AsTask());

        var entry = _crm.Ledger.Single();
        entry.Status.ShouldBe(LedgerStatus.NeedsHuman);
        entry.Error.ShouldBe("crm_upsert_contact stopped after 1 record(s) were written: bad phone");
    }
}

internal static class CommonMessages
{
    public static string ClientCode(string code) => Common.Validation.CrmRules.ClientCodeMessage(code);
}
