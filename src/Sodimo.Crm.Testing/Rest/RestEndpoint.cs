using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Core;

namespace Sodimo.Crm.Testing.Rest;

/// <summary>
/// The REST records API under <c>/rest/</c> (API-FACTS §1): find many / one, create, batch create, upsert,
/// update, delete (hard by default), restore. <c>/rest/metadata/*</c>, <c>/rest/webhooks</c> and
/// <c>/rest/apiKeys</c> are left to the metadata endpoint.
/// </summary>
internal sealed class RestEndpoint(TwentyEmulator emulator) : IEmulatorEndpoint
{
    /// <summary>QUERY_DEFAULT_LIMIT_RECORDS.</summary>
    public const int DefaultLimit = 60;

    /// <summary>QUERY_MAX_RECORDS.</summary>
    public const int MaxLimit = 200;

    private static readonly string[] NotOurs = ["metadata", "webhooks", "apiKeys", "open-api"];

    private Workspace Ws => emulator.Workspace;

    public bool IsRateLimited => true;

    public bool Matches(EmulatorRequest request)
    {
        if (request.Path == "/rest") return true;
        if (!request.Path.StartsWith("/rest/", StringComparison.Ordinal)) return false;
        var first = request.Path["/rest/".Length..].Split('/')[0];
        return Array.IndexOf(NotOurs, first) < 0;
    }

    public EmulatorResponse RenderError(EmulatorException error) => EmulatorResponse.Error(error);

