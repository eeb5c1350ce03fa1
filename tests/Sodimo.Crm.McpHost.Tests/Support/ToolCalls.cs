using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Sodimo.Crm.McpHost.Tests.Support;

/// <summary>Helpers to call a tool with raw JSON arguments (so tests can send wrong types) and read its answer.</summary>
internal static class ToolCalls
{
    public static async Task<CallToolResult> CallJsonAsync(this McpClient client, string tool, string argumentsJson)
    {
        using var doc = JsonDocument.Parse(argumentsJson);
        var args = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        return await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = args }, CancellationToken.None);
    }

    public static string Text(this CallToolResult result) =>
        string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    public static JsonElement Structured(this CallToolResult result)
    {
        result.IsError.ShouldNotBe(true, result.Text());
        result.StructuredContent.ShouldNotBeNull();
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }
}
