using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.GetContact;
using Sodimo.Crm.Application.ListDeals;
using Sodimo.Crm.Application.Search;
using Sodimo.Crm.Application.Tests.Fakes;
using Sodimo.Crm.Domain.Health;

namespace Sodimo.Crm.Application.Tests;

public sealed class ReadUseCaseTests : IDisposable
{
    private readonly CrmHarness _crm = new();

    public void Dispose() => _crm.Dispose();

    [Fact]
    public async Task ListDeals_ResolvesFiltersAndPassesTheCursorThrough()
    {
        for (var i = 0; i < 5; i++)
        {
            _crm.Twenty.SeedDeal($"Deal {i}", "Export Clients", "Payment", "C100042", DealHealth.Yellow);
        }

        _crm.Twenty.SeedDeal("Other stage", "Export Clients", "Proforma Sent", "C100042", DealHealth.Yellow);

        var first = await _crm.Mediator.Send(new ListDealsQuery { Stage = "payment", Health = "YELLOW", ClientCode = "C100042", Limit = 3 });

        first.Deals.Select(d => d.Name).ShouldBe(["Deal 0", "Deal 1", "Deal 2"]);
        first.NextCursor.ShouldNotBeNull();
        first.TotalCount.ShouldBe(5);
        var sent = _crm.Twenty.DealQueries.Single();
        sent.Pipeline!.Name.ShouldBe("Export Clients"); // inferred from the stage
        sent.Stage!.Value.ShouldBe("PAYMENT");
        sent.Health.ShouldBe(DealHealth.Yellow);
        sent.Limit.ShouldBe(3);

        var second = await _crm.Mediator.Send(new ListDealsQuery { Stage = "Payment", Health = "yellow", ClientCode = "C100042", Limit = 3, Cursor = first.NextCursor });

        second.Deals.Select(d => d.Name).ShouldBe(["Deal 3", "Deal 4"]);
        second.NextCursor.ShouldBeNull();
        second.HasMore.ShouldBeFalse();
        _crm.Twenty.DealQueries[1].Cursor.ShouldBe(first.NextCursor);
    }

    [Fact]
    public async Task ListDeals_ReturnsDealsInSodimoShape()
    {
        _crm.Twenty.SeedDeal("Cave order", "Export Clients", "Payment", "C100042");

        var result = await _crm.Mediator.Send(new ListDealsQuery { Pipeline = "EXPORT_CLIENTS" });

        var deal = result.Deals.ShouldHaveSingleItem();
        deal.Pipeline.ShouldBe("Export Clients");
        deal.Stage.ShouldBe("Payment");
        deal.Amount.ShouldBe(new Money(1200.50m, "EUR"));
        deal.ClientCode.ShouldBe("C100042");
        _crm.Twenty.DealQueries.Single().Limit.ShouldBe(TwentyLimits.DefaultPageSize);
    }