    public ValueTask<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Handle(request));

    private EmulatorResponse Handle(EmulatorRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        var route = ParsePath(request.Path, segments);
        lock (Ws.SyncRoot)
        {
            var obj = ResolveObject(route.Object);
            var method = request.Method == "PUT" ? "PATCH" : request.Method;
            return (route.Kind, method) switch
            {
                (RouteKind.Collection, "GET") => FindMany(request, obj),
                (RouteKind.One, "GET") => FindOne(request, obj, route.Id!),
                (RouteKind.Collection, "POST") => CreateOne(request, obj),
                (RouteKind.Batch, "POST") => CreateMany(request, obj),
                (RouteKind.One, "PATCH") => UpdateOne(request, obj, route.Id!),
                (RouteKind.Collection, "PATCH") => UpdateMany(request, obj),
                (RouteKind.One, "DELETE") => DeleteOne(request, obj, route.Id!),
                (RouteKind.Collection, "DELETE") => DeleteMany(request, obj),
                (RouteKind.RestoreOne, "PATCH") => RestoreOne(request, obj, route.Id!),
                (RouteKind.RestoreMany, "PATCH") => RestoreMany(request, obj),
                (RouteKind.Duplicates, "POST") => FindDuplicates(request, obj),
                (RouteKind.Merge, "PATCH") => Merge(request, obj),
                (RouteKind.GroupBy, "GET") => throw new EmulatorException(501, "NotImplementedException",
                    "groupBy is not implemented by the emulator"),
                _ => throw new EmulatorException(404, "NotFoundException", $"Cannot {request.Method} {request.Path}"),
            };
        }
    }

    // ------------------------------------------------------------------ routing

    private enum RouteKind { Collection, One, Batch, RestoreOne, RestoreMany, Duplicates, Merge, GroupBy }

    private sealed record Route(RouteKind Kind, string Object, string? Id);

    /// <summary>API-FACTS §1.3 path rules plus the PEER-CASES restore forms (<c>/rest/people/{id}/restore</c>).</summary>
    private static Route ParsePath(string path, string[] s)
    {
        Route? route = s switch
        {
            ["batch", var o] => new Route(RouteKind.Batch, o, null),
            ["restore", var o] => new Route(RouteKind.RestoreMany, o, null),
            ["restore", var o, var id] => new Route(RouteKind.RestoreOne, o, Uuid(id)),
            [var o] => new Route(RouteKind.Collection, o, null),
            [var o, "duplicates"] => new Route(RouteKind.Duplicates, o, null),
            [var o, "merge"] => new Route(RouteKind.Merge, o, null),
            [var o, "groupBy"] => new Route(RouteKind.GroupBy, o, null),
            [var o, "restore"] => new Route(RouteKind.RestoreMany, o, null),
            [var o, var id] => new Route(RouteKind.One, o, Uuid(id)),
            [var o, var id, "restore"] => new Route(RouteKind.RestoreOne, o, Uuid(id)),
            _ => null,
        };
        if (route is not null) return route;
        var example = s.Length > 0 && s[0] != "batch" ? s[0] : s.Length > 1 ? s[1] : "companies";
        throw EmulatorException.BadRequest(
            $"Query path '{path}' invalid. Valid examples: /rest/{example}/id or /rest/{example} or /rest/batch/{example}");
    }

    private static string Uuid(string id) =>
        Guid.TryParse(id, out var g) ? g.ToString() : throw EmulatorException.BadRequest($"'{id}' is not a valid UUID");

    /// <summary>API-FACTS §1.2: plural names only; the singular gets a "Did you mean" hint.</summary>
    private ObjectMetadata ResolveObject(string name)
    {
        var obj = Ws.Objects.FirstOrDefault(o => o.NamePlural == name && o.IsActive);
        if (obj is not null) return obj;
        var singular = Ws.Objects.FirstOrDefault(o => o.NameSingular == name && o.IsActive);
        if (singular is not null) throw EmulatorException.BadRequest($"object '{name}' not found. Did you mean '{singular.NamePlural}'?");
        throw EmulatorException.BadRequest($"object '{name}' not found. eg: companies");
    }

    // ------------------------------------------------------------------ operations

    private EmulatorResponse FindMany(EmulatorRequest request, ObjectMetadata obj)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        var limit = ParseLimit(request);
        var filter = ParseFilter(request);
        var orderBy = ParseOrderBy(request);
        var endingBefore = request.QueryValue("ending_before");
        var startingAfter = request.QueryValue("starting_after");
        var query = endingBefore is not null
            ? new RecordQuery { Filter = filter, OrderBy = orderBy, Before = endingBefore, Last = limit }
            : new RecordQuery { Filter = filter, OrderBy = orderBy, After = startingAfter, First = limit };
        var page = Ws.FindMany(obj, query);
        return Write(200, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteStartArray(obj.NamePlural);
            foreach (var r in page.Records) Ws.WriteRecord(w, obj, r, depth, fields);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteNumber("totalCount", page.TotalCount);
            w.WriteStartObject("pageInfo");
            w.WriteBoolean("hasNextPage", page.HasNextPage);
            w.WriteBoolean("hasPreviousPage", page.HasPreviousPage);
            WriteNullableString(w, "startCursor", page.StartCursor);
            WriteNullableString(w, "endCursor", page.EndCursor);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private EmulatorResponse FindOne(EmulatorRequest request, ObjectMetadata obj, string id)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        var record = Ws.FindOne(obj, id);
        return Data(200, obj.NameSingular, Ws.Serialize(obj, record, depth, fields));
    }

    private EmulatorResponse CreateOne(EmulatorRequest request, ObjectMetadata obj)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        if (request.JsonBody() is not JsonObject input)
        {
            // UNCONFIRMED: message for a non-object body on create-one.
            throw EmulatorException.BadRequest("Body must be a JSON object");
        }

        var created = Ws.Create(obj, [input], Flag(request, "upsert"), Actor.ApiKey);
        return Data(201, "create" + obj.CapitalSingular, Ws.Serialize(obj, created[0], depth, fields));
    }

    private EmulatorResponse CreateMany(EmulatorRequest request, ObjectMetadata obj)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        if (request.JsonBody() is not JsonArray array) throw EmulatorException.BadRequest("Body must be an array");
        if (array.Count == 0) throw EmulatorException.BadRequest("Input must not be empty");
        var max = emulator.Options.MaxBatchRecords;
        if (array.Count > max)
        {
            throw EmulatorException.BadRequest($"Maximum number of records to upsert is {max}.", "TOO_MANY_RECORDS_TO_UPDATE");
        }

        var inputs = new List<JsonObject>(array.Count);
        foreach (var item in array)
        {
            inputs.Add(item as JsonObject ?? throw EmulatorException.BadRequest("Each element of the body must be a JSON object"));
        }

        var created = Ws.Create(obj, inputs, Flag(request, "upsert"), Actor.ApiKey);
        return Write(201, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteStartArray("create" + obj.CapitalPlural);
            foreach (var r in created) Ws.WriteRecord(w, obj, r, depth, fields);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private EmulatorResponse UpdateOne(EmulatorRequest request, ObjectMetadata obj, string id)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        var patch = request.JsonBody() as JsonObject ?? throw EmulatorException.BadRequest("Body must be a JSON object");
        var updated = Ws.Update(obj, id, patch, Actor.ApiKey);
        return Data(200, "update" + obj.CapitalSingular, Ws.Serialize(obj, updated, depth, fields));
    }

    private EmulatorResponse UpdateMany(EmulatorRequest request, ObjectMetadata obj)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        var filter = RequireFilter(request, "update");
        var patch = request.JsonBody() as JsonObject ?? throw EmulatorException.BadRequest("Body must be a JSON object");
        var updated = Ws.UpdateMany(obj, filter, patch, Actor.ApiKey, emulator.Options.MaxAffectedRecords);
        // UNCONFIRMED: many-variant envelope key (update<Plural>).
        return Data(200, "update" + obj.CapitalPlural, new JsonArray(updated.Select(r => (JsonNode)Ws.Serialize(obj, r, depth, fields)).ToArray()));
    }

    private EmulatorResponse DeleteOne(EmulatorRequest request, ObjectMetadata obj, string id)
    {
        var deleted = Ws.Delete(obj, id, Flag(request, "soft_delete"));
        return Data(200, "delete" + obj.CapitalSingular, new JsonObject { ["id"] = deleted["id"]!.DeepClone() });
    }

    private EmulatorResponse DeleteMany(EmulatorRequest request, ObjectMetadata obj)
    {
        var filter = RequireFilter(request, "delete");
        var deleted = Ws.DeleteMany(obj, filter, Flag(request, "soft_delete"), emulator.Options.MaxAffectedRecords);
        // UNCONFIRMED: many-variant envelope key (delete<Plural>, items {id}).
        return Data(200, "delete" + obj.CapitalPlural,
            new JsonArray(deleted.Select(r => (JsonNode)new JsonObject { ["id"] = r["id"]!.DeepClone() }).ToArray()));
    }

    private EmulatorResponse RestoreOne(EmulatorRequest request, ObjectMetadata obj, string id)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        var restored = Ws.Restore(obj, id);
        return Data(200, "restore" + obj.CapitalSingular, Ws.Serialize(obj, restored, depth, fields));
    }

    private EmulatorResponse RestoreMany(EmulatorRequest request, ObjectMetadata obj)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        var filter = RequireFilter(request, "restore");
        var restored = Ws.RestoreMany(obj, filter, emulator.Options.MaxAffectedRecords);
        return Data(200, "restore" + obj.CapitalPlural, new JsonArray(restored.Select(r => (JsonNode)Ws.Serialize(obj, r, depth, fields)).ToArray()));
    }

    /// <summary>
    /// API-FACTS §1.3 duplicates: body <c>{data: [...]}</c> or <c>{ids: [...]}</c>; one result per input. Criteria:
    /// person — same first+last name, same primary email, same LinkedIn URL (from Twenty); company — same name or
    /// same domain (UNCONFIRMED); other objects — same label-identifier value (UNCONFIRMED).
    /// </summary>
    private EmulatorResponse FindDuplicates(EmulatorRequest request, ObjectMetadata obj)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        var body = request.JsonBody() as JsonObject ?? throw EmulatorException.BadRequest("Body must be a JSON object");
        var probes = new List<(JsonObject Values, string? Id)>();
        if (body["ids"] is JsonArray ids)
        {
            foreach (var id in ids)
            {
                var idText = Uuid(id?.GetValue<string>() ?? "");
                probes.Add(((JsonObject)Ws.FindOne(obj, idText).DeepClone(), idText));
            }
        }
        else if (body["data"] is JsonArray data)
        {
            probes.AddRange(data.Select(d => (d as JsonObject ?? new JsonObject(), (string?)null)));
        }
        else
        {
            throw EmulatorException.BadRequest("The request body must contain either \"data\" or \"ids\"");
        }

        var results = new JsonArray();
        foreach (var (values, id) in probes)
        {
            var matches = Ws.AllRecords(obj)
                .Where(r => !Workspace.IsDeleted(r) && r["id"]!.GetValue<string>() != id && IsDuplicate(obj, values, r))
                .ToList();
            var list = new JsonArray(matches.Select(r => (JsonNode)Ws.Serialize(obj, r, depth, fields)).ToArray());
            results.Add((JsonNode)new JsonObject
            {
                [obj.NameSingular + "Duplicates"] = list,
                ["totalCount"] = matches.Count,
                ["pageInfo"] = new JsonObject
                {
                    ["hasNextPage"] = false,
                    ["startCursor"] = null,
                    ["endCursor"] = null,
                },
            });
        }

        return EmulatorResponse.Json(200, new JsonObject { ["data"] = results });
    }

    private static bool IsDuplicate(ObjectMetadata obj, JsonObject probe, JsonObject r)
    {
        static string? Sub(JsonNode? n, string field, string sub) =>
            (n?[field] as JsonObject)?[sub] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        static string? Top(JsonNode? n, string field) =>
            n?[field] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

        switch (obj.NameSingular)
        {
            case "person":
                var first = Sub(probe, "name", "firstName");
                var last = Sub(probe, "name", "lastName");
                if (first is not null && last is not null && first == Sub(r, "name", "firstName") && last == Sub(r, "name", "lastName")) return true;
                var email = Sub(probe, "emails", "primaryEmail");
                if (email is not null && email == Sub(r, "emails", "primaryEmail")) return true;
                var linkedin = Sub(probe, "linkedinLink", "primaryLinkUrl");
                return linkedin is not null && linkedin == Sub(r, "linkedinLink", "primaryLinkUrl");
            case "company":
                var name = Top(probe, "name");
                if (name is not null && name == Top(r, "name")) return true;
                var domain = Sub(probe, "domainName", "primaryLinkUrl");
                return domain is not null && domain == Sub(r, "domainName", "primaryLinkUrl");
            default:
                var label = obj.Fields.Find(f => f.Id == obj.LabelIdentifierFieldMetadataId);
                if (label is null || label.IsComposite) return false;
                var value = Top(probe, label.Name);
                return value is not null && value == Top(r, label.Name);
        }
    }

    /// <summary>
    /// PATCH <c>/rest/{plural}/merge</c> with <c>{ids, conflictPriorityIndex, dryRun}</c> (PEER-CASES [merge]): the
    /// record at <c>conflictPriorityIndex</c> wins conflicts, empty values are filled from the others, the others are
    /// destroyed (unless dryRun); records pointing at them are re-pointed to the survivor first. UNCONFIRMED: the
    /// survivor is ids[conflictPriorityIndex].
    /// </summary>
    private EmulatorResponse Merge(EmulatorRequest request, ObjectMetadata obj)
    {
        var depth = ParseDepth(request);
        var fields = ParseFields(request, obj);
        var body = request.JsonBody() as JsonObject ?? throw EmulatorException.BadRequest("Body must be a JSON object");
        var ids = (body["ids"] as JsonArray ?? throw EmulatorException.BadRequest("ids must be an array"))
            .Select(i => Uuid(i?.GetValue<string>() ?? "")).ToList();
        if (ids.Count < 2) throw EmulatorException.BadRequest("At least 2 record IDs are required for merge");
        if (ids.Count > 9) throw EmulatorException.BadRequest("Maximum 9 records can be merged at once");
        var priority = body["conflictPriorityIndex"]?.GetValue<int>() ?? 0;
        if (priority < 0 || priority >= ids.Count) throw EmulatorException.BadRequest("Invalid conflict priority index");
        var dryRun = body["dryRun"]?.GetValue<bool>() ?? false;
        var records = ids.Select(id => Ws.FindOne(obj, id)).ToList();
        var winner = records[priority];
        var merged = (JsonObject)winner.DeepClone();
        foreach (var other in records.Where(r => r != winner))
        {
            foreach (var (key, value) in other)
            {
                if (key is "id" or "createdAt" or "updatedAt" or "deletedAt" or "createdBy" or "updatedBy" or "position") continue;
                if (IsEmpty(merged[key]) && !IsEmpty(value)) merged[key] = value?.DeepClone();
            }
        }

        if (dryRun)
        {
            return Data(200, "merge" + obj.CapitalSingular, Ws.Serialize(obj, merged, depth, fields));
        }

        var patch = new JsonObject();
        foreach (var (key, value) in merged)
        {
            if (key is "id" or "createdAt" or "updatedAt" or "deletedAt" or "createdBy" or "updatedBy" or "position") continue;
            if (!JsonNode.DeepEquals(value, winner[key])) patch[key] = value?.DeepClone();
        }

        foreach (var loser in records.Where(r => r != winner))
        {
            Ws.RepointReferences(obj, loser["id"]!.GetValue<string>(), winner["id"]!.GetValue<string>());
            Ws.Delete(obj, loser["id"]!.GetValue<string>(), soft: false);
        }

        var result = patch.Count > 0 ? Ws.Update(obj, winner["id"]!.GetValue<string>(), patch, Actor.ApiKey) : winner;
        return Data(200, "merge" + obj.CapitalSingular, Ws.Serialize(obj, result, depth, fields));
    }

    private static bool IsEmpty(JsonNode? v) => v switch
    {
        null => true,
        JsonValue jv when jv.TryGetValue<string>(out var s) => s.Length == 0,
        JsonArray a => a.Count == 0,
        JsonObject o => o.All(kv => IsEmpty(kv.Value)),
        _ => false,
    };

    /// <summary>A JSON response written straight from the live records (the hot paths: lists and batches).</summary>
    private static EmulatorResponse Write(int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = EmulatorResponse.Compact.Encoder }))
        {
            write(writer);
        }

        return new EmulatorResponse { StatusCode = status, Body = buffer.WrittenSpan.ToArray() };
    }

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static EmulatorResponse Data(int status, string key, JsonNode value) =>
        EmulatorResponse.Json(status, new JsonObject { ["data"] = new JsonObject { [key] = value } });

    // ------------------------------------------------------------------ query parameters (API-FACTS §1.4)

    /// <summary>Exactly the string "true" turns a flag on (upsert, soft_delete).</summary>
    private static bool Flag(EmulatorRequest request, string name) => request.QueryValue(name) == "true";

    private static int ParseLimit(EmulatorRequest request)
    {
        var raw = request.QueryValue("limit");
        if (raw is null) return DefaultLimit;
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < 0 || double.IsNaN(v))
        {
            throw EmulatorException.BadRequest($"limit '{raw}' is invalid. Should be an integer");
        }

        // PEER-CASES [limit]: 2.5 is not rejected; it is used as 2 here. Above 200 is clamped silently.
        return (int)Math.Min(MaxLimit, Math.Floor(v));
    }

    private static int ParseDepth(EmulatorRequest request)
    {
        var raw = request.QueryValue("depth");
        return raw switch
        {
            null => 0,
            "0" => 0,
            "1" => 1,
            _ => throw EmulatorException.BadRequest($"'depth={raw}' parameter invalid. Allowed values are 0, 1"),
        };
    }

    private static RecordFilter? ParseFilter(EmulatorRequest request)
    {
        var raw = request.QueryValue("filter");
        return string.IsNullOrEmpty(raw) ? null : RestFilterParser.Parse(raw);
    }

    private static RecordFilter RequireFilter(EmulatorRequest request, string operation) =>
        ParseFilter(request) ?? throw EmulatorException.BadRequest(
            // UNCONFIRMED: wording of the empty-filter guard for many-mutations.
            $"Filter is required for {operation} many: an empty filter would affect every record");

    /// <summary>
    /// <c>order_by=field[Direction],a.b[Direction]</c>; no bracket means AscNullsFirst; directions are
    /// case-sensitive. The id tie-breaker is appended by the store.
    /// </summary>
    private static List<OrderBy> ParseOrderBy(EmulatorRequest request)
    {
        var raw = request.QueryValue("order_by");
        var result = new List<OrderBy>();
        if (string.IsNullOrEmpty(raw)) return result;
        foreach (var item in raw.Split(','))
        {
            var part = item.Trim();
            if (part.Length == 0) continue;
            var open = part.IndexOf('[', StringComparison.Ordinal);
            string field = part, direction = OrderDirection.AscNullsFirst;
            if (open >= 0)
            {
                field = part[..open];
                direction = part[(open + 1)..].TrimEnd(']');
                if (!OrderDirection.IsValid(direction))
                {
                    throw EmulatorException.BadRequest(
                        $"'order_by' direction '{direction}' invalid. Allowed values are 'AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'. eg: ?order_by=field_1[AscNullsFirst],field_2[DescNullsLast],field_3");
                }
            }

            result.Add(new OrderBy(field.Split('.'), direction));
        }

        return result;
    }

    /// <summary>PEER-CASES [fields]: comma list, trimmed, de-duplicated, repeated params merged; id always kept.</summary>
    private static HashSet<string>? ParseFields(EmulatorRequest request, ObjectMetadata obj)
    {
        if (!request.Query.TryGetValue("fields", out var values)) return null;
        var names = values.SelectMany(v => (v ?? "").Split(',')).Select(n => n.Trim()).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (names.Count == 0) throw EmulatorException.BadRequest("'fields' parameter is empty");
        var unknown = names.Where(n => obj.FindField(n) is not { IsActive: true } && obj.FindByJoinColumn(n) is null).ToList();
        if (unknown.Count > 0)
        {
            throw EmulatorException.BadRequest(
                $"'fields' parameter invalid. Unknown or unreadable fields on '{obj.NameSingular}': {string.Join(", ", unknown)}");
        }

        return names;
    }
}
