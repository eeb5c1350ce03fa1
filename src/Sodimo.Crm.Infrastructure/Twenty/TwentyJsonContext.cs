using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>System.Text.Json metadata for what the Twenty client writes and reads (records are dynamic JSON objects).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(TwentyGraphQLRequest))]
internal sealed partial class TwentyJsonContext : JsonSerializerContext;
