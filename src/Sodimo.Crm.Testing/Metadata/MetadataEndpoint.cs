using System.Text.Json;
using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Core;
using Sodimo.Crm.Testing.GraphQL;
using Sodimo.Crm.Testing.Webhooks;

namespace Sodimo.Crm.Testing.Metadata;

/// <summary>
/// The metadata API: GraphQL at <c>POST /metadata</c> (API-FACTS §6.1) and REST at <c>/rest/metadata/{objects,fields,
/// webhooks,apiKeys}</c> (§6.4), plus the deprecated <c>/rest/webhooks</c> and <c>/rest/apiKeys</c> aliases.
/// Not rate-limited (the limit applies to record operations, §3).
/// </summary>
internal sealed class MetadataEndpoint(TwentyEmulator emulator, bool graphQL) : IEmulatorEndpoint
{
    private const string DeprecationDate = "@1786320000";

    private Workspace Ws => emulator.Workspace;

    private MetadataService Service => new(emulator.Workspace);

    private EmulatorWebhooks Hooks => emulator.Webhooks;

    public bool IsRateLimited => false;

    public bool Matches(EmulatorRequest request) => graphQL
        ? request.Path == "/metadata"
        : request.Path.StartsWith("/rest/metadata/", StringComparison.Ordinal)
          || request.Path is "/rest/webhooks" or "/rest/apiKeys"
          || request.Path.StartsWith("/rest/webhooks/", StringComparison.Ordinal);

    public EmulatorResponse RenderError(EmulatorException error) =>
        graphQL ? GraphQLEndpointErrors.Render(error) : EmulatorResponse.Error(error);

    public ValueTask<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        if (request.Path == "/metadata")
        {
            return ValueTask.FromResult(GraphQL(request));
        }

