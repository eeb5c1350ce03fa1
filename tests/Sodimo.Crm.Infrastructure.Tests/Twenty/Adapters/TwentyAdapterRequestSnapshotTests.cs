using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Infrastructure.Twenty.Adapters;
using Snapshooter;
using Snapshooter.Xunit;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty.Adapters;

/// <summary>The exact Twenty requests each adapter sends, snapshotted (docs: handlers are snapshot-tested on the wire).</summary>
public sealed class TwentyAdapterRequestSnapshotTests
{
    private static readonly SodimoSchema Schema = SodimoSchema.Current;
    private static readonly Guid AcmeId = Guid.Parse("11111111-1111-4111-8111-111111111111");
    private static readonly Guid PersonId = Guid.Parse("33333333-3333-4333-8333-333333333333");
    private static readonly DateTimeOffset Since = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static FieldWrite Company(string sodimoName, object? value) => new(Schema.GetField("Company", sodimoName), value);

    [Fact]
    public async Task Companies_Requests()
    {
        var name = Snapshot.FullName();
        await using var h = new EmulatorHarness();
        var ids = new[] { Guid.Parse("00000000-0000-4000-8000-000000000001"), Guid.Parse("00000000-0000-4000-8000-000000000002") };

        await h.Companies.CreateAsync(new CompanyCreate(AcmeId, [Company("name", "Acme"), Company("billing_address", new PostalAddress("1 rue X", null, "Paris", null, "75001", "FRANCE"))]));
        await h.Companies.UpdateAsync(new CompanyUpdate(AcmeId, [Company("name", "Acme SA")]));
        await h.Companies.GetAsync(AcmeId);
        await h.Companies.ListAsync(new CompanyListQuery { UpdatedSince = Since, Limit = 50 });
        await h.Companies.CreateManyAsync(ids.Select(id => new CompanyCreate(id, [Company("name", "Batch")])).ToArray());
        await h.Companies.UpdateManyAsync(ids.Select(id => new CompanyUpdate(id, [Company("name", "Batch 2")])).ToArray());

        Snapshot.Match(WireSnapshot.Of(h), name);
    }

    [Fact]
    public async Task Companies_ClientCodeLookups_TypedRestFilters()
    {
        var name = Snapshot.FullName();
        using var h = new TwentyClientHarness();
        h.Handler.Always(HttpStatusCode.OK, """{"data":{"companies":[]},"totalCount":0,"pageInfo":{"hasNextPage":false}}""");
        var companies = Adapters(h).GetRequiredService<ITwentyCompanies>();

        (await companies.FindByClientCodeAsync("C100007")).ShouldBeNull();
        (await companies.FindByClientCodesAsync(["C100007", "C100014", "C100007"], "cursor-1")).Items.ShouldBeEmpty();

        Snapshot.Match(WireSnapshot.Of(h.Handler), name);
    }

