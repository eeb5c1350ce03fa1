using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.GraphQL;

namespace Sodimo.Crm.Testing.Tests.GraphQL;

public class GqlProjectionTests
{
    [Fact]
    public void Project_SelectsOnlyRequestedFields_WithAliasesAndTypename()
    {
        var record = JsonNode.Parse("""{"id":"1","city":"Lyon","name":{"firstName":"Ada","lastName":"L"},"jobTitle":"CTO"}""");
        var selection = GqlDocumentReader.Read("{ x { id town: city name { firstName } __typename missing } }", null).Fields[0];

        var projected = GqlProjection.Project(record, selection.Selections, "Person");

        projected!.ToJsonString().ShouldBe("""{"id":"1","town":"Lyon","name":{"firstName":"Ada"},"__typename":"Person","missing":null}""");
    }

    [Fact]
    public void Project_Array_ProjectsEachItem_AndResolveSuppliesMissingFields()
    {
        var records = JsonNode.Parse("""[{"id":"1","companyId":"c"},{"id":"2","companyId":null}]""");
        var selection = GqlDocumentReader.Read("{ x { id company { name } } }", null).Fields[0];

        var projected = GqlProjection.Project(records, selection.Selections, resolve: (obj, sel) =>
            sel.Name == "company" && obj["companyId"] is not null ? new JsonObject { ["name"] = "Acme" } : null);

        projected!.ToJsonString().ShouldBe("""[{"id":"1","company":{"name":"Acme"}},{"id":"2","company":null}]""");
    }
}