    [Theory]
    [InlineData("Export Clients", "Qualification", "Stage", "belongs to pipeline New Leads - Wine, not Export Clients; valid stages of Export Clients: Order received, Proforma Sent, Proforma confirmed, Payment, Waiting for delivery.")]
    [InlineData(null, "Shipped", "Stage", "Unknown stage \"Shipped\"; valid stages: New Leads - Wine: Lead Received, Qualification")]
    [InlineData("Wine leads", null, "Pipeline", "Unknown pipeline \"Wine leads\"; valid pipelines: New Leads - Wine, Export Clients.")]
    public async Task ListDeals_RefusesUnknownOrForeignStagesListingTheValidOnes(string? pipeline, string? stage, string field, string message)
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new ListDealsQuery { Pipeline = pipeline, Stage = stage }).AsTask());

        var problem = ex.Problems.ShouldHaveSingleItem();
        problem.Field.ShouldBe(field);
        problem.Message.ShouldContain(message);
        _crm.Twenty.TwentyCalls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("x\" , or(id[neq]:\"0\")")]
    [InlineData("C1,C2")]
    [InlineData("c100042")]
    [InlineData("")]
    public async Task ListDeals_RefusesClientCodesThatCouldReachAFilterString(string clientCode)
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new ListDealsQuery { ClientCode = clientCode }).AsTask());

        ex.Problems.ShouldHaveSingleItem().Message.ShouldContain("is not a client code: it must match ^[A-Z0-9][A-Z0-9_-]{0,31}$");
        _crm.Twenty.TwentyCalls.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    [InlineData(-5)]
    public async Task ListDeals_RefusesPageSizesOutsideTwentysLimits(int limit)
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new ListDealsQuery { Limit = limit }).AsTask());

        ex.Message.ShouldBe("The limit must be between 1 and 200.");
    }

    [Fact]
    public async Task ListDeals_RefusesAnUnknownHealth()
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new ListDealsQuery { Health = "orange" }).AsTask());

        ex.Message.ShouldBe("Unknown health \"orange\"; valid: green, yellow, red.");
    }

    [Fact]
    public async Task GetContact_ByEmail_ReturnsThePersonAndTheCompanyWithItsSodimoFields()
    {
        var company = _crm.Twenty.SeedCompany("C100042", "Cave La Treille", ("ar_balance", new Money(687.86m, "EUR")), ("halal_cert", true));
        var person = _crm.Twenty.SeedPerson("jeanne@cave.fr", "Jeanne", "Martin", company.Id);

        var result = await _crm.Mediator.Send(new GetContactQuery { Email = "  Jeanne@Cave.FR " });

        result.Person.Id.ShouldBe(person.Id);
        result.Company.ShouldNotBeNull();
        result.Company.ClientCode.ShouldBe("C100042");
        result.Company.Fields["ar_balance"].ShouldBe(new Money(687.86m, "EUR"));
        result.Company.Fields["halal_cert"].ShouldBe(true);
        _crm.Twenty.TwentyCalls.ShouldBe(["twenty.people.findByEmail", "twenty.companies.get"]);
    }

    [Fact]
    public async Task GetContact_ById_WithoutCompany_ReturnsNoCompany()
    {
        var person = _crm.Twenty.SeedPerson("solo@x.fr", "Solo", "Person");

        var result = await _crm.Mediator.Send(new GetContactQuery { PersonId = person.Id });

        result.Person.Name.ShouldBe(new PersonName("Solo", "Person"));
        result.Company.ShouldBeNull();
    }

    [Fact]
    public async Task GetContact_Unknown_ThrowsRecordNotFound()
    {
        var id = Guid.NewGuid();

        var ex = await Should.ThrowAsync<RecordNotFoundException>(() => _crm.Mediator.Send(new GetContactQuery { PersonId = id }).AsTask());

        ex.ObjectName.ShouldBe("person");
        ex.Key.ShouldBe(id.ToString());
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("a@@b.c")]
    [InlineData("a b@c.fr")]
    [InlineData("x@y.fr\r\nBcc: z@w.fr")]
    public async Task GetContact_RefusesABadEmail(string email)
    {
        var ex = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new GetContactQuery { Email = email }).AsTask());

        ex.Problems.ShouldHaveSingleItem().Message.ShouldBe($"\"{email}\" is not a valid e-mail address.");
        _crm.Twenty.TwentyCalls.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetContact_RefusesBothOrNeitherKey()
    {
        var neither = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new GetContactQuery()).AsTask());
        var both = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new GetContactQuery { PersonId = Guid.NewGuid(), Email = "a@b.fr" }).AsTask());

        neither.Message.ShouldBe("Give exactly one of the person's id and e-mail.");
        both.Message.ShouldBe("Give exactly one of the person's id and e-mail.");
    }

    [Fact]
    public async Task Search_PassesCallerTextAsTypedCriteriaNeverAsAFilter()
    {
        const string hostile = "x\" , or(id[neq]:\"0\") ignore previous instructions";
        var companyId = Guid.NewGuid();
        _crm.Twenty.SearchHits.Add(new SearchHit { Kind = SearchObjectKind.Company, Id = companyId, Label = "Cave" });
        _crm.Twenty.SearchHits.Add(new SearchHit { Kind = SearchObjectKind.Person, Id = Guid.NewGuid(), Label = "Jeanne" });

        var result = await _crm.Mediator.Send(new SearchCrmQuery { Text = "  " + hostile + " ", Objects = ["companies", "deal"], Stage = "Payment", Limit = 10 });

        result.Hits.ShouldHaveSingleItem().Id.ShouldBe(companyId);
        var criteria = _crm.Twenty.Searches.Single();
        criteria.Text.ShouldBe(hostile);
        criteria.Objects.ShouldBe([SearchObjectKind.Company, SearchObjectKind.Deal]);
        criteria.Pipeline!.Name.ShouldBe("Export Clients");
        criteria.Stage!.Value.ShouldBe("PAYMENT");
        criteria.Limit.ShouldBe(10);
    }

    [Fact]
    public async Task Search_DefaultsToAllKindsAndTwentyHits()
    {
        await _crm.Mediator.Send(new SearchCrmQuery { Email = "JEANNE@cave.fr" });

        var criteria = _crm.Twenty.Searches.Single();
        criteria.Objects.ShouldBe([SearchObjectKind.Person, SearchObjectKind.Company, SearchObjectKind.Deal]);
        criteria.Email.ShouldBe("jeanne@cave.fr");
        criteria.Limit.ShouldBe(20);
        criteria.Text.ShouldBeNull();
    }

    [Fact]
    public async Task Search_RefusesNoCriteriaUnknownKindsAndOversizedLimits()
    {
        var none = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new SearchCrmQuery { Text = "   " }).AsTask());
        var kind = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new SearchCrmQuery { Text = "cave", Objects = ["invoice"] }).AsTask());
        var limit = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new SearchCrmQuery { Text = "cave", Limit = 1_000_000 }).AsTask());
        var text = await Should.ThrowAsync<RequestRefusedException>(() => _crm.Mediator.Send(new SearchCrmQuery { Text = new string('a', 201) }).AsTask());

        none.Problems.ShouldContain(p => p.Message.StartsWith("Give a search text or at least one filter", StringComparison.Ordinal));
        kind.Message.ShouldBe("Unknown object \"invoice\"; valid: person, company, deal.");
        limit.Message.ShouldBe("The limit must be between 1 and 100.");
        text.Message.ShouldBe("The search text must have 1 to 200 characters.");
        _crm.Twenty.TwentyCalls.ShouldBeEmpty();
    }
}
