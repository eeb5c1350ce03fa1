using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.GraphQL;

namespace Sodimo.Crm.Testing.Tests.GraphQL;

/// <summary>API-FACTS §2/§5: the errors[] shape (message + extensions.code).</summary>
public class GqlExecutorTests
{
    private static JsonObject Run(string query) => GqlExecutor.Execute(
        new JsonObject { ["query"] = query },
        (mutation, name) => name is "ok" or "boom",
        (mutation, field) => field.Name == "boom" ? throw new GqlException("Record not found", GqlErrorCodes.NotFound) : JsonValue.Create(1));

    [Fact]
    public void ResolverError_NullsField_AndReportsPath()
    {
        var response = Run("{ a: ok boom }");

        response["data"]!.ToJsonString().ShouldBe("""{"a":1,"boom":null}""");
        response["errors"]!.ToJsonString().ShouldBe("""[{"message":"Record not found","extensions":{"code":"NOT_FOUND"},"path":["boom"]}]""");
    }

    [Fact]
    public void UnknownRootField_FailsValidation_WithoutData()
    {
        var response = Run("{ nope }");

        response.ContainsKey("data").ShouldBeFalse();
        response["errors"]![0]!["message"]!.GetValue<string>().ShouldBe("Cannot query field \"nope\" on type \"Query\".");
        response["errors"]![0]!["extensions"]!["code"]!.GetValue<string>().ShouldBe("GRAPHQL_VALIDATION_FAILED");
    }
}
