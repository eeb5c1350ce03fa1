using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sodimo.Crm.Domain.Provisioning;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Infrastructure.Twenty.Metadata;

/// <summary>
/// A small client for Twenty's metadata GraphQL API (<c>POST {BaseUrl}/metadata</c>, API-FACTS §6.1 and §7.1), just
/// what provisioning needs: list objects with their fields, list webhooks, create objects and fields, replace a
/// SELECT field's options, create and update a webhook. Every failure is a <see cref="TwentyMetadataException"/>
/// with a one-line message. Only a 429 is retried (after its <c>Retry-After</c>, at most
/// <see cref="MaxRateLimitRetries"/> times): Twenty did not process that request. Nothing else is retried:
/// provisioning is run by hand and is idempotent, so running it again is the retry.
/// </summary>
public sealed class TwentyMetadataClient
{
    private const string ListObjectsQuery = """
        query SodimoListObjects {
          objects(paging: { first: 1000 }) {
            edges { node {
              id nameSingular namePlural isCustom isActive
              fields(paging: { first: 1000 }) { edges { node { id name type isActive isUnique options } } }
            } }
          }
        }
        """;

    private const string ListWebhooksQuery = "query SodimoListWebhooks { webhooks { id targetUrl operations description secret } }";

    private const string CreateObjectMutation = """
        mutation SodimoCreateObject($input: CreateOneObjectInput!) { createOneObject(input: $input) { id nameSingular } }
        """;

    private const string CreateFieldMutation = """
        mutation SodimoCreateField($input: CreateOneFieldMetadataInput!) { createOneField(input: $input) { id name type } }
        """;

    private const string UpdateFieldMutation = """
        mutation SodimoUpdateField($input: UpdateOneFieldMetadataInput!) { updateOneField(input: $input) { id name options } }
        """;

    private const string CreateWebhookMutation = """
        mutation SodimoCreateWebhook($input: CreateWebhookInput!) { createWebhook(input: $input) { id targetUrl operations } }
        """;

    private const string UpdateWebhookMutation = """
        mutation SodimoUpdateWebhook($input: UpdateWebhookInput!) { updateWebhook(input: $input) { id targetUrl operations } }
        """;

