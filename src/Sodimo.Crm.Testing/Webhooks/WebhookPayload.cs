using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Webhooks;

/// <summary>
/// Builds the body Twenty posts for one (webhook × event) pair, keys in the order of API-FACTS §7.2:
/// targetUrl, eventName, objectMetadata {id, nameSingular}, workspaceId, webhookId, eventDate, userId?,
/// workspaceMemberId?, record, updatedFields?. Serialized like <c>JSON.stringify</c> (no spaces, no HTML escaping).
/// </summary>
internal static class WebhookPayload
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>Builds the payload object.</summary>
    public static JsonObject Build(
        WebhookRegistration webhook, WebhookEvent change, Guid workspaceId, DateTimeOffset eventDate,
        string? userId = null, string? workspaceMemberId = null)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(change);
        var payload = new JsonObject
        {
            ["targetUrl"] = webhook.TargetUrl,
            ["eventName"] = change.EventName,
            ["objectMetadata"] = new JsonObject
            {
                ["id"] = change.ObjectMetadataId.ToString(),
                ["nameSingular"] = change.ObjectNameSingular,
            },
            ["workspaceId"] = workspaceId.ToString(),
            ["webhookId"] = webhook.Id.ToString(),
            ["eventDate"] = FormatDate(eventDate),
        };
        if (userId is not null)
        {
            payload["userId"] = userId;
        }

        if (workspaceMemberId is not null)
        {
            payload["workspaceMemberId"] = workspaceMemberId;
        }

        var record = (JsonObject?)(change.After ?? change.Before)?.DeepClone() ?? [];
        if (change.ObjectNameSingular == "webhook")
        {
            record.Remove("secret");
        }

        payload["record"] = record;
        if (change.UpdatedFields is not null)
        {
            payload["updatedFields"] = new JsonArray(change.UpdatedFields.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        }

        return payload;
    }

    /// <summary>Serializes a payload the way the sender does (compact, JSON.stringify-like escaping).</summary>
    public static string Serialize(JsonNode payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return payload.ToJsonString(Options);
    }

    /// <summary>Formats a date like JavaScript's <c>toISOString()</c> (UTC, milliseconds, Z).</summary>
    public static string FormatDate(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
