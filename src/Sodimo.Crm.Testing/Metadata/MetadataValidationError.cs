using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Metadata;

/// <summary>One validation failure on a metadata input (code <c>INVALID_FIELD_INPUT</c> and friends).</summary>
/// <param name="Message">The message, worded as Twenty words it.</param>
/// <param name="Value">The offending value, when Twenty reports one.</param>
/// <param name="Code">The per-error code.</param>
internal sealed record MetadataValidationError(string Message, JsonNode? Value = null, string Code = "INVALID_FIELD_INPUT")
{
    /// <summary>The error as Twenty serializes it: <c>{ code, message, userFriendlyMessage, value? }</c>.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["code"] = Code, ["message"] = Message, ["userFriendlyMessage"] = Message };
        if (Value is not null)
        {
            json["value"] = Value.DeepClone();
        }

        return json;
    }
}
