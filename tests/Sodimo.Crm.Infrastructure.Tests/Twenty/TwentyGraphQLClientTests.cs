using System.Net;
using System.Text.Json.Nodes;
using Sodimo.Crm.Infrastructure.Twenty;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty;

public sealed class TwentyGraphQLClientTests
{
    [Fact]
    public async Task Query_SendsDocumentAndVariables_ReturnsData()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.OK, """{"data":{"search":{"edges":[{"node":{"recordId":"r1","label":"Cave"}}]}}}""");
        const string query = "query Search($q: String!, $limit: Int!) { search(searchInput: $q, limit: $limit) { edges { node { recordId label } } } }";

        var data = await h.GraphQL.QueryAsync(TwentyGraphQLEndpoint.Core, query, new JsonObject { ["q"] = "x\" , or(id[neq]:\"0\")", ["limit"] = 10 });

        data["search"]!["edges"]![0]!["node"]!["label"]!.GetValue<string>().ShouldBe("Cave");
        var request = h.Handler.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.PathAndQuery.ShouldBe("/graphql");
        request.Authorization.ShouldBe("Bearer " + TwentyClientHarness.ApiKey);
        var body = JsonNode.Parse(request.Body!)!;
        body["query"]!.GetValue<string>().ShouldBe(query);
        body["variables"]!["q"]!.GetValue<string>().ShouldBe("x\" , or(id[neq]:\"0\")");
        body["variables"]!["limit"]!.GetValue<int>().ShouldBe(10);
    }

    [Fact]
    public async Task Metadata_GoesToMetadataEndpoint()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.OK, """{"data":{"createOneField":{"id":"f1"}}}""");

        var data = await h.GraphQL.MutateAsync(TwentyGraphQLEndpoint.Metadata, "mutation($input: CreateOneFieldMetadataInput!) { createOneField(input: $input) { id } }",
            new JsonObject { ["input"] = new JsonObject { ["field"] = new JsonObject { ["name"] = "clientCode" } } });

        data["createOneField"]!["id"]!.GetValue<string>().ShouldBe("f1");
        h.Handler.Requests.ShouldHaveSingleItem().PathAndQuery.ShouldBe("/metadata");
    }

    [Fact]
    public async Task ErrorsWith200_RaisesGraphQLExceptionWithTwentysMessages()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.OK, """
            {"data":null,"errors":[{"message":"Field \"nope\" is not defined by type \"CompanyFilterInput\".","extensions":{"code":"BAD_USER_INPUT"},"path":["companies"]}]}
            """);

        var ex = await Should.ThrowAsync<TwentyGraphQLException>(h.GraphQL.QueryAsync(TwentyGraphQLEndpoint.Core, "{ companies(filter: { nope: { eq: 1 } }) { totalCount } }"));

        ex.StatusCode.ShouldBe(200);
        ex.Messages.ShouldBe(["Field \"nope\" is not defined by type \"CompanyFilterInput\"."]);
        ex.Errors.ShouldHaveSingleItem().ShouldBe(new TwentyGraphQLError("Field \"nope\" is not defined by type \"CompanyFilterInput\".", "BAD_USER_INPUT", "companies"));
        ex.IsTransient.ShouldBeFalse();
        ex.IsRejection.ShouldBeTrue();
        h.Handler.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task InternalErrorCode_IsTransient()
    {
        using var h = new TwentyClientHarness();
        h.Handler.Then(HttpStatusCode.OK, """{"errors":[{"message":"Internal server error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}""");

        var ex = await Should.ThrowAsync<TwentyGraphQLException>(h.GraphQL.QueryAsync(TwentyGraphQLEndpoint.Core, "{ companies { totalCount } }"));

        ex.IsTransient.ShouldBeTrue();
    }

    [Theory]
    [InlineData("mutation { deleteCompany(id: \"x\") { id } }")]
    [InlineData("  # comment\n mutation M { deleteCompany(id: \"x\") { id } }")]
    public void Query_WithMutationDocument_RefusedBeforeSending(string document)
    {
        using var h = new TwentyClientHarness();

        Should.Throw<ArgumentException>(() => { _ = h.GraphQL.QueryAsync(TwentyGraphQLEndpoint.Core, document); });

        h.Handler.Requests.ShouldBeEmpty();
    }
}