    [Fact]
    public async Task Companies_TwoWithOneClientCode_RejectedNotGuessed()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.OK, """{"data":{"companies":[{"id":"11111111-1111-4111-8111-111111111111"},{"id":"22222222-2222-4222-8222-222222222222"}]},"totalCount":2,"pageInfo":{"hasNextPage":false}}""");
        var companies = Adapters(h).GetRequiredService<ITwentyCompanies>();

        var ex = await Should.ThrowAsync<TwentyRejectedException>(companies.FindByClientCodeAsync("C100007"));

        ex.Message.ShouldContain("2 companies have client code C100007");
    }

    [Fact]
    public async Task Write_AnsweredWithUnreadableBody_OutcomeUnknown_Read_Unavailable()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.Created, "<html>proxy error page</html>").Always(HttpStatusCode.OK, "{\"data\":");
        var companies = Adapters(h).GetRequiredService<ITwentyCompanies>();

        await Should.ThrowAsync<TwentyOutcomeUnknownException>(companies.CreateAsync(new CompanyCreate(AcmeId, [Company("name", "Acme")])));
        await Should.ThrowAsync<TwentyUnavailableException>(companies.GetAsync(AcmeId));

        h.Handler.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task People_Requests()
    {
        var name = Snapshot.FullName();
        await using var h = new EmulatorHarness();
        h.Emulator.Seed("companies", new JsonObject { ["id"] = AcmeId.ToString(), ["name"] = "Acme" });
        h.Emulator.Journal.Clear();

        await h.People.CreateAsync(new PersonCreate(PersonId,
            [new FieldWrite(Schema.GetField("Person", "name"), new PersonName("Ralph", "Dupont")), new FieldWrite(Schema.GetField("Person", "emails"), EmailAddresses.Of("ralph@sodimo.fr"))],
            AcmeId));
        await h.People.UpdateAsync(new PersonUpdate(PersonId, [new FieldWrite(Schema.GetField("Person", "phones"), new PhoneNumbers("612345678", "+33", "FR"))], null));
        await h.People.GetAsync(PersonId);

        Snapshot.Match(WireSnapshot.Of(h), name);
    }

    [Fact]
    public async Task People_FindByEmail_GraphQLVariablesOnly()
    {
        var name = Snapshot.FullName();
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.OK, """{"data":{"people":{"totalCount":1,"edges":[{"node":{"id":"33333333-3333-4333-8333-333333333333","name":{"firstName":"A","lastName":"B"},"emails":{"primaryEmail":"a\"b,c)@x.fr","additionalEmails":[]}}}]}}}""");
        var people = Adapters(h).GetRequiredService<ITwentyPeople>();

        var person = await people.FindByEmailAsync("a\"b,c)@x.fr");

        person!.Id.ShouldBe(PersonId);
        var request = h.Handler.Requests.ShouldHaveSingleItem();
        var body = JsonNode.Parse(request.Body!)!;
        body["query"]!.GetValue<string>().ShouldNotContain("x.fr", customMessage: "the address must travel in variables only");
        body["variables"]!["filter"]!["emails"]!["primaryEmail"]!["eq"]!.GetValue<string>().ShouldBe("a\"b,c)@x.fr");
        Snapshot.Match(WireSnapshot.Of(h.Handler), name);
    }

    [Fact]
    public async Task Deals_ListWithEveryFilter_TypedRestFilter()
    {
        var name = Snapshot.FullName();
        using var h = new TwentyClientHarness();
        h.Handler.Always(HttpStatusCode.OK, """{"data":{"opportunities":[]},"totalCount":0,"pageInfo":{"hasNextPage":false}}""");
        var deals = Adapters(h).GetRequiredService<ITwentyDeals>();
        var export = Schema.GetPipeline(PipelineNames.ExportClients);

        await deals.ListAsync(new DealQuery
        {
            Pipeline = export,
            Stage = export.Stages[1],
            Health = DealHealth.Red,
            ClientCode = "C100007",
            CompanyId = AcmeId,
            UpdatedSince = Since,
            Limit = 100,
            Cursor = "WyJjdXJzb3IiXQ==",
        });
        await deals.ListAsync(new DealQuery { Stage = export.Stages[0] });
        await deals.ListAsync(new DealQuery());

        Snapshot.Match(WireSnapshot.Of(h.Handler), name);
    }

    [Fact]
    public async Task Deals_UpdateCustomFields_TwentyNamesOnTheWire()
    {
        var name = Snapshot.FullName();
        using var h = new TwentyClientHarness();
        h.Handler.Always(HttpStatusCode.OK, """{"data":{"updateOpportunity":{"id":"11111111-1111-4111-8111-111111111111","pipeline":"EXPORT_CLIENTS","exportClientsStage":"PAYMENT","health":"YELLOW"}}}""");
        var deals = Adapters(h).GetRequiredService<ITwentyDeals>();

        var deal = await deals.UpdateAsync(new DealUpdate(AcmeId,
        [
            new FieldWrite(Schema.GetField("Opportunity", SodimoFieldNames.ExportClientsStage), "PAYMENT"),
            new FieldWrite(Schema.GetField("Opportunity", SodimoFieldNames.StageEnteredAt), new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)),
            new FieldWrite(Schema.GetField("Opportunity", SodimoFieldNames.Health), "YELLOW"),
        ]));

        deal.Pipeline.ShouldBe("Export Clients");
        deal.Stage.ShouldBe("Payment");
        deal.Health.ShouldBe(DealHealth.Yellow);
        Snapshot.Match(WireSnapshot.Of(h.Handler), name);
    }

    [Fact]
    public async Task Activities_Requests()
    {
        var name = Snapshot.FullName();
        await using var h = new EmulatorHarness();
        h.Emulator.Seed("companies", new JsonObject { ["id"] = AcmeId.ToString(), ["name"] = "Acme" });
        h.Emulator.Journal.Clear();
        var taskId = Guid.Parse("55555555-5555-4555-8555-555555555555");

        await h.Activities.CreateAsync(new ActivityCreate(ActivityKind.Task, taskId, "Émettre facture", "Pour la commande 42", new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero)));
        await h.Activities.CreateTargetsAsync([new ActivityTargetCreate(Guid.Parse("66666666-6666-4666-8666-666666666666"), ActivityKind.Task, taskId, ActivityTargetKind.Company, AcmeId)]);
        await h.Activities.ListTargetsAsync(ActivityKind.Task, taskId);

        Snapshot.Match(WireSnapshot.Of(h), name);
    }

    [Fact]
    public async Task Search_TextAndFilters_GraphQLVariablesPerKind()
    {
        var name = Snapshot.FullName();
        using var h = new TwentyClientHarness();
        h.Handler
            .Then(HttpStatusCode.OK, """{"data":{"people":{"totalCount":1,"pageInfo":{"hasNextPage":false,"endCursor":"p1"},"edges":[{"node":{"id":"33333333-3333-4333-8333-333333333333","name":{"firstName":"Ralph","lastName":"D"},"emails":{"primaryEmail":"r@s.fr","additionalEmails":[]}}}]}}}""")
            .Then(HttpStatusCode.OK, """{"data":{"companies":{"totalCount":3,"pageInfo":{"hasNextPage":true,"endCursor":"c1"},"edges":[{"node":{"id":"11111111-1111-4111-8111-111111111111","name":"Acme","clientCode":"C1"}}]}}}""");
        var search = Adapters(h).GetRequiredService<ITwentySearch>();

        var page = await search.SearchAsync(new SearchCriteria { Text = "x\" , or(id[neq]:\"0\") 50%_", UpdatedSince = Since, Limit = 2 });

        page.Items.Select(i => (i.Kind, i.Label)).ShouldBe([(SearchObjectKind.Person, "Ralph D"), (SearchObjectKind.Company, "Acme")]);
        page.NextCursor.ShouldNotBeNull();
        Snapshot.Match(new { Requests = WireSnapshot.Of(h.Handler), page.NextCursor }, name);
    }

    [Fact]
    public async Task Search_DealFilters_OnlyDealsQueried_CursorResumes()
    {
        var name = Snapshot.FullName();
        using var h = new TwentyClientHarness();
        h.Handler
            .Then(HttpStatusCode.OK, """{"data":{"opportunities":{"totalCount":2,"pageInfo":{"hasNextPage":true,"endCursor":"d1"},"edges":[{"node":{"id":"11111111-1111-4111-8111-111111111111","name":"Deal 1","pipeline":"EXPORT_CLIENTS","exportClientsStage":"PAYMENT","health":"RED"}}]}}}""")
            .Then(HttpStatusCode.OK, """{"data":{"opportunities":{"totalCount":2,"pageInfo":{"hasNextPage":false,"endCursor":"d2"},"edges":[{"node":{"id":"22222222-2222-4222-8222-222222222222","name":"Deal 2"}}]}}}""");
        var search = Adapters(h).GetRequiredService<ITwentySearch>();
        var export = Schema.GetPipeline(PipelineNames.ExportClients);
        var criteria = new SearchCriteria { Stage = export.Stages[3], Health = DealHealth.Red, ClientCode = "C100007", CompanyId = AcmeId, Limit = 1 };

        var first = await search.SearchAsync(criteria);
        var second = await search.SearchAsync(criteria with { Cursor = first.NextCursor });

        first.Items.ShouldHaveSingleItem().Deal!.Stage.ShouldBe("Payment");
        second.Items.ShouldHaveSingleItem().Label.ShouldBe("Deal 2");
        second.NextCursor.ShouldBeNull();
        Snapshot.Match(WireSnapshot.Of(h.Handler), name);
    }

    private static ServiceProvider Adapters(TwentyClientHarness h)
    {
        var services = new ServiceCollection();
        services.AddSingleton(h.Records);
        services.AddSingleton(h.GraphQL);
        services.AddTransient<ITwentyCompanies, TwentyCompaniesAdapter>();
        services.AddTransient<ITwentyPeople, TwentyPeopleAdapter>();
        services.AddTransient<ITwentyDeals, TwentyDealsAdapter>();
        services.AddTransient<ITwentySearch, TwentySearchAdapter>();
        return services.BuildServiceProvider();
    }
}
