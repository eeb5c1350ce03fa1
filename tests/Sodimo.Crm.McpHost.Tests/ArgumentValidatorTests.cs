using System.Text.Json;
using Sodimo.Crm.McpHost.Tools;

namespace Sodimo.Crm.McpHost.Tests;

public sealed class ArgumentValidatorTests
{
    private static readonly ToolParameter Text = new() { Name = "text", Kind = ParameterKind.String, Description = "t" };

    [Fact]
    public void Validate_UnpairedSurrogate_IsRefused()
    {
        // A conforming client cannot even serialise this; the check guards other clients.
        var args = new Dictionary<string, JsonElement> { ["text"] = JsonDocument.Parse("\"x\\uD800y\"").RootElement };

        ArgumentValidator.Validate([Text], args, out var problems).ShouldBeNull();

        problems.ShouldHaveSingleItem().ShouldContain("unpaired) UTF-16 surrogate");
    }

    [Fact]
    public void Validate_AstralCharactersAndEmoji_AreAccepted()
    {
        var args = new Dictionary<string, JsonElement> { ["text"] = JsonSerializer.SerializeToElement("  Château 🍷 𝒜  ") };

        ArgumentValidator.Validate([Text], args, out var problems)!.String("text").ShouldBe("Château 🍷 𝒜");
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Validate_NullForAnOptionalArgument_IsTreatedAsAbsent()
    {
        var args = new Dictionary<string, JsonElement> { ["text"] = JsonDocument.Parse("null").RootElement };

        ArgumentValidator.Validate([Text], args, out _)!.Has("text").ShouldBeFalse();
    }
}
