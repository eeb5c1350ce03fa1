using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.GraphQL;

namespace Sodimo.Crm.Testing.Tests.GraphQL;

/// <summary>API-FACTS §5: documents with variables, aliases and fragments, as Twenty's clients send them.</summary>
public class GqlDocumentReaderTests
{
    [Fact]
    public void Read_VariablesAndAliases_SubstitutesValuesIntoArguments()
    {
        const string query = """
            query FindPeople($filter: PersonFilterInput, $first: Int = 10) {
              list: people(filter: $filter, first: $first, orderBy: [{ createdAt: AscNullsFirst }]) {
                totalCount
              }
            }
            """;
        var variables = JsonNode.Parse("""{"filter":{"city":{"eq":"Lyon"}}}""")!.AsObject();

        var operation = GqlDocumentReader.Read(query, variables);

        operation.IsMutation.ShouldBeFalse();
        operation.Name.ShouldBe("FindPeople");
        var field = operation.Fields.ShouldHaveSingleItem();
        field.Name.ShouldBe("people");
        field.ResponseKey.ShouldBe("list");
        field.Arg("filter")!.ToJsonString().ShouldBe("""{"city":{"eq":"Lyon"}}""");
        field.Arg("first")!.GetValue<long>().ShouldBe(10);
        field.Arg("orderBy")!.ToJsonString().ShouldBe("""[{"createdAt":"AscNullsFirst"}]""");
    }

    [Fact]
    public void Read_FragmentSpreadAndInlineFragment_AreExpandedAndMerged()
    {
        const string query = """
            mutation { createPerson(data: { name: { firstName: "Ada", lastName: "L" } }) { ...P ... on Person { city name { lastName } } } }
            fragment P on Person { id name { firstName } }
            """;

        var operation = GqlDocumentReader.Read(query, null);

        operation.IsMutation.ShouldBeTrue();
        var create = operation.Fields.ShouldHaveSingleItem();
        create.Arg("data")!.ToJsonString().ShouldBe("""{"name":{"firstName":"Ada","lastName":"L"}}""");
        create.Selections.Select(s => s.ResponseKey).ShouldBe(["id", "name", "city"]);
        create.Child("name")!.Selections.Select(s => s.Name).ShouldBe(["firstName", "lastName"]);
    }

    [Fact]
    public void Read_SkipAndInclude_DropFields()
    {
        var operation = GqlDocumentReader.Read(
            "query($yes: Boolean!) { people { totalCount @skip(if: $yes) pageInfo @include(if: $yes) { hasNextPage } } }",
            new JsonObject { ["yes"] = true });

        operation.Fields[0].Selections.Select(s => s.Name).ShouldBe(["pageInfo"]);
    }

    [Fact]
    public void ReadRequest_OperationName_PicksThatOperation()
    {
        var body = JsonNode.Parse("""{"query":"query A { people { totalCount } } query B { companies { totalCount } }","operationName":"B"}""");

        GqlDocumentReader.ReadRequest(body).Fields[0].Name.ShouldBe("companies");
    }

    [Fact]
    public void Read_SyntaxError_IsParseFailed()
    {
        var ex = Should.Throw<GqlException>(() => GqlDocumentReader.Read("query { people { ", null));

        ex.Code.ShouldBe(GqlErrorCodes.ParseFailed);
        ex.Message.ShouldStartWith("Syntax Error");
    }

    [Fact]
    public void Read_MissingRequiredVariable_IsBadUserInput()
    {
        var ex = Should.Throw<GqlException>(() => GqlDocumentReader.Read("query($id: UUID!) { person(filter: { id: { eq: $id } }) { id } }", null));

        ex.Message.ShouldBe("Variable \"$id\" of required type \"UUID!\" was not provided.");
        ex.ToJson()["extensions"]!["code"]!.GetValue<string>().ShouldBe("BAD_USER_INPUT");
    }

    [Fact]
    public void Read_UnknownFragment_IsValidationError()
    {
        Should.Throw<GqlException>(() => GqlDocumentReader.Read("{ people { ...Missing } }", null))
            .Code.ShouldBe(GqlErrorCodes.ValidationFailed);
    }
}
