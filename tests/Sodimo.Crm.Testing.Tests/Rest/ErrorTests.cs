using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests.Rest;

/// <summary>API-FACTS §1.2, §1.3, §2 and PEER-CASES [errors]/[auth]; both transports.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Singular_object_name_is_400_with_did_you_mean(Transport transport)
    {
        // API-FACTS §1.2
        await using var h = await Harness.StartAsync(transport);
        var (status, body, _) = await h.GetAsync("/rest/person");
        status.ShouldBe(400);
        body!["statusCode"]!.GetValue<int>().ShouldBe(400);
        body["error"]!.GetValue<string>().ShouldBe("BadRequestException");
        body["messages"]![0]!.GetValue<string>().ShouldBe("object 'person' not found. Did you mean 'people'?");
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Unknown_object_is_400_with_example(Transport transport)
    {
        // API-FACTS §1.2
        await using var h = await Harness.StartAsync(transport);
        var (status, body, _) = await h.GetAsync("/rest/widgets");
        status.ShouldBe(400);
        body!["messages"]![0]!.GetValue<string>().ShouldBe("object 'widgets' not found. eg: companies");
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Unknown_record_is_404_record_not_found(Transport transport)
    {
        // API-FACTS §2: RECORD_NOT_FOUND → 404 "Record not found"
        await using var h = await Harness.StartAsync(transport);
        var (status, body, _) = await h.GetAsync($"/rest/people/{Guid.NewGuid()}");
        status.ShouldBe(404);
        body!["statusCode"]!.GetValue<int>().ShouldBe(404);
        body["error"]!.GetValue<string>().ShouldBe("NotFoundException");
        body["messages"]![0]!.GetValue<string>().ShouldBe("Record not found");
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Invalid_uuid_and_invalid_path_are_400(Transport transport)
    {
        // API-FACTS §1.3 path rules; PEER-CASES [errors] path shape
        await using var h = await Harness.StartAsync(transport);
        var (status, body, _) = await h.GetAsync("/rest/people/not-a-uuid");
        status.ShouldBe(400);
        body!["messages"]![0]!.GetValue<string>().ShouldBe("'not-a-uuid' is not a valid UUID");

        var id = Guid.NewGuid();
        (status, body, _) = await h.GetAsync($"/rest/companies/{id}/toto");
        status.ShouldBe(400);
        body!["messages"]![0]!.GetValue<string>().ShouldBe(
            $"Query path '/rest/companies/{id}/toto' invalid. Valid examples: /rest/companies/id or /rest/companies or /rest/batch/companies");
    }

    [Theory]
    [InlineData(Transport.InProcess)]
    [InlineData(Transport.Loopback)]
    public async Task Missing_key_is_403_and_unknown_key_is_401(Transport transport)
    {
        // PEER-CASES [auth]
        await using var h = await Harness.StartAsync(transport);
        h.Client.DefaultRequestHeaders.Authorization = null;
        var (status, body, _) = await h.PostAsync("/rest/people", Harness.Person("A", "B"));
        status.ShouldBe(403);
        body!["error"]!.GetValue<string>().ShouldBe("FORBIDDEN_EXCEPTION");
        body["messages"]![0]!.GetValue<string>().ShouldBe("Missing authentication token");

        h.Client.DefaultRequestHeaders.Authorization = new("Bearer", "invalid-token");
        (status, body, _) = await h.GetAsync("/rest/people");
        status.ShouldBe(401);
        body!["error"]!.GetValue<string>().ShouldBe("UNAUTHENTICATED");
        body["messages"]![0]!.GetValue<string>().ShouldBe("No payload");

        h.Client.DefaultRequestHeaders.Authorization = new("Bearer", "aaa.bbb.ccc");
        (status, body, _) = await h.GetAsync("/rest/people");
        status.ShouldBe(401);
        body!["messages"]![0]!.GetValue<string>().ShouldBe("Token invalid.");
        h.Emulator.GetRecords("people").ShouldBeEmpty();
    }

    [Fact]
    public async Task Metadata_and_graphql_paths_are_served_by_their_endpoints()
    {
        await using var h = await Harness.StartAsync();
        (await h.GetAsync("/rest/metadata/objects")).Status.ShouldBe(200);
        (await h.PostAsync("/graphql", new JsonObject { ["query"] = "{ people { totalCount } }" })).Status.ShouldBe(200);
        (await h.PostAsync("/metadata", new JsonObject { ["query"] = "{ objects { totalCount } }" })).Status.ShouldBe(200);
        (await h.GetAsync("/rest/metadata/nothing")).Status.ShouldBe(404);
    }
}
