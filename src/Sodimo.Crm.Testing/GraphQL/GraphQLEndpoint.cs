using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sodimo.Crm.Testing.Core;

namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>
/// The core GraphQL API at <c>POST /graphql</c> (API-FACTS §5): per-object collection and find-one queries,
/// create/update/delete/destroy/restore mutations (one and many) and the global <c>search</c> query. Resolver names
/// are computed from the live workspace on every request, so an object or field added through the metadata API is
/// served at once.
/// </summary>
internal sealed class GraphQLEndpoint(TwentyEmulator emulator) : IEmulatorEndpoint
{
    /// <summary>QUERY_DEFAULT_LIMIT_RECORDS.</summary>
    private const int DefaultFirst = 60;

    /// <summary>QUERY_MAX_RECORDS.</summary>
    private const int MaxFirst = 200;

    /// <summary>MUTATION_MAXIMUM_AFFECTED_RECORDS.</summary>
    private const int MaxAffected = 100;

    /// <summary>Search <c>limit</c> maximum.</summary>
    private const int MaxSearchLimit = 100;

    private Workspace Ws => emulator.Workspace;

    public bool IsRateLimited => true;

    public bool Matches(EmulatorRequest request) => request.Path == "/graphql";

    public EmulatorResponse RenderError(EmulatorException error) => GraphQLEndpointErrors.Render(error);

