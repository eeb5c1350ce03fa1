using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Metadata;

namespace Sodimo.Crm.Testing.Tests.Metadata;

/// <summary>PEER-CASES [metadata]: select/multi-select options, option fields, default values, uncreatable types.</summary>
public class FieldInputValidatorTests
{
    private static JsonObject Select(string options, string type = "SELECT", string? defaultValue = null)
    {
        var input = new JsonObject
        {
            ["type"] = type,
            ["name"] = "testField",
            ["label"] = "Test field",
            ["options"] = JsonNode.Parse(options),
        };
        if (defaultValue is not null)
        {
            input["defaultValue"] = JsonNode.Parse(defaultValue);
        }

        return input;
    }

    private static string[] Messages(JsonObject input) =>
        FieldInputValidator.ValidateCreate(input, []).Select(e => e.Message).ToArray();

    private const string Two = """[{"label":"Option 1","value":"OPTION_1","position":0,"color":"green"},{"label":"Option 2","value":"OPTION_2","position":1,"color":"green"}]""";

    [Fact]
    public void ValidSelect_HasNoErrors() => Messages(Select(Two, defaultValue: "\"'OPTION_1'\"")).ShouldBeEmpty();

    [Fact]
    public void CommaInLabel_LabelMustNotContainAComma() =>
        Messages(Select("""[{"label":"Option ,1","value":"OPTION_1","position":0}]""")).ShouldBe(["Label must not contain a comma"]);

    [Fact]
    public void EmptyOptions_OptionsAreRequired() =>
        Messages(Select("[]")).ShouldBe(["Options are required for enum fields"]);

    [Fact]
    public void DuplicatedId_DuplicatedOptionId()
    {
        var id = Guid.NewGuid();
        Messages(Select($$"""[{"id":"{{id}}","label":"A","value":"A","position":0},{"id":"{{id}}","label":"B","value":"B","position":1}]"""))
            .ShouldBe(["Duplicated option id"]);
    }

    [Fact]
    public void DuplicatedValueAfterTrim_DuplicatedOptionValue() =>
        Messages(Select("""[{"label":"A","value":"OPTION_1","position":0},{"label":"B","value":" OPTION_1 ","position":1}]"""))
            .ShouldContain("Duplicated option value");

    [Fact]
    public void DuplicatedPosition_DuplicatedOptionPosition() =>
        Messages(Select("""[{"label":"A","value":"A","position":1},{"label":"B","value":"B","position":1}]"""))
            .ShouldBe(["Duplicated option position"]);

    [Fact]
    public void OptionLabel_EmptyNullOrNumber()
    {
        Messages(Select("""[{"label":"","value":"A","position":0}]""")).ShouldBe(["Option label must be a string of at least one character"]);
        Messages(Select("""[{"label":3,"value":"A","position":0}]""")).ShouldBe(["Option label must be a string of at least one character"]);
        Messages(Select("""[{"label":null,"value":"A","position":0}]""")).ShouldBe(["Option label is required"]);
    }

    [Fact]
    public void OptionValue_EmptyOrNotUpperSnake()
    {
        Messages(Select("""[{"label":"A","value":"","position":0}]""")).ShouldBe(["Option value must be a string of at least one character"]);
        Messages(Select("""[{"label":"A","value":"lower_case","position":0}]""")).ShouldBe(["Value must be in UPPER_CASE and follow snake_case \"lower_case\""]);
    }

    [Fact]
    public void OptionId_NotUuidOrNull()
    {
        Messages(Select("""[{"id":"abc","label":"A","value":"A","position":0}]""")).ShouldBe(["Option id is invalid"]);
        Messages(Select("""[{"id":null,"label":"A","value":"A","position":0}]""")).ShouldBe(["Option id is required", "Option id is invalid"]);
    }

    [Fact]
    public void SelectDefault_UnquotedNumberOrUnknown()
    {
        Messages(Select(Two, defaultValue: "\"OPTION_1\"")).ShouldBe(["Default value should be as quoted string", "Default value \"OPTION_1\" must be one of the option values"]);
        Messages(Select(Two, defaultValue: "22222")).ShouldBe(["Default value for select must be a string got 22222"]);
        Messages(Select(Two, defaultValue: "\"'NOPE'\"")).ShouldBe(["Default value \"'NOPE'\" must be one of the option values"]);
    }

    [Fact]
    public void MultiSelectDefault_NotArrayOrEmpty()
    {
        Messages(Select(Two, "MULTI_SELECT", "\"invalid\"")).ShouldBe(["Default value for multi-select must be an array got invalid"]);
        Messages(Select(Two, "MULTI_SELECT", "[]")).ShouldBe(["If defined default value must contain at least one value"]);
        Messages(Select(Two, "MULTI_SELECT", "[\"'OPTION_2'\"]")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("NUMERIC", "Field type NUMERIC is not supported for field creation. Use NUMBER instead.")]
    [InlineData("POSITION", "Field type POSITION is a system type and cannot be created manually.")]
    [InlineData("TS_VECTOR", "TS Vector is not supported for field creation")]
    public void UncreatableTypes_AreRefused(string type, string message) =>
        Messages(new JsonObject { ["type"] = type, ["name"] = "testField", ["label"] = "Test" }).ShouldBe([message]);

    [Fact]
    public void DuplicateName_OnSameObject_IsRejected() =>
        FieldInputValidator.ValidateCreate(new JsonObject { ["type"] = "TEXT", ["name"] = "city", ["label"] = "City" }, ["city"]).ShouldNotBeEmpty();

    [Fact]
    public void ValidationException_HasPeerCaseShape()
    {
        var errors = FieldInputValidator.ValidateCreate(Select("[]"), []);
        var info = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["name"] = "testField" };

        var json = new MetadataValidationException("fieldMetadata", "create", info, errors).ToGraphQLError().ToJson();

        json["message"]!.GetValue<string>().ShouldBe("Multiple validation errors occurred while creating fields");
        var extensions = json["extensions"]!;
        extensions["code"]!.GetValue<string>().ShouldBe("METADATA_VALIDATION_FAILED");
        extensions["message"]!.GetValue<string>().ShouldBe("Validation failed for 1 fieldMetadata");
        extensions["summary"]!.ToJsonString().ShouldBe("""{"fieldMetadata":1,"totalErrors":1}""");
        var error = extensions["errors"]!["fieldMetadata"]![0]!["errors"]![0]!;
        error["code"]!.GetValue<string>().ShouldBe("INVALID_FIELD_INPUT");
        error["message"]!.GetValue<string>().ShouldBe("Options are required for enum fields");
    }
}