        try
        {
            return ValueTask.FromResult(Rest(request));
        }
        catch (MetadataValidationException ex)
        {
            return ValueTask.FromResult(EmulatorResponse.Error(400, "BadRequestException", string.Join("; ", ex.Messages), "METADATA_VALIDATION_FAILED"));
        }
        catch (WebhookInputException ex)
        {
            return ValueTask.FromResult(EmulatorResponse.Error(400, "BadRequestException", ex.Message));
        }
    }

    // ------------------------------------------------------------------ REST

    private EmulatorResponse Rest(EmulatorRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var legacy = segments[1] != "metadata";
        var rest = legacy ? segments[1..] : segments[2..];
        if (rest.Length is 0 or > 2)
        {
            throw EmulatorException.NotFound($"Cannot {request.Method} {request.Path}");
        }

        var collection = rest[0];
        string? idText = rest.Length == 2 ? rest[1] : null;
        Guid id = default;
        if (idText is not null && !Guid.TryParse(idText, out id))
        {
            throw EmulatorException.BadRequest($"'{idText}' is not a valid UUID");
        }

        var method = request.Method == "PUT" ? "PATCH" : request.Method;
        EmulatorResponse response;
        lock (Ws.SyncRoot)
        {
            response = (collection, method, idText is null) switch
            {
                ("objects", "GET", true) => Page(request, Ws.Objects.Select(o => MetadataJson.Object(Ws, o, true)).ToList()),
                ("objects", "GET", false) => Single(200, MetadataJson.Object(Ws, Service.FindObject(id), true)),
                ("objects", "POST", true) => Single(201, MetadataJson.Object(Ws, Service.CreateObject(Body(request)), true)),
                ("objects", "PATCH", false) => Single(200, MetadataJson.Object(Ws, Service.UpdateObject(id, Body(request)), true)),
                ("objects", "DELETE", false) => Single(200, new JsonObject { ["id"] = Service.DeleteObject(id).Id.ToString() }),
                ("fields", "GET", true) => Page(request, Ws.Objects.SelectMany(o => o.Fields.Select(f => MetadataJson.Field(Ws, o, f))).ToList()),
                ("fields", "GET", false) => Single(200, FieldJson(Ws.FindField(id) ?? throw EmulatorException.NotFound("Field metadata not found"))),
                ("fields", "POST", true) => Single(201, FieldJson(Service.CreateField(Body(request)))),
                ("fields", "PATCH", false) => Single(200, FieldJson(Service.UpdateField(id, Body(request)))),
                ("fields", "DELETE", false) => Single(200, new JsonObject { ["id"] = Service.DeleteField(id).Field.Id.ToString() }),
                ("webhooks", "GET", true) => legacy ? Raw(Hooks.Registered.Select(h => h.ToJson())) : Page(request, Hooks.Registered.Select(h => h.ToJson()).ToList()),
                ("webhooks", "GET", false) => Single(200, (Hooks.Find(id) ?? throw EmulatorException.NotFound("Webhook not found")).ToJson(), legacy),
                ("webhooks", "POST", true) => Single(201, Hooks.Create(Body(request)).ToJson(), legacy),
                ("webhooks", "PATCH", false) => Single(200, (Hooks.Update(id, Body(request)) ?? throw EmulatorException.NotFound("Webhook not found")).ToJson(), legacy),
                ("webhooks", "DELETE", false) => Hooks.Delete(id) is null ? throw EmulatorException.NotFound("Webhook not found") : EmulatorResponse.Json(200, JsonValue.Create(true)),
                // The emulator's API keys are configured tokens, not records: the list is empty (see docs/emulator-graphql.md).
                ("apiKeys", "GET", true) => legacy ? Raw([]) : Page(request, []),
                _ => throw EmulatorException.NotFound($"Cannot {request.Method} {request.Path}"),
            };
        }

        if (legacy)
        {
            response.Headers["Deprecation"] = DeprecationDate;
            response.Headers["Link"] = $"</rest/metadata/{collection}>; rel=\"successor-version\"";
        }

        return response;
    }

    private JsonObject FieldJson((FieldMetadata Field, ObjectMetadata Object) pair) => MetadataJson.Field(Ws, pair.Object, pair.Field);

    private static JsonObject Body(EmulatorRequest request) =>
        request.JsonBody() as JsonObject ?? throw EmulatorException.BadRequest("Body must be a JSON object");

    private static EmulatorResponse Single(int status, JsonNode item, bool raw = false) =>
        EmulatorResponse.Json(status, raw ? item : new JsonObject { ["data"] = item });

    private static EmulatorResponse Raw(IEnumerable<JsonObject> items) =>
        EmulatorResponse.Json(200, new JsonArray(items.Select(i => (JsonNode)i).ToArray()));

    /// <summary>
    /// The 2026 metadata list envelope <c>{ data: [...], pageInfo, totalCount }</c> with raw-id cursors
    /// (PEER-CASES [cursor] metadata REST).
    /// </summary>
    private static EmulatorResponse Page(EmulatorRequest request, List<JsonObject> items)
    {
        var after = request.QueryValue("starting_after");
        var before = request.QueryValue("ending_before");
        if (after is not null && before is not null)
        {
            throw EmulatorException.BadRequest("starting_after and ending_before cannot be used together");
        }

        var limitText = request.QueryValue("limit");
        var limit = 1000;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit < 0))
        {
            throw EmulatorException.BadRequest($"limit '{limitText}' is invalid. Should be an integer");
        }

        var total = items.Count;
        IEnumerable<JsonObject> window = items;
        bool hasNext, hasPrevious;
        List<JsonObject> page;
        if (before is not null)
        {
            var index = items.FindIndex(i => i["id"]!.GetValue<string>() == before);
            var upTo = index < 0 ? items : items.Take(index).ToList();
            page = upTo.Skip(Math.Max(0, upTo.Count - limit)).ToList();
            hasPrevious = upTo.Count > page.Count;
            hasNext = index >= 0;
        }
        else
        {
            var index = after is null ? -1 : items.FindIndex(i => i["id"]!.GetValue<string>() == after);
            var rest = items.Skip(index + 1).ToList();
            page = rest.Take(limit).ToList();
            hasNext = rest.Count > page.Count;
            hasPrevious = index >= 0;
        }

        var body = new JsonObject
        {
            ["data"] = new JsonArray(page.Select(p => (JsonNode)p).ToArray()),
            ["pageInfo"] = new JsonObject
            {
                ["hasNextPage"] = hasNext,
                ["hasPreviousPage"] = hasPrevious,
                ["startCursor"] = page.Count > 0 ? page[0]["id"]!.GetValue<string>() : null,
                ["endCursor"] = page.Count > 0 ? page[^1]["id"]!.GetValue<string>() : null,
            },
            ["totalCount"] = total,
        };
        return EmulatorResponse.Json(200, body);
    }

    // ------------------------------------------------------------------ GraphQL

    private static readonly HashSet<string> Queries = ["objects", "object", "fields", "field", "webhooks", "webhook", "apiKeys"];

    private static readonly HashSet<string> Mutations =
        ["createOneObject", "updateOneObject", "deleteOneObject", "createOneField", "updateOneField", "deleteOneField", "createWebhook", "updateWebhook", "deleteWebhook"];

    private EmulatorResponse GraphQL(EmulatorRequest request)
    {
        JsonNode? body;
        try
        {
            body = request.JsonBody();
        }
        catch (EmulatorException ex)
        {
            return EmulatorResponse.Json(400, GqlExecutor.Failure(new GqlException(ex.Message)));
        }

        JsonObject result;
        lock (Ws.SyncRoot)
        {
            result = GqlExecutor.Execute(body, (mutation, name) => mutation ? Mutations.Contains(name) : Queries.Contains(name), Resolve);
        }

        return EmulatorResponse.Json(200, result);
    }

    private JsonNode? Resolve(bool mutation, GqlSelection field)
    {
        try
        {
            return mutation ? ResolveMutation(field) : ResolveQuery(field);
        }
        catch (MetadataValidationException ex)
        {
            throw ex.ToGraphQLError();
        }
        catch (WebhookInputException ex)
        {
            throw new GqlException(ex.Message);
        }
        catch (EmulatorException ex)
        {
            throw GraphQLEndpointErrors.From(ex);
        }
    }

    private JsonNode? ResolveQuery(GqlSelection field)
    {
        switch (field.Name)
        {
            case "objects":
                var objects = Ws.Objects.Select(o => (Object: o, Json: MetadataJson.Object(Ws, o, false)))
                    .Where(x => NestFilter.Matches(field.Arg("filter"), x.Json)).ToList();
                return Connection(field, objects.Select(x => x.Json).ToList(), "Object", ObjectResolver(objects.ToDictionary(x => x.Json, x => x.Object)));
            case "object":
                var id = IdArg(field);
                var obj = Service.FindObject(id);
                var objJson = MetadataJson.Object(Ws, obj, false);
                return GqlProjection.Project(objJson, field.Selections, "Object", ObjectResolver(new() { [objJson] = obj }));
            case "fields":
                var fields = Ws.Objects.SelectMany(o => o.Fields.Select(f => MetadataJson.Field(Ws, o, f)))
                    .Where(f => NestFilter.Matches(field.Arg("filter"), f)).ToList();
                return Connection(field, fields, "Field", null);
            case "field":
                var pair = Ws.FindField(IdArg(field)) ?? throw EmulatorException.NotFound("Field metadata not found");
                return GqlProjection.Project(FieldJson(pair), field.Selections, "Field");
            case "webhooks":
                return GqlProjection.Project(new JsonArray(Hooks.Registered.Select(h => (JsonNode)h.ToJson()).ToArray()), field.Selections, "Webhook");
            case "webhook":
                var hook = Hooks.Find(IdArg(field)) ?? throw new GqlException("Webhook not found", GqlErrorCodes.NotFound);
                return GqlProjection.Project(hook.ToJson(), field.Selections, "Webhook");
            case "apiKeys":
                return new JsonArray();
            default:
                return null;
        }
    }

    private JsonNode? ResolveMutation(GqlSelection field)
    {
        var input = field.Arg("input") as JsonObject ?? throw new GqlException($"Field \"{field.Name}\" argument \"input\" of type is required, but it was not provided.");
        switch (field.Name)
        {
            case "createOneObject":
                var created = Service.CreateObject(input["object"] as JsonObject ?? input);
                return ProjectObject(created, field);
            case "updateOneObject":
                return ProjectObject(Service.UpdateObject(IdOf(input), input["update"] as JsonObject ?? []), field);
            case "deleteOneObject":
                var deletedJson = MetadataJson.Object(Ws, Service.FindObject(IdOf(input)), false);
                Service.DeleteObject(IdOf(input));
                return GqlProjection.Project(deletedJson, field.Selections, "Object");
            case "createOneField":
                return GqlProjection.Project(FieldJson(Service.CreateField(input["field"] as JsonObject ?? input)), field.Selections, "Field");
            case "updateOneField":
                return GqlProjection.Project(FieldJson(Service.UpdateField(IdOf(input), input["update"] as JsonObject ?? [])), field.Selections, "Field");
            case "deleteOneField":
                var fieldPair = Ws.FindField(IdOf(input)) ?? throw EmulatorException.NotFound("Field metadata not found");
                var fieldJson = FieldJson(fieldPair);
                Service.DeleteField(IdOf(input));
                return GqlProjection.Project(fieldJson, field.Selections, "Field");
            case "createWebhook":
                return GqlProjection.Project(Hooks.Create(input).ToJson(), field.Selections, "Webhook");
            case "updateWebhook":
                // Newest input is { id, update: {...} }; older clients sent the fields flat.
                var update = input["update"] as JsonObject ?? input;
                var updated = Hooks.Update(IdOf(input), update) ?? throw new GqlException("Webhook not found", GqlErrorCodes.NotFound);
                return GqlProjection.Project(updated.ToJson(), field.Selections, "Webhook");
            case "deleteWebhook":
                var deleted = Hooks.Delete(IdOf(input)) ?? throw new GqlException("Webhook not found", GqlErrorCodes.NotFound);
                return field.HasSelections ? GqlProjection.Project(deleted.ToJson(), field.Selections, "Webhook") : JsonValue.Create(true);
            default:
                return null;
        }
    }

    private JsonNode? ProjectObject(ObjectMetadata obj, GqlSelection field)
    {
        var json = MetadataJson.Object(Ws, obj, false);
        return GqlProjection.Project(json, field.Selections, "Object", ObjectResolver(new() { [json] = obj }));
    }

    /// <summary>Resolves <c>fields</c> (connection) and <c>fieldsList</c> (list) on an object node.</summary>
    private Func<JsonObject, GqlSelection, JsonNode?> ObjectResolver(Dictionary<JsonObject, ObjectMetadata> byJson) => (json, selection) =>
    {
        var obj = byJson.TryGetValue(json, out var found) ? found : Service.FindObject(Guid.Parse(json["id"]!.GetValue<string>()));
        var fields = obj.Fields.Select(f => MetadataJson.Field(Ws, obj, f)).Where(f => NestFilter.Matches(selection.Arg("filter"), f)).ToList();
        return selection.Name switch
        {
            "fields" => Connection(selection, fields, "Field", null),
            "fieldsList" => GqlProjection.Project(new JsonArray(fields.Select(f => (JsonNode)f).ToArray()), selection.Selections, "Field"),
            _ => throw new GqlException($"Cannot query field \"{selection.Name}\" on type \"Object\".", GqlErrorCodes.ValidationFailed),
        };
    };

    /// <summary>A nestjs-query style connection with <c>paging: { first, after }</c> and id cursors.</summary>
    private static JsonObject Connection(GqlSelection field, List<JsonObject> items, string typeName, Func<JsonObject, GqlSelection, JsonNode?>? resolve)
    {
        var paging = field.Arg("paging") as JsonObject;
        var first = paging?["first"] is JsonValue f && f.TryGetValue<long>(out var n) ? (int)n : items.Count;
        var after = MetadataService.Str(paging?["after"]);
        var start = after is null ? 0 : items.FindIndex(i => i["id"]!.GetValue<string>() == DecodeCursor(after)) + 1;
        var page = items.Skip(start).Take(first).ToList();
        var edges = page.Select(p => (p, EncodeCursor(p["id"]!.GetValue<string>()))).ToList();
        return GqlConnection.Build(field, edges, start + page.Count < items.Count, start > 0, items.Count, typeName, resolve);
    }

    private static string EncodeCursor(string id) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(id));

    private static string DecodeCursor(string cursor)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
        }
        catch (FormatException)
        {
            return cursor;
        }
    }

    private static Guid IdArg(GqlSelection field) =>
        IdOf(field.Arg("input") as JsonObject ?? field.Arguments);

    private static Guid IdOf(JsonObject input) =>
        MetadataService.Str(input["id"]) is { } text && Guid.TryParse(text, out var id)
            ? id
            : throw new GqlException("Invalid UUID");

    /// <summary>nestjs-query filters on metadata: <c>{ field: { eq | neq | is | in } }</c>, <c>and</c>, <c>or</c>.</summary>
    private static class NestFilter
    {
        public static bool Matches(JsonNode? filter, JsonObject item)
        {
            if (filter is not JsonObject f)
            {
                return true;
            }

            foreach (var (key, value) in f)
            {
                var ok = key switch
                {
                    "and" => (value as JsonArray ?? []).All(c => Matches(c, item)),
                    "or" => (value as JsonArray ?? []).Any(c => Matches(c, item)),
                    _ => value is JsonObject ops && ops.All(op => Test(item[key], op.Key, op.Value)),
                };
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Test(JsonNode? actual, string op, JsonNode? operand) => op switch
        {
            "eq" or "is" => JsonNode.DeepEquals(actual, operand),
            "neq" or "isNot" => !JsonNode.DeepEquals(actual, operand),
            "in" => (operand as JsonArray ?? []).Any(o => JsonNode.DeepEquals(actual, o)),
            "notIn" => !(operand as JsonArray ?? []).Any(o => JsonNode.DeepEquals(actual, o)),
            _ => throw new GqlException($"Unsupported filter operator \"{op}\""),
        };
    }
}