    public ValueTask<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = request.JsonBody();
        }
        catch (EmulatorException ex)
        {
            return ValueTask.FromResult(EmulatorResponse.Json(400, GqlExecutor.Failure(new GqlException(ex.Message))));
        }

        JsonObject result;
        lock (Ws.SyncRoot)
        {
            var roots = RootFields();
            result = GqlExecutor.Execute(
                body,
                (mutation, name) => (mutation ? roots.Mutations : roots.Queries).ContainsKey(name),
                (mutation, field) =>
                {
                    var (obj, kind) = (mutation ? roots.Mutations : roots.Queries)[field.Name];
                    try
                    {
                        return Resolve(obj, kind, field);
                    }
                    catch (EmulatorException ex)
                    {
                        throw GraphQLEndpointErrors.From(ex);
                    }
                });
        }

        return ValueTask.FromResult(EmulatorResponse.Json(200, result));
    }

    private enum Kind { FindMany, FindOne, Search, CreateOne, CreateMany, UpdateOne, UpdateMany, DeleteOne, DeleteMany, DestroyOne, DestroyMany, RestoreOne, RestoreMany }

    private sealed record Roots(Dictionary<string, (ObjectMetadata? Obj, Kind Kind)> Queries, Dictionary<string, (ObjectMetadata? Obj, Kind Kind)> Mutations);

    private Roots RootFields()
    {
        var queries = new Dictionary<string, (ObjectMetadata?, Kind)>(StringComparer.Ordinal) { ["search"] = (null, Kind.Search) };
        var mutations = new Dictionary<string, (ObjectMetadata?, Kind)>(StringComparer.Ordinal);
        foreach (var obj in Ws.Objects.Where(o => o.IsActive))
        {
            queries[obj.NamePlural] = (obj, Kind.FindMany);
            queries[obj.NameSingular] = (obj, Kind.FindOne);
            mutations["create" + obj.CapitalSingular] = (obj, Kind.CreateOne);
            mutations["create" + obj.CapitalPlural] = (obj, Kind.CreateMany);
            mutations["update" + obj.CapitalSingular] = (obj, Kind.UpdateOne);
            mutations["update" + obj.CapitalPlural] = (obj, Kind.UpdateMany);
            mutations["delete" + obj.CapitalSingular] = (obj, Kind.DeleteOne);
            mutations["delete" + obj.CapitalPlural] = (obj, Kind.DeleteMany);
            mutations["destroy" + obj.CapitalSingular] = (obj, Kind.DestroyOne);
            mutations["destroy" + obj.CapitalPlural] = (obj, Kind.DestroyMany);
            mutations["restore" + obj.CapitalSingular] = (obj, Kind.RestoreOne);
            mutations["restore" + obj.CapitalPlural] = (obj, Kind.RestoreMany);
        }

        return new Roots(queries, mutations);
    }

    private JsonNode? Resolve(ObjectMetadata? obj, Kind kind, GqlSelection field)
    {
        if (kind == Kind.Search)
        {
            return Search(field);
        }

        var o = obj!;
        switch (kind)
        {
            case Kind.FindMany:
                return Collection(o, field, null);
            case Kind.FindOne:
                var filter = Filter(o, field.Arg("filter") ?? throw Required(field, "filter", o.CapitalSingular + "FilterInput!"));
                var one = Ws.FindMany(o, new RecordQuery { Filter = filter, First = 1 });
                return one.Records.Count == 0 ? null : Project(o, one.Records[0], field.Selections);
            case Kind.CreateOne:
                var data = field.Arg("data") as JsonObject ?? throw Required(field, "data", o.CapitalSingular + "CreateInput!");
                CheckData(o, data, "Create");
                return Project(o, Ws.Create(o, [data], Upsert(field), Actor.ApiKey)[0], field.Selections);
            case Kind.CreateMany:
                var items = (field.Arg("data") as JsonArray ?? throw Required(field, "data", "[" + o.CapitalSingular + "CreateInput!]!"))
                    .Select(d => d as JsonObject ?? throw new GqlException($"Expected type \"{o.CapitalSingular}CreateInput\" to be an object.")).ToList();
                items.ForEach(d => CheckData(o, d, "Create"));
                if (items.Count > MaxFirst)
                {
                    throw new GqlException($"Maximum number of records to upsert is {MaxFirst}.");
                }

                return ProjectAll(o, Ws.Create(o, items, Upsert(field), Actor.ApiKey), field.Selections);
            case Kind.UpdateOne:
                var patch = field.Arg("data") as JsonObject ?? [];
                CheckData(o, patch, "Update");
                return Project(o, Ws.Update(o, Id(field), patch, Actor.ApiKey), field.Selections);
            case Kind.UpdateMany:
                var patchMany = field.Arg("data") as JsonObject ?? [];
                CheckData(o, patchMany, "Update");
                return ProjectAll(o, Ws.UpdateMany(o, RequiredFilter(o, field), patchMany, Actor.ApiKey, MaxAffected), field.Selections);
            case Kind.DeleteOne:
                return Project(o, Ws.Delete(o, Id(field), soft: true), field.Selections);
            case Kind.DeleteMany:
                return ProjectAll(o, Ws.DeleteMany(o, RequiredFilter(o, field), soft: true, MaxAffected), field.Selections);
            case Kind.DestroyOne:
                return Project(o, Ws.Delete(o, Id(field), soft: false), field.Selections);
            case Kind.DestroyMany:
                return ProjectAll(o, Ws.DeleteMany(o, RequiredFilter(o, field), soft: false, MaxAffected), field.Selections);
            case Kind.RestoreOne:
                return Project(o, Ws.Restore(o, Id(field)), field.Selections);
            case Kind.RestoreMany:
                return ProjectAll(o, Ws.RestoreMany(o, RequiredFilter(o, field), MaxAffected), field.Selections);
            default:
                return null;
        }
    }

    // ------------------------------------------------------------------ collections

    /// <summary>A connection over <paramref name="obj"/>; <paramref name="scope"/> restricts it (one-to-many relations).</summary>
    private JsonObject Collection(ObjectMetadata obj, GqlSelection field, RecordFilter? scope)
    {
        var filter = Filter(obj, field.Arg("filter"));
        if (scope is not null)
        {
            filter = filter is null ? scope : new AndFilter([scope, filter]);
        }

        var first = IntArg(field, "first");
        var last = IntArg(field, "last");
        if (first is null && last is null)
        {
            first = DefaultFirst;
        }

        var page = Ws.FindMany(obj, new RecordQuery
        {
            Filter = filter,
            OrderBy = OrderBy(field.Arg("orderBy")),
            First = first is null ? null : Math.Min(first.Value, MaxFirst),
            Last = last is null ? null : Math.Min(last.Value, MaxFirst),
            After = Str(field.Arg("after")),
            Before = Str(field.Arg("before")),
            Offset = IntArg(field, "offset") ?? 0,
        });
        var edges = page.Records.Select((r, i) => (Serialize(obj, r), page.Cursors[i])).ToList();
        return GqlConnection.Build(field, edges, page.HasNextPage, page.HasPreviousPage, page.TotalCount, obj.CapitalSingular, Resolver(obj));
    }

    private JsonNode? Project(ObjectMetadata obj, JsonObject record, IReadOnlyList<GqlSelection> selections) =>
        GqlProjection.Project(Serialize(obj, record), selections, obj.CapitalSingular, Resolver(obj));

    private JsonArray ProjectAll(ObjectMetadata obj, IEnumerable<JsonObject> records, IReadOnlyList<GqlSelection> selections) =>
        new(records.Select(r => Project(obj, r, selections)).ToArray());

    private JsonObject Serialize(ObjectMetadata obj, JsonObject record) => Ws.Serialize(obj, record, 0);

    /// <summary>Supplies relation fields (many-to-one as an object, one-to-many as a connection) and rejects unknown fields.</summary>
    private Func<JsonObject, GqlSelection, JsonNode?> Resolver(ObjectMetadata obj) => (json, selection) =>
    {
        var field = obj.FindField(selection.Name);
        if (field?.Relation is not { } relation || !field.IsActive)
        {
            throw new GqlException($"Cannot query field \"{selection.Name}\" on type \"{obj.CapitalSingular}\".", GqlErrorCodes.ValidationFailed);
        }

        var target = Ws.ObjectById(relation.TargetObjectMetadataId);
        if (relation.IsManyToOne)
        {
            var fk = json[relation.JoinColumnName!] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            var related = fk is null ? null : Ws.RecordById(target, fk);
            return related is null || Workspace.IsDeleted(related) ? null : Project(target, related, selection.Selections);
        }

        var inverse = target.Fields.Find(x => x.Id == relation.TargetFieldMetadataId)?.Relation?.JoinColumnName;
        if (inverse is null)
        {
            return null;
        }

        var id = json["id"]!.GetValue<string>();
        return Collection(target, selection, new FieldFilter([inverse], "eq", JsonValue.Create(id)));
    };

    // ------------------------------------------------------------------ arguments

    /// <summary>Type-checks (GraphQL messages) then converts a typed filter object to the core filter AST.</summary>
    private static RecordFilter? Filter(ObjectMetadata obj, JsonNode? filter)
    {
        GqlFilterChecker.Check(filter, obj.NameSingular, name => Shape(obj, name));
        return ToFilter(obj, filter);
    }

    private static RecordFilter RequiredFilter(ObjectMetadata obj, GqlSelection field) =>
        Filter(obj, field.Arg("filter") ?? throw Required(field, "filter", obj.CapitalSingular + "FilterInput!")) ?? new AndFilter([]);

    private static void CheckData(ObjectMetadata obj, JsonObject data, string kind) =>
        GqlFilterChecker.CheckData(data, obj.NameSingular, kind, name => name == "id" ? new GqlFieldShape("id", "UUID") : Shape(obj, name));

    private static GqlFieldShape? Shape(ObjectMetadata obj, string name)
    {
        var field = obj.FindField(name);
        if (field is null)
        {
            return obj.FindByJoinColumn(name) is not null ? new GqlFieldShape(name, "UUID") : null;
        }

        if (field.IsRelation || !field.IsActive)
        {
            return null;
        }

        return new GqlFieldShape(name, field.Type, field.Options?.Select(o => o.Value).ToList());
    }

    private static RecordFilter? ToFilter(ObjectMetadata obj, JsonNode? node)
    {
        if (node is not JsonObject filter)
        {
            return null;
        }

        var children = new List<RecordFilter>();
        foreach (var (key, value) in filter)
        {
            switch (key)
            {
                case "and":
                    children.Add(new AndFilter(Items(value).Select(c => ToFilter(obj, c) ?? new AndFilter([])).ToList()));
                    break;
                case "or":
                    children.Add(new OrFilter(Items(value).Select(c => ToFilter(obj, c) ?? new AndFilter([])).ToList()));
                    break;
                case "not":
                    children.Add(new NotFilter(ToFilter(obj, value) ?? new AndFilter([])));
                    break;
                default:
                    var composite = obj.FindField(key)?.IsComposite == true;
                    foreach (var (first, inner) in value as JsonObject ?? [])
                    {
                        if (composite)
                        {
                            foreach (var (op, operand) in inner as JsonObject ?? [])
                            {
                                children.Add(new FieldFilter([key, first], op, operand?.DeepClone()));
                            }
                        }
                        else
                        {
                            children.Add(new FieldFilter([key], first, inner?.DeepClone()));
                        }
                    }

                    break;
            }
        }

        return children.Count == 1 ? children[0] : new AndFilter(children);
    }

    private static List<JsonNode?> Items(JsonNode? node) => node is JsonArray array ? [.. array] : [node];

    /// <summary><c>[{ createdAt: AscNullsFirst }, { name: { firstName: DescNullsLast } }]</c> (a single object is accepted too).</summary>
    private static List<OrderBy> OrderBy(JsonNode? node)
    {
        var result = new List<OrderBy>();
        foreach (var item in Items(node).OfType<JsonObject>())
        {
            foreach (var (key, value) in item)
            {
                if (value is JsonObject nested)
                {
                    foreach (var (sub, direction) in nested)
                    {
                        result.Add(new OrderBy([key, sub], Direction(direction)));
                    }
                }
                else
                {
                    result.Add(new OrderBy([key], Direction(value)));
                }
            }
        }

        return result;
    }

    private static string Direction(JsonNode? node)
    {
        var text = Str(node);
        return text is not null && OrderDirection.IsValid(text)
            ? text
            : throw new GqlException($"Value {(text is null ? node?.ToJsonString() ?? "null" : "\"" + text + "\"")} does not exist in \"OrderByDirection\" enum.");
    }

    private static string Id(GqlSelection field)
    {
        var id = Str(field.Arg("id")) ?? throw Required(field, "id", "UUID!");
        return Guid.TryParse(id, out _) ? id : throw new GqlException("Invalid UUID");
    }

    private static bool Upsert(GqlSelection field) => field.Arg("upsert") is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static int? IntArg(GqlSelection field, string name) =>
        field.Arg(name) is JsonValue v && v.TryGetValue<long>(out var n) ? (int)Math.Clamp(n, 0, int.MaxValue) : null;

    private static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static GqlException Required(GqlSelection field, string argument, string type) =>
        new($"Field \"{field.Name}\" argument \"{argument}\" of type \"{type}\" is required, but it was not provided.", GqlErrorCodes.ValidationFailed);

    // ------------------------------------------------------------------ search

    /// <summary>
    /// <c>search(searchInput, limit, after?, includedObjectNameSingulars?, excludedObjectNameSingulars?, filter?)</c>
    /// → <c>{ edges { node { recordId objectNameSingular label imageUrl tsRankCD tsRank } cursor } pageInfo { hasNextPage endCursor } }</c>.
    /// Matching is a case-insensitive search of every word in the record's text values (Twenty uses Postgres full-text search).
    /// </summary>
    private JsonObject Search(GqlSelection field)
    {
        var input = Str(field.Arg("searchInput")) ?? throw Required(field, "searchInput", "String!");
        var limit = Math.Min(IntArg(field, "limit") ?? throw Required(field, "limit", "Int!"), MaxSearchLimit);
        var included = (field.Arg("includedObjectNameSingulars") as JsonArray)?.Select(Str).ToHashSet();
        var excluded = (field.Arg("excludedObjectNameSingulars") as JsonArray)?.Select(Str).ToHashSet() ?? [];
        var words = input.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var objects = Ws.Objects.Where(o => o.IsActive && !o.IsSystem && o.NamePlural != "workspaceMembers")
            .Where(o => (included is null || included.Contains(o.NameSingular)) && !excluded.Contains(o.NameSingular))
            .OrderBy(o => o.NameSingular switch { "person" => 0, "company" => 1, "opportunity" => 2, "note" => 3, "task" => 4, _ => 5 })
            .ToList();

        var hits = new List<(ObjectMetadata Obj, JsonObject Record, double Rank)>();
        foreach (var obj in objects)
        {
            RecordFilter? filter;
            try
            {
                filter = Filter(obj, field.Arg("filter"));
                var found = Ws.FindMany(obj, new RecordQuery { Filter = filter, OrderBy = [new OrderBy(["position"], OrderDirection.AscNullsFirst)] });
                foreach (var record in found.Records)
                {
                    var serialized = Ws.Serialize(obj, record, 0);
                    var text = string.Join(' ', obj.Fields.Where(f => SearchableTypes.Contains(f.Type)).SelectMany(f => Texts(serialized[f.Name]))).ToLowerInvariant();
                    var matched = words.Count(w => text.Contains(w.ToLowerInvariant(), StringComparison.Ordinal));
                    if (words.Length == 0 || matched == words.Length)
                    {
                        hits.Add((obj, record, words.Length == 0 ? 0 : matched / (double)words.Length));
                    }
                }
            }
            catch (GqlException)
            {
                // A filter naming fields this object lacks excludes the object (UNCONFIRMED).
            }
            catch (EmulatorException)
            {
            }
        }

        var ordered = hits.Select((h, i) => (h, i)).OrderByDescending(x => x.h.Rank).ThenBy(x => x.i).Select(x => x.h).ToList();
        var start = 0;
        if (Str(field.Arg("after")) is { } after)
        {
            var lastIds = DecodeSearchCursor(after);
            var positions = ordered.Select((h, i) => (h, i)).Where(x => lastIds.Contains(x.h.Record["id"]!.GetValue<string>())).Select(x => x.i).ToList();
            start = positions.Count == 0 ? 0 : positions.Max() + 1;
        }

        var page = ordered.Skip(start).Take(limit).ToList();
        var edges = new JsonArray();
        var lastPerObject = new JsonObject();
        string? endCursor = null;
        foreach (var (obj, record, rank) in page)
        {
            var id = record["id"]!.GetValue<string>();
            lastPerObject[obj.NameSingular] = id;
            var cursor = SearchCursor(rank, lastPerObject);
            endCursor = cursor;
            var node = new JsonObject
            {
                ["recordId"] = id,
                ["objectNameSingular"] = obj.NameSingular,
                ["label"] = Label(obj, record),
                ["imageUrl"] = obj.NameSingular == "person" ? Str(record["avatarUrl"]) : null,
                ["tsRankCD"] = rank,
                ["tsRank"] = rank,
            };
            edges.Add((JsonNode)new JsonObject { ["node"] = node, ["cursor"] = cursor });
        }

        // PEER-CASES [search]: limit 0 → no edges, hasNextPage true, endCursor null.
        var hasNext = limit == 0 || start + page.Count < ordered.Count;
        var result = new JsonObject
        {
            ["edges"] = edges,
            ["pageInfo"] = new JsonObject { ["hasNextPage"] = hasNext, ["endCursor"] = endCursor },
        };
        return (JsonObject)GqlProjection.Project(result, field.Selections, "SearchResultConnection")!;
    }

    private static readonly HashSet<string> SearchableTypes =
        [FieldMetadataType.Text, FieldMetadataType.FullName, FieldMetadataType.Emails, FieldMetadataType.Links, FieldMetadataType.Phones];

    private static string SearchCursor(double rank, JsonObject lastPerObject) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject
        {
            ["lastRanks"] = new JsonObject { ["tsRank"] = rank, ["tsRankCD"] = rank },
            ["lastRecordIdsPerObject"] = lastPerObject.DeepClone(),
        }.ToJsonString()));

    private static HashSet<string> DecodeSearchCursor(string cursor)
    {
        try
        {
            var json = JsonNode.Parse(Convert.FromBase64String(cursor));
            return (json?["lastRecordIdsPerObject"] as JsonObject ?? []).Select(p => Str(p.Value)).OfType<string>().ToHashSet();
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new GqlException($"Invalid cursor: {cursor}");
        }
    }

    private static string Label(ObjectMetadata obj, JsonObject record)
    {
        var labelField = obj.Fields.Find(f => f.Id == obj.LabelIdentifierFieldMetadataId);
        var value = labelField is null ? null : record[labelField.Name];
        return value switch
        {
            JsonObject name when labelField!.Type == FieldMetadataType.FullName =>
                $"{Str(name["firstName"])} {Str(name["lastName"])}".Trim(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => string.Empty,
        };
    }

    private static IEnumerable<string> Texts(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Texts(p.Value)),
        JsonArray a => a.SelectMany(Texts),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };
}
