using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sodimo.Crm.McpHost.Backend;

/// <summary>
/// Source-generated JSON for everything the host writes: no reflection, so the host can be trimmed and published
/// Native AOT. The default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so CRM text can never close
/// the <c>&lt;crm_data&gt;</c> block it is rendered in.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DealPage))]
[JsonSerializable(typeof(ContactResult))]
[JsonSerializable(typeof(UpsertContactResult))]
[JsonSerializable(typeof(AdvanceStageResult))]
[JsonSerializable(typeof(AddActivityResult))]
[JsonSerializable(typeof(SearchResult))]
[JsonSerializable(typeof(ToolError))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class McpHostJsonContext : JsonSerializerContext;
