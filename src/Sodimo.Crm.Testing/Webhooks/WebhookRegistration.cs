using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Webhooks;

/// <summary>A webhook registered in the emulated workspace (API-FACTS §7.1).</summary>
public sealed record WebhookRegistration
{
    /// <summary>The webhook id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The http(s) URL the events are posted to.</summary>
    public required string TargetUrl { get; init; }

    /// <summary>Operations such as <c>person.created</c>, <c>*.updated</c>, <c>company.*</c> or <c>*.*</c>.</summary>
    public required IReadOnlyList<string> Operations { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The signing secret; empty means unsigned deliveries.</summary>
    public required string Secret { get; init; }

    /// <summary>Creation time.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last update time.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether this webhook wants an event named <c>&lt;object&gt;.&lt;action&gt;</c>.</summary>
    public bool Matches(string objectNameSingular, string action) =>
        Operations.Any(op =>
            op == $"{objectNameSingular}.{action}" || op == $"*.{action}" || op == $"{objectNameSingular}.*" || op == "*.*");

    /// <summary>The webhook as the metadata API returns it.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id.ToString(),
        ["targetUrl"] = TargetUrl,
        ["operations"] = new JsonArray(Operations.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
        ["description"] = Description,
        ["secret"] = Secret,
        ["createdAt"] = WebhookPayload.FormatDate(CreatedAt),
        ["updatedAt"] = WebhookPayload.FormatDate(UpdatedAt),
        ["deletedAt"] = null,
    };
}
