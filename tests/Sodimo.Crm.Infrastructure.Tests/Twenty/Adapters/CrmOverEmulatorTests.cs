using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.UpsertContact;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty.Adapters;

/// <summary>
/// The whole stack as a host composes it — AddSodimoCrmApplication + AddSodimoCrmInfrastructure (Twenty adapters and
/// the SQLite ledger) — against a provisioned emulator (RELIABILITY L2, L3 and replay).
/// </summary>
public sealed class CrmOverEmulatorTests
{
    private static readonly RunContext Run = new("run-7", Actor.Ai, "crm-skill", "member-1");

    private static UpsertContactCommand Upsert(string key) => new()
    {
        Run = Run,
        IdempotencyKey = key,
        MergePolicy = "all",
        Company = new CompanyInput { ClientCode = "C100042", Fields = new Dictionary<string, object?> { ["name"] = "Cave du Port", ["category"] = "CHR" } },
        Person = new ContactInput { Email = "jeanne@cave.fr", FirstName = "Jeanne", LastName = "Roux" },
    };

    private static async Task<EmulatorHarness> StackAsync()
    {
        var h = new EmulatorHarness(withApplication: true);
        await h.ProvisionSodimoFieldsAsync();
        return h;
    }

    [Fact]
    public async Task UpsertContact_CreatesCompanyAndLinkedPerson_LedgerSucceeded_ReplayWritesNothing()
    {
        await using var h = await StackAsync();
        var mediator = h.Services.GetRequiredService<IMediator>();

        await mediator.Send(Upsert("k1"));
        var writes = h.Emulator.Journal.Entries.Count(e => e.Method != "GET" && e.Path != "/graphql");
        await mediator.Send(Upsert("k1"));

        var company = h.Emulator.GetRecords("companies").ShouldHaveSingleItem();
        company["clientCode"]!.GetValue<string>().ShouldBe("C100042");
        company["category"]!.GetValue<string>().ShouldBe("CHR");
        var person = h.Emulator.GetRecords("people").ShouldHaveSingleItem();
        person["emails"]!["primaryEmail"]!.GetValue<string>().ShouldBe("jeanne@cave.fr");
        person["companyId"]!.GetValue<string>().ShouldBe(company["id"]!.GetValue<string>());
        h.Emulator.Journal.Entries.Count(e => e.Method != "GET" && e.Path != "/graphql").ShouldBe(writes, "the replay sends no write");
        var entry = (await h.Services.GetRequiredService<IRunLedger>().QueryAsync(new LedgerQuery { RunId = "run-7" })).ShouldHaveSingleItem();
        entry.Status.ShouldBe(LedgerStatus.Succeeded);
        entry.Records.Select(r => r.Id.ToString()).ShouldBe([company["id"]!.GetValue<string>(), person["id"]!.GetValue<string>()], ignoreOrder: true);
    }

    [Fact]
    public async Task ConnectionDroppedAfterTwentyCommitted_OutcomeUnknown_ReconcilerConfirmsWithoutResending()
    {
        await using var h = await StackAsync();
        var mediator = h.Services.GetRequiredService<IMediator>();
        h.Emulator.Faults.Once(FaultKind.CommitThenDrop, "POST", "/rest/people");

        await Should.ThrowAsync<TwentyOutcomeUnknownException>(() => mediator.Send(Upsert("k2")).AsTask());
        var ledger = h.Services.GetRequiredService<IRunLedger>();
        (await ledger.QueryAsync(new LedgerQuery { RunId = "run-7" })).ShouldHaveSingleItem().Status.ShouldBe(LedgerStatus.Pending);

        h.Time.Advance(TimeSpan.FromMinutes(5));
        var report = await h.Services.GetRequiredService<IMutationReconciler>().ReconcileAsync(new ReconcileOptions());

        report.Results.ShouldHaveSingleItem().Decision.ShouldBe(ReconcileDecision.Confirmed);
        h.Emulator.Journal.For("POST", "/rest/people").Count.ShouldBe(1, "the person create was sent once, never blindly re-sent");
        h.Emulator.GetRecords("people").Count.ShouldBe(1);
        (await ledger.QueryAsync(new LedgerQuery { RunId = "run-7" })).ShouldHaveSingleItem().Status.ShouldBe(LedgerStatus.Succeeded);
    }

    [Fact]
    public async Task TwentyDown_Unavailable_NothingWritten_RowNotSucceeded()
    {
        await using var h = await StackAsync();
        var mediator = h.Services.GetRequiredService<IMediator>();
        h.Emulator.Faults.Add(new FaultRule(FaultKind.ServerError, "/*", times: int.MaxValue) { StatusCode = 503 });

        await Should.ThrowAsync<TwentyUnavailableException>(() => h.RunAsync(mediator.Send(Upsert("k3")).AsTask(), TimeSpan.FromSeconds(1)));

        h.Emulator.GetRecords("companies").ShouldBeEmpty();
        h.Emulator.Journal.Entries.ShouldAllBe(e => e.Method == "GET" || e.Path == "/graphql", "no write was attempted while reads failed");
        var entry = (await h.Services.GetRequiredService<IRunLedger>().QueryAsync(new LedgerQuery { RunId = "run-7" })).ShouldHaveSingleItem();
        entry.Status.ShouldNotBe(LedgerStatus.Succeeded);
    }
}