    /// <summary>How many times a call answered 429 is sent again.</summary>
    public const int MaxRateLimitRetries = 3;

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Uri _endpoint;
    private readonly string _apiKey;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a client; the options must be valid (<see cref="TwentyMetadataOptions.Validate"/>).</summary>
    /// <param name="httpClient">The HTTP client to send with (its own timeout is not relied on).</param>
    /// <param name="options">Twenty's URL, API key and per-call timeout.</param>
    /// <param name="timeProvider">The clock used to wait out a 429; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    public TwentyMetadataClient(HttpClient httpClient, TwentyMetadataOptions options, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _http = httpClient;
        var baseUrl = options.BaseUrl!.AbsoluteUri.TrimEnd('/') + "/";
        _endpoint = new Uri(new Uri(baseUrl), "metadata");
        _apiKey = options.ApiKey!;
        _timeout = options.Timeout;
    }

    /// <summary>The metadata endpoint the client posts to (<c>{BaseUrl}/metadata</c>).</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>Reads the workspace's objects with their fields and, when asked, its webhooks.</summary>
    /// <param name="includeWebhooks">Whether to list webhooks too (needs the API keys and webhooks permission).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The snapshot the planner compares with Sodimo's schema.</returns>
    public async Task<WorkspaceSnapshot> ReadWorkspaceAsync(bool includeWebhooks, CancellationToken cancellationToken = default)
    {
        var objects = await ListObjectsAsync(cancellationToken).ConfigureAwait(false);
        var webhooks = includeWebhooks ? await ListWebhooksAsync(cancellationToken).ConfigureAwait(false) : [];
        return new WorkspaceSnapshot(objects, webhooks);
    }

    /// <summary>Lists every object with its fields (<c>objects</c> query).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The objects.</returns>
    public async Task<IReadOnlyList<ExistingObject>> ListObjectsAsync(CancellationToken cancellationToken = default)
    {
        var data = await ExecuteAsync("listing objects", ListObjectsQuery, null, cancellationToken).ConfigureAwait(false);
        return Edges(data["objects"], "objects").Select(node => new ExistingObject(
            Text(node, "id"),
            Text(node, "nameSingular"),
            Text(node, "namePlural"),
            Bool(node, "isCustom") ?? false,
            Bool(node, "isActive") ?? true,
            Edges(node["fields"], "fields").Select(ReadField).ToArray())).ToArray();
    }

    /// <summary>Lists the workspace's webhooks (<c>webhooks</c> query).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The webhooks.</returns>
    public async Task<IReadOnlyList<ExistingWebhook>> ListWebhooksAsync(CancellationToken cancellationToken = default)
    {
        var data = await ExecuteAsync("listing webhooks", ListWebhooksQuery, null, cancellationToken).ConfigureAwait(false);
        if (data["webhooks"] is not JsonArray hooks)
        {
            throw Invalid("listing webhooks", "no webhooks array");
        }

        return hooks.OfType<JsonObject>().Select(h => new ExistingWebhook(
            Text(h, "id"),
            Text(h, "targetUrl"),
            (h["operations"] as JsonArray ?? []).Select(o => o?.GetValue<string>() ?? string.Empty).ToArray(),
            h["description"]?.GetValue<string>(),
            h["secret"]?.GetValue<string>())).ToArray();
    }

    /// <summary>Creates a custom object (<c>createOneObject</c>); Twenty adds its default fields (<c>name</c>, …).</summary>
    /// <param name="definition">The object as Sodimo's schema defines it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new object's id.</returns>
    public async Task<string> CreateObjectAsync(SodimoObject definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var input = new JsonObject
        {
            ["object"] = new JsonObject
            {
                ["nameSingular"] = definition.NameSingular,
                ["namePlural"] = definition.NamePlural,
                ["labelSingular"] = definition.LabelSingular,
                ["labelPlural"] = definition.LabelPlural,
                ["description"] = definition.Description,
                ["icon"] = definition.Icon,
                ["isLabelSyncedWithName"] = false,
            },
        };
        var data = await ExecuteAsync($"creating object {definition.NameSingular}", CreateObjectMutation,
            new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
        return Text(data["createOneObject"], "id");
    }

    /// <summary>Creates a field (<c>createOneField</c>), with its options for a SELECT and its inverse for a relation.</summary>
    /// <param name="objectId">The id of the object the field goes on.</param>
    /// <param name="field">The field as Sodimo's schema defines it.</param>
    /// <param name="relationTargetObjectId">For a relation: the id of the target object.</param>
    /// <param name="relationInverseIcon">For a relation: the icon of the inverse field Twenty creates on the target.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new field's id.</returns>
    public async Task<string> CreateFieldAsync(
        string objectId,
        SodimoField field,
        string? relationTargetObjectId = null,
        string relationInverseIcon = "IconLink",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(field);
        var body = new JsonObject
        {
            ["objectMetadataId"] = objectId,
            ["type"] = field.Type.ToApiName(),
            ["name"] = field.TwentyName,
            ["label"] = field.Label,
            ["description"] = field.Description,
            ["icon"] = field.Icon,
            ["isNullable"] = true,
            ["isLabelSyncedWithName"] = false,
        };
        if (field.IsUnique)
        {
            body["isUnique"] = true;
        }

        if (field.HasOptions)
        {
            body["options"] = new JsonArray(field.Options.Select(o => (JsonNode)new JsonObject
            {
                ["value"] = o.Value,
                ["label"] = o.Label,
                ["color"] = o.ColorApiName,
                ["position"] = o.Position,
            }).ToArray());
        }

        if (field.Relation is { } relation)
        {
            if (relationTargetObjectId is null)
            {
                throw new ArgumentException($"{field.ObjectName}.{field.TwentyName} is a relation: its target's id is required.", nameof(relationTargetObjectId));
            }

            body["relationCreationPayload"] = new JsonObject
            {
                ["type"] = "MANY_TO_ONE",
                ["targetObjectMetadataId"] = relationTargetObjectId,
                ["targetFieldLabel"] = relation.InverseLabel,
                ["targetFieldName"] = relation.InverseTwentyName,
                ["targetFieldIcon"] = relationInverseIcon,
            };
        }

        var data = await ExecuteAsync($"creating field {field.ObjectName}.{field.TwentyName}", CreateFieldMutation,
            new JsonObject { ["input"] = new JsonObject { ["field"] = body } }, cancellationToken).ConfigureAwait(false);
        return Text(data["createOneField"], "id");
    }

    /// <summary>
    /// Replaces a SELECT field's options (<c>updateOneField</c>). Twenty replaces the whole list, so the caller sends
    /// every option it wants kept, each with its existing id.
    /// </summary>
    /// <param name="fieldId">The field's id.</param>
    /// <param name="options">The complete list of options, ids included.</param>
    /// <param name="description">What is being changed, for error messages (<c>Opportunity.health</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task UpdateOptionsAsync(
        string fieldId, IReadOnlyList<ExistingOption> options, string description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var input = new JsonObject
        {
            ["id"] = fieldId,
            ["update"] = new JsonObject
            {
                ["options"] = new JsonArray(options.Select(o => (JsonNode)new JsonObject
                {
                    ["id"] = o.Id,
                    ["value"] = o.Value,
                    ["label"] = o.Label,
                    ["color"] = o.Color,
                    ["position"] = o.Position,
                }).ToArray()),
            },
        };
        await ExecuteAsync($"adding options to {description}", UpdateFieldMutation, new JsonObject { ["input"] = input }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Registers a webhook (<c>createWebhook</c>).</summary>
    /// <param name="spec">Target URL, operations, secret and description.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new webhook's id.</returns>
    public async Task<string> CreateWebhookAsync(WebhookSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var input = new JsonObject
        {
            ["targetUrl"] = spec.TargetUrl.AbsoluteUri,
            ["operations"] = new JsonArray(spec.Operations.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
            ["description"] = spec.Description,
            ["secret"] = spec.Secret,
        };
        var data = await ExecuteAsync($"creating webhook {spec.TargetUrl}", CreateWebhookMutation,
            new JsonObject { ["input"] = input }, cancellationToken).ConfigureAwait(false);
        return Text(data["createWebhook"], "id");
    }

    /// <summary>Updates a webhook's operations, description and secret in place (<c>updateWebhook</c>).</summary>
    /// <param name="id">The webhook's id.</param>
    /// <param name="spec">What it must become.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task UpdateWebhookAsync(string id, WebhookSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var input = new JsonObject
        {
            ["id"] = id,
            ["update"] = new JsonObject
            {
                ["operations"] = new JsonArray(spec.Operations.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
                ["description"] = spec.Description,
                ["secret"] = spec.Secret,
            },
        };
        await ExecuteAsync($"updating webhook {spec.TargetUrl}", UpdateWebhookMutation, new JsonObject { ["input"] = input }, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<JsonObject> ExecuteAsync(string what, string query, JsonObject? variables, CancellationToken cancellationToken)
    {
        var payload = new JsonObject { ["query"] = query, ["variables"] = variables ?? new JsonObject() }.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            var (data, retryAfter) = await SendOnceAsync(what, payload, cancellationToken).ConfigureAwait(false);
            if (data is not null)
            {
                return data;
            }

            if (attempt >= MaxRateLimitRetries || retryAfter > MaxRetryAfter)
            {
                throw new TwentyMetadataException(TwentyMetadataFailure.Unreachable,
                    $"Twenty keeps answering 429 Too Many Requests ({what}); another client is using the workspace's rate limit, try again later.");
            }

            await Task.Delay(retryAfter, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(JsonObject? Data, TimeSpan RetryAfter)> SendOnceAsync(string what, string payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TwentyMetadataException(TwentyMetadataFailure.Unreachable,
                $"Twenty at {_endpoint} did not answer within {_timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({what}).", null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TwentyMetadataException(TwentyMetadataFailure.Unreachable,
                $"Twenty at {_endpoint} is unreachable ({what}): {ex.Message}", null, ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (null, RetryAfter(response));
            }

            var body = TryParse(text);
            if (body?["errors"] is JsonArray { Count: > 0 } errors)
            {
                throw FromErrors(what, status, errors);
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new TwentyMetadataException(TwentyMetadataFailure.AccessDenied,
                    $"Twenty refused the API key (HTTP {status}, {what}): check Sodimo:Twenty:ApiKey and that its role may change the data model.");
            }

            if (status >= 500 || response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new TwentyMetadataException(TwentyMetadataFailure.Unreachable,
                    $"Twenty at {_endpoint} answered HTTP {status} ({what}); is Sodimo:Twenty:BaseUrl the Twenty server?");
            }

            if (!response.IsSuccessStatusCode || body?["data"] is not JsonObject data)
            {
                throw Invalid(what, $"HTTP {status} without GraphQL data");
            }

            return (data, TimeSpan.Zero);
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : TimeSpan.FromSeconds(1));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static TwentyMetadataException FromErrors(string what, int status, JsonArray errors)
    {
        var first = errors[0] as JsonObject;
        var code = first?["extensions"]?["code"] is JsonValue c && c.TryGetValue<string>(out var s) ? s : null;
        var messages = errors.OfType<JsonObject>().Select(e => e["message"]?.ToString()).Where(m => !string.IsNullOrEmpty(m)).ToList();

        // Metadata validation failures nest the useful message (METADATA_VALIDATION_FAILED, PEER-CASES "Metadata API").
        if (first?["extensions"]?["errors"] is JsonObject nested)
        {
            foreach (var entity in nested.Select(p => p.Value).OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>()))
            {
                messages.AddRange((entity["errors"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(e => e["message"]?.ToString()).Where(m => !string.IsNullOrEmpty(m))!);
            }
        }

        var message = string.Join("; ", messages.Distinct(StringComparer.Ordinal));
        if (code is "UNAUTHENTICATED" or "FORBIDDEN" || status is 401 or 403)
        {
            return new TwentyMetadataException(TwentyMetadataFailure.AccessDenied,
                $"Twenty refused the API key ({code ?? "HTTP " + status.ToString(CultureInfo.InvariantCulture)}, {what}): {message}", code);
        }

        return new TwentyMetadataException(TwentyMetadataFailure.Rejected, $"Twenty rejected {what}: {message}" + (code is null ? string.Empty : $" ({code})"), code);
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ExistingField ReadField(JsonObject node) => new(
        Text(node, "id"),
        Text(node, "name"),
        Text(node, "type"),
        Bool(node, "isActive") ?? true,
        Bool(node, "isUnique"),
        (node["options"] as JsonArray ?? []).OfType<JsonObject>().Select(o => new ExistingOption(
            o["id"]?.ToString() ?? string.Empty,
            o["value"]?.ToString() ?? string.Empty,
            o["label"]?.ToString() ?? string.Empty,
            o["color"]?.ToString() ?? string.Empty,
            Int(o["position"]))).ToArray());

    private static IEnumerable<JsonObject> Edges(JsonNode? connection, string what) =>
        connection?["edges"] is JsonArray edges
            ? edges.Select(e => e?["node"]).OfType<JsonObject>()
            : throw Invalid("listing " + what, $"no {what}.edges in the response");

    private static string Text(JsonNode? node, string name) =>
        node?[name] is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw Invalid("reading the response", $"missing \"{name}\"");

    private static bool? Bool(JsonNode node, string name) =>
        node[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static int Int(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<double>(out var d) => (int)d,
        _ => 0,
    };

    private static TwentyMetadataException Invalid(string what, string detail) =>
        new(TwentyMetadataFailure.InvalidResponse, $"Twenty's metadata API answered unexpectedly ({what}): {detail}.");
}
