using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Mutations;

/// <summary>
/// How mutation requests and results are stored in the ledger: camelCase JSON, enums as strings, object keys sorted,
/// and the request's run, key, tool and target left out (they have their own ledger columns), so the same request
/// always has the same hash whatever run sends it.
/// </summary>
public static class MutationJson
{
    private static readonly string[] EnvelopeProperties = ["run", "idempotencyKey", "toolName", "target"];

    /// <summary>The serializer options used for requests and results.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The request's payload as canonical JSON (sorted keys, envelope left out).</summary>
    /// <param name="request">The mutation request.</param>
    /// <returns>The JSON stored as the ledger entry's request.</returns>
    public static string Payload(IMutationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var node = JsonSerializer.SerializeToNode(request, Options.GetTypeInfo(request.GetType()))!.AsObject();
        foreach (var name in EnvelopeProperties)
        {
            node.Remove(name);
        }

        return Canonical(node)!.ToJsonString(Options);
    }

    /// <summary>Serializes a result for the ledger.</summary>
    /// <param name="result">The result.</param>
    /// <returns>Its JSON.</returns>
    public static string Result(object result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, Options.GetTypeInfo(result.GetType()));
    }

    /// <summary>Reads a stored result back, marked as a replay when it has a <c>replayed</c> property.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="json">The stored JSON.</param>
    /// <returns>The result.</returns>
    public static T ReadReplay<T>(string json)
    {
        var node = JsonNode.Parse(json)!;
        if (node is JsonObject obj && typeof(IMutationResult).IsAssignableFrom(typeof(T)))
        {
            obj["replayed"] = true;
        }

        return (T)node.Deserialize(Options.GetTypeInfo(typeof(T)))!;
    }

    /// <summary>Rebuilds a request from a ledger entry: its payload plus the run and the caller's key.</summary>
    /// <typeparam name="T">The request type.</typeparam>
    /// <param name="entry">The ledger entry.</param>
    /// <returns>The request as first sent.</returns>
    public static T ReadRequest<T>(LedgerEntry entry)
        where T : IMutationRequest
    {
        ArgumentNullException.ThrowIfNull(entry);
        var node = JsonNode.Parse(entry.RequestJson)!.AsObject();
        node["run"] = JsonSerializer.SerializeToNode(new RunContext(entry.RunId, entry.Actor, entry.Skill, entry.CallerId), MutationJsonContext.Default.RunContext);
        var prefix = entry.ToolName + ":";
        node["idempotencyKey"] = entry.IdempotencyKey.StartsWith(prefix, StringComparison.Ordinal)
            ? entry.IdempotencyKey[prefix.Length..]
            : entry.IdempotencyKey;
        return (T)node.Deserialize(Options.GetTypeInfo(typeof(T)))!;
    }

    /// <summary>The ledger's idempotency key for a request: the tool name, a colon, the caller's key.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The scoped key.</returns>
    public static string ScopedKey(IMutationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ToolName + ":" + request.IdempotencyKey;
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray arr => new JsonArray(arr.Select(Canonical).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static JsonSerializerOptions CreateOptions() =>
        // The source-generated context covers every request, result and field value the SDK writes (camelCase, enums
        // as strings, nulls kept). Where reflection is available (not in a trimmed or Native AOT host), types it does
        // not know, such as a caller's own list type in a company field, fall back to the reflection serializer.
        JsonSerializer.IsReflectionEnabledByDefault ? WithReflectionFallback() : MutationJsonContext.Default.Options;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only called when JsonSerializer.IsReflectionEnabledByDefault, a feature switch that trimmed and Native AOT apps turn off (the call is then removed).")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only called when JsonSerializer.IsReflectionEnabledByDefault, a feature switch that trimmed and Native AOT apps turn off (the call is then removed).")]
    private static JsonSerializerOptions WithReflectionFallback()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = JsonTypeInfoResolver.Combine(MutationJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }
}
