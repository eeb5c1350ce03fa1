using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.GraphQL;

namespace Sodimo.Crm.Testing.Tests.GraphQL;

/// <summary>PEER-CASES [graphql]: filter type errors as GraphQL coercion messages; API-FACTS §5 filter shapes.</summary>
public class GqlFilterCheckerTests
{
    private static readonly Dictionary<string, GqlFieldShape> Fields = new()
    {
        ["textField"] = new("textField", "TEXT"),
        ["numberField"] = new("numberField", "NUMBER"),
        ["booleanField"] = new("booleanField", "BOOLEAN"),
        ["uuidField"] = new("uuidField", "UUID"),
        ["selectField"] = new("selectField", "SELECT", ["OPTION_1", "OPTION_2"]),
        ["dateTimeField"] = new("dateTimeField", "DATE_TIME"),
        ["name"] = new("name", "FULL_NAME"),
    };

    private static string Error(string filter) =>
        Should.Throw<GqlException>(() => GqlFilterChecker.Check(JsonNode.Parse(filter), "apiInputValidationTestObject", n => Fields.GetValueOrDefault(n))).Message;

    [Fact]
    public void ValidNestedFilter_Passes() =>
        GqlFilterChecker.Check(JsonNode.Parse("""{"and":[{"name":{"firstName":{"ilike":"%jo%"}}},{"not":{"selectField":{"in":["OPTION_1"]}}},{"or":[{"numberField":{"gte":2}},{"textField":{"is":"NULL"}}]}]}"""),
            "person", n => Fields.GetValueOrDefault(n));

    [Fact]
    public void Number_NotANumber() => Error("""{"numberField":{"eq":"not-a-number"}}""").ShouldBe("Float cannot represent non numeric value: \"not-a-number\"");

    [Fact]
    public void Boolean_Number() => Error("""{"booleanField":{"eq":2}}""").ShouldBe("Boolean cannot represent a non boolean value: 2");

    [Fact]
    public void Uuid_InvalidOrNotString()
    {
        Error("""{"uuidField":{"eq":"invalid-uuid"}}""").ShouldBe("Invalid UUID");
        Error("""{"uuidField":{"eq":2}}""").ShouldBe("UUID must be a string");
    }

    [Fact]
    public void Select_UnknownOrNonString()
    {
        Error("""{"selectField":{"in":["not-a-select"]}}""").ShouldBe("Value \"not-a-select\" does not exist in \"ApiInputValidationTestObjectSelectFieldEnum\" enum.");
        Error("""{"selectField":{"eq":true}}""").ShouldBe("Enum \"ApiInputValidationTestObjectSelectFieldEnum\" cannot represent non-string value: true.");
    }

    [Fact]
    public void Text_Regex_OperatorNotValid() =>
        Error("""{"textField":{"regex":"^test$"}}""").ShouldBe(
            "Operator \"regex\" is not valid for field \"textField\" of type TEXT - Allowed operators: eq, neq, gt, gte, lt, lte, in, is, like, ilike, startsWith, endsWith");

    [Fact]
    public void DateTime_BadValue()
    {
        Error("""{"dateTimeField":{"eq":"not-a-date-time"}}""").ShouldBe("Invalid value 'not-a-date-time' for date-time field \"dateTimeField\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'");
        Error("""{"dateTimeField":{"eq":true}}""").ShouldBe("Invalid value true for date-time field \"dateTimeField\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'");
    }

    [Fact]
    public void UnknownField_IsNotDefined() =>
        Error("""{"nope":{"eq":1}}""").ShouldBe("Field \"nope\" is not defined by type \"ApiInputValidationTestObjectFilterInput\".");
}

/// <summary>PEER-CASES [graphql]: create input coercion messages.</summary>
public class GqlDataCheckerTests
{
    private static readonly Dictionary<string, GqlFieldShape> Fields = new()
    {
        ["numberField"] = new("numberField", "NUMBER"),
        ["booleanField"] = new("booleanField", "BOOLEAN"),
        ["uuidField"] = new("uuidField", "UUID"),
        ["selectField"] = new("selectField", "SELECT", ["OPTION_1"]),
        ["emailsField"] = new("emailsField", "EMAILS"),
    };

    private static string Error(string data) =>
        Should.Throw<GqlException>(() => GqlFilterChecker.CheckData(JsonNode.Parse(data)!.AsObject(), "apiInputValidationTestObject", "Create", n => Fields.GetValueOrDefault(n))).Message;

    [Fact]
    public void Create_CoercionMessages()
    {
        Error("""{"numberField":"not-a-number"}""").ShouldBe("Float cannot represent non numeric value: \"not-a-number\"");
        Error("""{"booleanField":2}""").ShouldBe("Boolean cannot represent a non boolean value: 2");
        Error("""{"uuidField":"invalid-uuid"}""").ShouldBe("Invalid UUID");
        Error("""{"uuidField":2}""").ShouldBe("UUID must be a string");
        Error("""{"emailsField":"not-an-email"}""").ShouldBe("Expected type \"EmailsCreateInput\" to be an object.");
        Error("""{"selectField":"not-a-select"}""").ShouldBe("Value \"not-a-select\" does not exist in \"ApiInputValidationTestObjectSelectFieldEnum\" enum.");
        Error("""{"nope":1}""").ShouldBe("Field \"nope\" is not defined by type \"ApiInputValidationTestObjectCreateInput\".");
    }

    [Fact]
    public void Create_ValidData_Passes() =>
        GqlFilterChecker.CheckData(JsonNode.Parse("""{"numberField":2,"booleanField":true,"selectField":"OPTION_1","emailsField":{"primaryEmail":"a@b.c"},"uuidField":null}""")!.AsObject(),
            "x", "Create", n => Fields.GetValueOrDefault(n));
}
