using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Core;

/// <summary>Who performs a write: stored in <c>createdBy</c> / <c>updatedBy</c> (API-FACTS §4 ACTOR).</summary>
internal sealed record Actor(string Source, string? WorkspaceMemberId, string Name)
{
    /// <summary>Records created with an API key: source API. UNCONFIRMED: the name; "API key" is used.</summary>
    public static readonly Actor ApiKey = new("API", null, "API key");

    /// <summary>Records put in place by <see cref="TwentyEmulator.Seed(string, JsonObject[])"/>.</summary>
    public static readonly Actor System = new("MANUAL", null, "System");

    public JsonObject ToJson() => new()
    {
        ["source"] = Source,
        ["workspaceMemberId"] = WorkspaceMemberId,
        ["name"] = Name,
        ["context"] = new JsonObject(),
    };
}

/// <summary>
/// The emulated workspace: mutable object/field metadata plus the record store, all guarded by one re-entrant
/// lock (<see cref="SyncRoot"/>). Every public method takes the lock itself; callers that need several calls to be
/// atomic (or that read live <see cref="ObjectMetadata"/> / record objects) wrap them in <c>lock (SyncRoot)</c>.
/// Records are stored as <see cref="JsonObject"/>: composites nested, MANY_TO_ONE relations as their join column.
/// Objects returned by methods are live: do not mutate them, and copy them (DeepClone) before leaving the lock.
/// </summary>
internal sealed class Workspace
{
    private readonly TimeProvider _time;
    private readonly List<ObjectMetadata> _objects = [];
    private readonly Dictionary<Guid, ObjectStore> _stores = [];

    /// <summary>Bumped by every record write anywhere (invalidates the sorted snapshots).</summary>
    private long _recordsVersion;

    public Workspace(TimeProvider time)
    {
        _time = time;
        WorkspaceId = Guid.NewGuid();
        Reset();
    }

    /// <summary>The re-entrant lock guarding metadata and records.</summary>
    public Lock SyncRoot { get; } = new();

    public Guid WorkspaceId { get; }

    /// <summary>Incremented on every metadata change, so dependants (GraphQL schema) can cache.</summary>
    public long MetadataVersion { get; private set; }

    /// <summary>Raised under the lock, in commit order, after each committed record change.</summary>
    public event Action<RecordChange>? RecordChanged;

    public DateTimeOffset Now => _time.GetUtcNow();

    // ------------------------------------------------------------------ metadata

    /// <summary>Live list of objects (read under the lock).</summary>
    public IReadOnlyList<ObjectMetadata> Objects => _objects;

    public ObjectMetadata ObjectById(Guid id)
    {
        lock (SyncRoot)
        {
            return _objects.Find(o => o.Id == id) ?? throw EmulatorException.NotFound("Object metadata not found");
        }
    }

    public ObjectMetadata? FindObject(string nameSingularOrPlural)
    {
        lock (SyncRoot)
        {
            return _objects.Find(o => o.NamePlural == nameSingularOrPlural) ?? _objects.Find(o => o.NameSingular == nameSingularOrPlural);
        }
    }

    public (FieldMetadata Field, ObjectMetadata Object)? FindField(Guid fieldId)
    {
        lock (SyncRoot)
        {
            foreach (var o in _objects)
            {
                foreach (var f in o.Fields)
                {
                    if (f.Id == fieldId) return (f, o);
                }
            }

            return null;
        }
    }

    /// <summary>Restores the standard objects and drops every record, then seeds the default workspace member.</summary>
    public void Reset()
    {
        lock (SyncRoot)
        {
            _objects.Clear();
            _stores.Clear();
            _objects.AddRange(StandardObjects.Create(Now));
            foreach (var o in _objects) _stores[o.Id] = new ObjectStore();
            MetadataVersion++;
            var member = new JsonObject
            {
                ["id"] = StandardObjects.DefaultWorkspaceMemberId.ToString(),
                ["name"] = new JsonObject { ["firstName"] = "Tim", ["lastName"] = "Apple" },
                ["userEmail"] = "tim@apple.dev",
                ["userId"] = "20202020-9e3b-46d4-a556-88b9ddc2b034",
            };
            Create(FindObject("workspaceMembers")!, [member], upsert: false, Actor.System, raiseEvents: false);
        }
    }

    /// <summary>
    /// Adds a custom object with Twenty's default fields (id, name, createdAt, updatedAt, deletedAt, position,
    /// createdBy, updatedBy) and the morph target fields on noteTarget / taskTarget.
    /// </summary>
    public ObjectMetadata CreateObject(string nameSingular, string namePlural, string labelSingular, string labelPlural,
        string? description = null, string? icon = null, bool isCustom = true, Guid? id = null)
    {
        lock (SyncRoot)
        {
            if (_objects.Exists(o => o.NameSingular == nameSingular || o.NamePlural == namePlural ||
                o.NameSingular == namePlural || o.NamePlural == nameSingular))
            {
                throw EmulatorException.BadRequest($"Object with name \"{nameSingular}\" already exists");
            }

            var now = Now;
            var obj = StandardObjects.Obj(nameSingular, namePlural, labelSingular, labelPlural, icon ?? "IconBox", now, isCustom: isCustom);
            if (id is { } given) obj.Id = given;
            obj.Description = description;
            StandardObjects.AddBase(obj, now, StandardObjects.F("name", "Name", FieldMetadataType.Text, StandardObjects.Quoted("Untitled")));
            StandardObjects.AddTrailer(obj, now);
            _objects.Add(obj);
            _stores[obj.Id] = new ObjectStore();
            var noteTarget = FindObject("noteTargets");
            var taskTarget = FindObject("taskTargets");
            if (noteTarget is not null && taskTarget is not null) StandardObjects.AddTargetRelations(noteTarget, taskTarget, obj, now);
            MetadataVersion++;
            return obj;
        }
    }

    /// <summary>Changes an object's metadata (names, labels, isActive...) under the lock.</summary>
    public void UpdateObject(Guid objectId, Action<ObjectMetadata> change)
    {
        lock (SyncRoot)
        {
            var obj = ObjectById(objectId);
            change(obj);
            obj.UpdatedAt = Now;
            MetadataVersion++;
        }
    }

    /// <summary>Removes an object, its records, and relation fields pointing at it.</summary>
    public void DeleteObject(Guid objectId)
    {
        lock (SyncRoot)
        {
            var obj = ObjectById(objectId);
            _objects.Remove(obj);
            _stores.Remove(objectId);
            foreach (var o in _objects)
            {
                o.Fields.RemoveAll(f => f.Relation?.TargetObjectMetadataId == objectId);
            }

            MetadataVersion++;
        }
    }

    /// <summary>Adds a field. For a relation pair add both sides (see <see cref="StandardObjects.Relate"/>).</summary>
    public FieldMetadata CreateField(Guid objectId, FieldMetadata field)
    {
        lock (SyncRoot)
        {
            var obj = ObjectById(objectId);
            if (obj.FindField(field.Name) is not null || obj.FindByJoinColumn(field.Name) is not null)
            {
                throw EmulatorException.BadRequest($"Field with name \"{field.Name}\" already exists on object \"{obj.NameSingular}\"");
            }

            field.ObjectMetadataId = objectId;
            field.CreatedAt = field.UpdatedAt = Now;
            obj.Fields.Add(field);
            MetadataVersion++;
            return field;
        }
    }

    /// <summary>Changes a field; a rename moves the stored values to the new key.</summary>
    public void UpdateField(Guid fieldId, Action<FieldMetadata> change)
    {
        lock (SyncRoot)
        {
            var (field, obj) = FindField(fieldId) ?? throw EmulatorException.NotFound("Field metadata not found");
            var oldName = field.Name;
            change(field);
            obj.InvalidateFieldCache();
            field.UpdatedAt = Now;
            if (field.Name != oldName && !field.IsRelation)
            {
                foreach (var r in _stores[obj.Id].Records.Values)
                {
                    if (r.Remove(oldName, out var v)) r[field.Name] = v;
                }
            }

            _stores[obj.Id].UniqueVersion = -1;
            MetadataVersion++;
        }
    }

    public void DeleteField(Guid fieldId)
    {
        lock (SyncRoot)
        {
            var (field, obj) = FindField(fieldId) ?? throw EmulatorException.NotFound("Field metadata not found");
            obj.Fields.Remove(field);
            foreach (var r in _stores[obj.Id].Records.Values)
            {
                r.Remove(field.Relation?.JoinColumnName ?? field.Name);
            }

            _stores[obj.Id].UniqueVersion = -1;
            MetadataVersion++;
        }
    }

    // ------------------------------------------------------------------ records: reads

    /// <summary>The live stored record (including soft-deleted ones), or null.</summary>
    public JsonObject? RecordById(ObjectMetadata obj, string id)
    {
        lock (SyncRoot)
        {
            if (!_stores.TryGetValue(obj.Id, out var store)) return null;
            return store.Records.GetValueOrDefault(NormalizeId(id));
        }
    }

    /// <summary>All live stored records of an object.</summary>
    public IEnumerable<JsonObject> AllRecords(ObjectMetadata obj) => _stores.TryGetValue(obj.Id, out var s) ? s.Records.Values : [];

    public static bool IsDeleted(JsonObject r) => !RecordValues.IsNull(r["deletedAt"]);

    /// <summary>Find one non-deleted record by id, or 404 "Record not found".</summary>
    public JsonObject FindOne(ObjectMetadata obj, string id, bool includeDeleted = false)
    {
        lock (SyncRoot)
        {
            var r = RecordById(obj, id);
            if (r is null || (!includeDeleted && IsDeleted(r))) throw EmulatorException.NotFound();
            return r;
        }
    }

    /// <summary>Filter, order (with id tie-breaker), cursor and limit. Returns live records.</summary>
    public RecordPage FindMany(ObjectMetadata obj, RecordQuery query)
    {
        lock (SyncRoot)
        {
            var predicate = new FilterCompiler(this).Compile(obj, query.Filter);
            var includeDeleted = query.WithDeleted || FilterCompiler.MentionsDeletedAt(query.Filter);
            var order = EffectiveOrder(obj, query.OrderBy);
            var comparer = new KeyComparer(order);

            // Rows come from a per-object sorted snapshot, re-sorted only after a write (keyset paging stays O(n)).
            var rows = new List<SortedRow>();
            foreach (var row in Sorted(obj, order, comparer))
            {
                if (!includeDeleted && IsDeleted(row.Record)) continue;
                if (!predicate(row.Record)) continue;
                rows.Add(row);
            }

            var total = rows.Count;
            int from = 0, to = rows.Count;
            if (query.After is not null) from = UpperBound(rows, SortKey(DecodeCursor(query.After), order), comparer);
            if (query.Before is not null) to = Math.Max(from, LowerBound(rows, SortKey(DecodeCursor(query.Before), order), comparer));
            from = Math.Min(to, from + Math.Max(0, query.Offset));

            bool hasNext = false, hasPrevious = false;
            if (query.Before is not null || (query.Last is not null && query.First is null))
            {
                var last = query.Last ?? (to - from);
                hasPrevious = to - from > last;
                from = Math.Max(from, to - last);
            }
            else if (query.First is { } first)
            {
                hasNext = to - from > first;
                to = Math.Min(to, from + first);
            }

            var records = new List<JsonObject>(Math.Max(0, to - from));
            for (var i = from; i < to; i++) records.Add(rows[i].Record);
            return new RecordPage(records, r => EncodeCursor(r, order), total, hasNext, hasPrevious);
        }
    }

    private readonly record struct SortedRow(object?[] Key, JsonObject Record);

    private List<SortedRow> Sorted(ObjectMetadata obj, List<OrderBy> order, KeyComparer comparer)
    {
        var store = Store(obj);
        var spec = string.Join(',', order.Select(o => string.Join('.', o.Path) + ":" + o.Direction));
        if (store.SortVersion != _recordsVersion || store.SortMetadataVersion != MetadataVersion)
        {
            store.SortCache.Clear();
            store.SortVersion = _recordsVersion;
            store.SortMetadataVersion = MetadataVersion;
        }

        if (store.SortCache.TryGetValue(spec, out var cached)) return cached;
        var rows = store.Records.Values.Select(r => new SortedRow(SortKey(r, order), r)).ToList();
        rows.Sort((a, b) => comparer.Compare(a.Key, b.Key));
        store.SortCache[spec] = rows;
        return rows;
    }

    /// <summary>First index whose key is strictly greater than <paramref name="key"/>.</summary>
    private static int UpperBound(List<SortedRow> rows, object?[] key, KeyComparer comparer)
    {
        int lo = 0, hi = rows.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (comparer.Compare(rows[mid].Key, key) <= 0) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    /// <summary>First index whose key is greater than or equal to <paramref name="key"/>.</summary>
    private static int LowerBound(List<SortedRow> rows, object?[] key, KeyComparer comparer)
    {
        int lo = 0, hi = rows.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (comparer.Compare(rows[mid].Key, key) < 0) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    private static List<OrderBy> EffectiveOrder(ObjectMetadata obj, IReadOnlyList<OrderBy> orderBy)
    {
        var order = new List<OrderBy>();
        foreach (var o in orderBy)
        {
            var field = obj.FindField(o.Path[0]);
            var join = field is null ? obj.FindByJoinColumn(o.Path[0]) : null;
            if (field is null && join is null)
            {
                throw EmulatorException.BadRequest($"field '{o.Path[0]}' does not exist in '{obj.NameSingular}' object");
            }

            if (field is not null && field.IsComposite && o.Path.Count < 2)
            {
                // PEER-CASES [order_by]: ordering by a whole composite on REST is a 400. UNCONFIRMED: message.
                throw EmulatorException.BadRequest(
                    $"'order_by' invalid: composite field '{o.Path[0]}' must be ordered by a sub-field, eg: {o.Path[0]}.subField[AscNullsFirst]");
            }

            if (field is not null && field.IsRelation)
            {
                throw EmulatorException.BadRequest($"'order_by' invalid: ordering by relation field '{o.Path[0]}' is not supported");
            }

            order.Add(o);
        }

        if (!order.Exists(o => o.Path.Count == 1 && o.Path[0] == "id")) order.Add(new OrderBy(["id"], OrderDirection.AscNullsFirst));
        return order;
    }

    private static object?[] SortKey(JsonObject r, List<OrderBy> order)
    {
        var key = new object?[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var p = order[i].Path;
            var v = p.Count == 1 ? r[p[0]] : (r[p[0]] as JsonObject)?[p[1]];
            key[i] = v is JsonValue jv ? jv.GetValueKind() switch
            {
                JsonValueKind.String => jv.GetValue<string>(),
                JsonValueKind.Number => RecordValues.ToDouble(jv),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            } : v?.ToJsonString();
        }

        return key;
    }

    private sealed class KeyComparer(List<OrderBy> order) : IComparer<object?[]>
    {
        public int Compare(object?[]? x, object?[]? y)
        {
            for (var i = 0; i < order.Count; i++)
            {
                var a = x![i];
                var b = y![i];
                int c;
                if (a is null && b is null) c = 0;
                else if (a is null) c = order[i].NullsFirst ? -1 : 1;
                else if (b is null) c = order[i].NullsFirst ? 1 : -1;
                else
                {
                    c = (a, b) switch
                    {
                        (string sa, string sb) => string.CompareOrdinal(sa, sb),
                        (double da, double db) => da.CompareTo(db),
                        (bool ba, bool bb) => ba.CompareTo(bb),
                        _ => string.CompareOrdinal(a.ToString(), b.ToString()),
                    };
                    if (order[i].Descending) c = -c;
                }

                if (c != 0) return c;
            }

            return 0;
        }
    }

    /// <summary>Cursor: base64 (standard) of JSON holding the order-by values and the id (API-FACTS §1.4).</summary>
    private static string EncodeCursor(JsonObject r, List<OrderBy> order)
    {
        var o = new JsonObject();
        foreach (var item in order)
        {
            if (item.Path.Count == 1)
            {
                o[item.Path[0]] = r[item.Path[0]]?.DeepClone();
            }
            else
            {
                if (o[item.Path[0]] is not JsonObject sub) o[item.Path[0]] = sub = new JsonObject();
                sub[item.Path[1]] = (r[item.Path[0]] as JsonObject)?[item.Path[1]]?.DeepClone();
            }
        }

        // id last, as Twenty builds it ({...orderByValues, id}).
        o.Remove("id");
        o["id"] = r["id"]?.DeepClone();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(o.ToJsonString()));
    }

    public static JsonObject DecodeCursor(string cursor)
    {
        try
        {
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (JsonNode.Parse(json) is JsonObject o) return o;
        }
        catch (FormatException)
        {
        }
        catch (JsonException)
        {
        }

        throw EmulatorException.BadRequest($"Invalid cursor: {cursor}", "INVALID_CURSOR");
    }

    // ------------------------------------------------------------------ records: writes

    /// <summary>
    /// Creates (or, with <paramref name="upsert"/>, creates-or-updates) records atomically: either every input is
    /// committed or none. Returns the live stored records in input order.
    /// </summary>
    public List<JsonObject> Create(ObjectMetadata obj, IReadOnlyList<JsonObject> inputs, bool upsert, Actor actor, bool raiseEvents = true)
    {
        lock (SyncRoot)
        {
            var store = Store(obj);
            var tx = new Transaction(this, store);
            try
            {
                var results = new List<JsonObject>(inputs.Count);
                foreach (var input in inputs)
                {
                    JsonObject? match = null;
                    if (upsert) match = FindUpsertMatch(obj, store, input);
                    if (match is not null)
                    {
                        var patch = (JsonObject)input.DeepClone();
                        patch.Remove("id");
                        results.Add(ApplyUpdate(obj, store, match, patch, actor, tx));
                        continue;
                    }

                    results.Add(Insert(obj, store, input, actor, tx));
                }

                tx.Commit(raiseEvents);
                return results;
            }
            catch
            {
                tx.Rollback();
                throw;
            }
        }
    }

    /// <summary>Updates one non-deleted record (404 if missing).</summary>
    public JsonObject Update(ObjectMetadata obj, string id, JsonObject patch, Actor actor)
    {
        lock (SyncRoot)
        {
            var store = Store(obj);
            var current = FindOne(obj, id);
            var tx = new Transaction(this, store);
            try
            {
                var r = ApplyUpdate(obj, store, current, patch, actor, tx);
                tx.Commit(true);
                return r;
            }
            catch
            {
                tx.Rollback();
                throw;
            }
        }
    }

    /// <summary>Updates every non-deleted record matching <paramref name="filter"/>.</summary>
    public List<JsonObject> UpdateMany(ObjectMetadata obj, RecordFilter filter, JsonObject patch, Actor actor, int maxAffected)
    {
        lock (SyncRoot)
        {
            var targets = Matching(obj, filter, maxAffected);
            var store = Store(obj);
            var tx = new Transaction(this, store);
            try
            {
                var results = targets.Select(t => ApplyUpdate(obj, store, t, (JsonObject)patch.DeepClone(), actor, tx)).ToList();
                tx.Commit(true);
                return results;
            }
            catch
            {
                tx.Rollback();
                throw;
            }
        }
    }

    /// <summary>Soft-deletes (sets deletedAt) or destroys one record; returns its last state.</summary>
    public JsonObject Delete(ObjectMetadata obj, string id, bool soft)
    {
        lock (SyncRoot)
        {
            // A destroy also reaches soft-deleted records; a soft delete only live ones.
            var r = FindOne(obj, id, includeDeleted: !soft);
            return soft ? SoftDelete(obj, r) : Destroy(obj, r, raiseEvents: true);
        }
    }

    public List<JsonObject> DeleteMany(ObjectMetadata obj, RecordFilter filter, bool soft, int maxAffected)
    {
        lock (SyncRoot)
        {
            var targets = Matching(obj, filter, maxAffected, includeDeleted: !soft);
            return targets.Select(t => soft ? SoftDelete(obj, t) : Destroy(obj, t, raiseEvents: true)).ToList();
        }
    }

    /// <summary>Restores a soft-deleted record. UNCONFIRMED: restoring a live record returns it unchanged.</summary>
    public JsonObject Restore(ObjectMetadata obj, string id)
    {
        lock (SyncRoot)
        {
            var r = FindOne(obj, id, includeDeleted: true);
            return RestoreRecord(obj, r);
        }
    }

    public List<JsonObject> RestoreMany(ObjectMetadata obj, RecordFilter filter, int maxAffected)
    {
        lock (SyncRoot)
        {
            var targets = Matching(obj, filter, maxAffected, includeDeleted: true).Where(IsDeleted).ToList();
            return targets.Select(t => RestoreRecord(obj, t)).ToList();
        }
    }

    private List<JsonObject> Matching(ObjectMetadata obj, RecordFilter filter, int maxAffected, bool includeDeleted = false)
    {
        var page = FindMany(obj, new RecordQuery { Filter = filter, WithDeleted = includeDeleted });
        if (page.Records.Count > maxAffected)
        {
            // API-FACTS §1.6: MUTATION_MAXIMUM_AFFECTED_RECORDS (100). UNCONFIRMED: message text.
            throw EmulatorException.BadRequest(
                $"Maximum number of records affected by a mutation is {maxAffected}. Query affects {page.Records.Count} records.",
                "TOO_MANY_RECORDS_TO_UPDATE");
        }

        return page.Records.ToList();
    }

    private JsonObject SoftDelete(ObjectMetadata obj, JsonObject r)
    {
        var before = Clone(r);
        r["deletedAt"] = RecordValues.FormatDateTime(Now);
        _recordsVersion++;
        RemoveFromIndex(obj, Store(obj), r);
        Raise(obj, RecordChangeAction.Deleted, r, before, Clone(r), []);
        return r;
    }

    private JsonObject RestoreRecord(ObjectMetadata obj, JsonObject r)
    {
        if (!IsDeleted(r)) return r;
        var before = Clone(r);
        r["deletedAt"] = null;
        _recordsVersion++;
        UniqueIndex(obj, Store(obj));
        AddToIndex(obj, Store(obj), r);
        Raise(obj, RecordChangeAction.Restored, r, before, Clone(r), []);
        return r;
    }

    private JsonObject Destroy(ObjectMetadata obj, JsonObject r, bool raiseEvents)
    {
        var id = r["id"]!.GetValue<string>();
        var store = Store(obj);
        store.Records.Remove(id);
        _recordsVersion++;
        RemoveFromIndex(obj, store, r);
        if (raiseEvents) Raise(obj, RecordChangeAction.Destroyed, r, Clone(r), null, []);

        // Referencing records: CASCADE destroys them, SET_NULL clears the join column (no events, like Postgres FKs).
        foreach (var other in _objects.ToList())
        {
            foreach (var f in other.Fields.ToList())
            {
                if (f.Relation is not { IsManyToOne: true } rel || rel.TargetObjectMetadataId != obj.Id) continue;
                foreach (var child in AllRecords(other).ToList())
                {
                    if (child[rel.JoinColumnName!] is JsonValue v && v.GetValue<string>() == id)
                    {
                        if (rel.OnDelete == "CASCADE") Destroy(other, child, raiseEvents: false);
                        else child[rel.JoinColumnName!] = null;
                    }
                }
            }
        }

        return r;
    }

    /// <summary>Moves every MANY_TO_ONE reference to <paramref name="fromId"/> onto <paramref name="toId"/> (merge).</summary>
    public void RepointReferences(ObjectMetadata obj, string fromId, string toId)
    {
        lock (SyncRoot)
        {
            foreach (var other in _objects)
            {
                foreach (var f in other.Fields)
                {
                    if (f.Relation is not { IsManyToOne: true } rel || rel.TargetObjectMetadataId != obj.Id) continue;
                    foreach (var child in AllRecords(other))
                    {
                        if (child[rel.JoinColumnName!] is JsonValue v && v.GetValue<string>() == fromId) child[rel.JoinColumnName!] = toId;
                        _recordsVersion++;
                    }
                }
            }
        }
    }

    private JsonObject? FindUpsertMatch(ObjectMetadata obj, ObjectStore store, JsonObject input)
    {
        var matches = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (input["id"] is JsonValue idv && idv.TryGetValue<string>(out var ids) && Guid.TryParse(ids, out var gid))
        {
            var existing = store.Records.GetValueOrDefault(gid.ToString());
            if (existing is not null && !IsDeleted(existing)) matches[gid.ToString()] = existing;
        }

        var index = UniqueIndex(obj, store);
        foreach (var field in obj.Fields)
        {
            if (!field.IsUnique) continue;
            var value = UniqueValue(field, input[field.Name]);
            if (value is not null && index[field.Name].TryGetValue(value, out var matchId)) matches[matchId] = store.Records[matchId];
        }

        if (matches.Count > 1)
        {
            // UNCONFIRMED: message text; the code is from Twenty's tests.
            throw EmulatorException.BadRequest(
                "Multiple records found with the same unique field values; cannot upsert",
                "UPSERT_MULTIPLE_MATCHING_RECORDS_CONFLICT");
        }

        return matches.Values.FirstOrDefault();
    }

    private JsonObject Insert(ObjectMetadata obj, ObjectStore store, JsonObject input, Actor actor, Transaction tx)
    {
        var now = Now;
        var record = new JsonObject();
        string id;
        if (input["id"] is { } idNode && !RecordValues.IsNull(idNode))
        {
            id = RecordValues.CoerceUuid(idNode, "id");
            if (store.Records.ContainsKey(id)) throw EmulatorException.BadRequest($"Record already exists (id {id})");
        }
        else
        {
            id = Guid.NewGuid().ToString();
        }

        record["id"] = id;
        ApplyInput(obj, record, input, isCreate: true);

        foreach (var f in obj.Fields)
        {
            if (f.IsRelation)
            {
                if (f.Relation is { IsManyToOne: true } rel && !record.ContainsKey(rel.JoinColumnName!)) record[rel.JoinColumnName!] = null;
                continue;
            }

            if (f.Type == FieldMetadataType.TsVector || record.ContainsKey(f.Name)) continue;
            record[f.Name] = f.Name switch
            {
                "createdAt" or "updatedAt" => RecordValues.FormatDateTime(now),
                "createdBy" or "updatedBy" => actor.ToJson(),
                "position" => NextPosition(store, "first"),
                _ => RecordValues.MaterializeDefault(f, now),
            };
            if (!f.IsNullable && RecordValues.IsNull(record[f.Name]) && !f.IsComposite)
            {
                throw EmulatorException.BadRequest(
                    $"null value in column \"{f.Name}\" of relation \"{RecordValues.TableName(obj)}\" violates not-null constraint");
            }
        }

        if (record["position"] is JsonValue pv && pv.TryGetValue<string>(out var ps)) record["position"] = NextPosition(store, ps);
        if (record["position"] is JsonValue pn && pn.GetValueKind() == JsonValueKind.Number) store.TrackPosition(RecordValues.ToDouble(pn));
        if (obj.FindField("updatedBy") is not null && !input.ContainsKey("updatedBy") && input.ContainsKey("createdBy"))
        {
            record["updatedBy"] = record["createdBy"]!.DeepClone();
        }

        CheckUnique(obj, store, record, exceptId: null);
        tx.Inserted(record);
        store.Records[id] = record;
        _recordsVersion++;
        AddToIndex(obj, store, record);
        tx.Event(obj, RecordChangeAction.Created, record, null, []);
        return record;
    }

    private JsonObject ApplyUpdate(ObjectMetadata obj, ObjectStore store, JsonObject current, JsonObject patch, Actor actor, Transaction tx)
    {
        var before = Clone(current);
        tx.Updated(current);
        var working = (JsonObject)current.DeepClone();
        patch.Remove("id");
        ApplyInput(obj, working, patch, isCreate: false);
        if (working["position"] is JsonValue pv && pv.TryGetValue<string>(out var ps)) working["position"] = NextPosition(store, ps);
        var changed = working.Where(kv => kv.Key is not ("updatedAt" or "updatedBy") && !JsonNode.DeepEquals(kv.Value, before[kv.Key]))
            .Select(kv => kv.Key).ToList();
        if (obj.FindField("updatedAt") is not null) working["updatedAt"] = RecordValues.FormatDateTime(Now);
        if (obj.FindField("updatedBy") is not null && !patch.ContainsKey("updatedBy")) working["updatedBy"] = actor.ToJson();
        CheckUnique(obj, store, working, exceptId: working["id"]!.GetValue<string>());

        // Apply in place so references held by callers stay valid.
        foreach (var key in working.Select(kv => kv.Key).ToList())
        {
            current[key] = working[key]?.DeepClone();
        }

        _recordsVersion++;
        RemoveFromIndex(obj, store, before);
        AddToIndex(obj, store, current);
        tx.Event(obj, RecordChangeAction.Updated, current, before, changed);
        return current;
    }

    /// <summary>Validates and writes the input's keys onto <paramref name="record"/>.</summary>
    private void ApplyInput(ObjectMetadata obj, JsonObject record, JsonObject input, bool isCreate)
    {
        foreach (var (key, value) in input)
        {
            if (key == "id") continue;
            var field = obj.FindField(key);
            if (field is null)
            {
                if (obj.FindByJoinColumn(key) is { Relation: { } rel })
                {
                    if (RecordValues.IsNull(value))
                    {
                        record[key] = null;
                        continue;
                    }

                    var targetId = RecordValues.CoerceUuid(value!, key);
                    var target = ObjectById(rel.TargetObjectMetadataId);
                    if (RecordById(target, targetId) is null)
                    {
                        // UNCONFIRMED: Postgres FK violation surfaces as a 400 with the DB text.
                        throw EmulatorException.BadRequest(
                            $"insert or update on table \"{RecordValues.TableName(obj)}\" violates foreign key constraint on \"{key}\": {target.NameSingular} {targetId} does not exist");
                    }

                    record[key] = targetId;
                    continue;
                }

                // UNCONFIRMED: message text for an unknown input field.
                throw EmulatorException.BadRequest($"Object {obj.NameSingular} doesn't have any \"{key}\" field.");
            }

            if (field.IsRelation)
            {
                // UNCONFIRMED: nested relation writes are not supported by the emulator.
                throw EmulatorException.BadRequest(
                    $"Relation field \"{key}\" cannot be written directly; set its join column (e.g. \"{field.Relation?.JoinColumnName ?? key + "Id"}\") instead");
            }

            if (field.Type == FieldMetadataType.Position && value is JsonValue sv && sv.TryGetValue<string>(out var pos) && pos is "first" or "last")
            {
                record[key] = pos;
                continue;
            }

            JsonNode? existing = record[key];
            if (isCreate && field.IsComposite && existing is null)
            {
                existing = key is "createdBy" or "updatedBy" ? new Actor("MANUAL", null, "").ToJson() : RecordValues.MaterializeDefault(field, Now);
            }

            record[key] = RecordValues.CoerceInput(obj, field, value, existing);
        }
    }

    private static double NextPosition(ObjectStore store, string where)
    {
        // UNCONFIRMED: a record created without position goes first (min - 1), as Twenty's UI does.
        var p = where == "last" ? (store.MaxPosition is { } max ? max + 1 : 0) : (store.MinPosition is { } min ? min - 1 : 0);
        store.TrackPosition(p);
        return p;
    }

    // ------------------------------------------------------------------ unique constraints

    private static string? UniqueValue(FieldMetadata field, JsonNode? value)
    {
        if (field.IsComposite)
        {
            var sub = FieldMetadataType.UniqueSubField(field.Type);
            value = sub is null ? null : (value as JsonObject)?[sub];
        }

        if (value is not JsonValue v) return null;
        var s = v.TryGetValue<string>(out var str) ? str : v.ToJsonString();
        // Empty values do not collide (PEER-CASES [create] unique PHONES null equivalence).
        return string.IsNullOrEmpty(s) ? null : s;
    }

    private Dictionary<string, Dictionary<string, string>> UniqueIndex(ObjectMetadata obj, ObjectStore store)
    {
        if (store.UniqueVersion == MetadataVersion && store.Unique is not null) return store.Unique;
        var index = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var f in obj.Fields)
        {
            if (f.IsUnique) index[f.Name] = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        store.Unique = index;
        store.UniqueVersion = MetadataVersion;
        foreach (var r in store.Records.Values)
        {
            if (!IsDeleted(r)) AddToIndex(obj, store, r);
        }

        return index;
    }

    private void AddToIndex(ObjectMetadata obj, ObjectStore store, JsonObject r)
    {
        if (store.Unique is null || store.UniqueVersion != MetadataVersion) return;
        foreach (var (name, map) in store.Unique)
        {
            var f = obj.FindField(name);
            var v = f is null ? null : UniqueValue(f, r[name]);
            if (v is not null) map[v] = r["id"]!.GetValue<string>();
        }
    }

    private void RemoveFromIndex(ObjectMetadata obj, ObjectStore store, JsonObject r)
    {
        if (store.Unique is null || store.UniqueVersion != MetadataVersion) return;
        var id = r["id"]!.GetValue<string>();
        foreach (var (name, map) in store.Unique)
        {
            var f = obj.FindField(name);
            var v = f is null ? null : UniqueValue(f, r[name]);
            if (v is not null && map.TryGetValue(v, out var owner) && owner == id) map.Remove(v);
        }
    }

    private void CheckUnique(ObjectMetadata obj, ObjectStore store, JsonObject record, string? exceptId)
    {
        var index = UniqueIndex(obj, store);
        foreach (var (name, map) in index)
        {
            var f = obj.FindField(name)!;
            var v = UniqueValue(f, record[name]);
            if (v is not null && map.TryGetValue(v, out var other) && other != exceptId && other != record["id"]!.GetValue<string>())
            {
                // API-FACTS §2: a DB unique violation surfaces as a 400 with the Postgres text.
                throw EmulatorException.BadRequest(
                    $"duplicate key value violates unique constraint \"IDX_UNIQUE_{RecordValues.TableName(obj)}_{name}\"");
            }
        }
    }

    // ------------------------------------------------------------------ serialization

    /// <summary>
    /// A record as the REST API returns it: every active field; MANY_TO_ONE relations as their join column and,
    /// at depth 1, the related record embedded (depth 0 inside); ONE_TO_MANY relations only at depth 1, as arrays.
    /// </summary>
    public JsonObject Serialize(ObjectMetadata obj, JsonObject record, int depth, IReadOnlyCollection<string>? fields = null)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteRecord(writer, obj, record, depth, fields);
        }

        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    /// <summary>Writes a record in REST shape (see <see cref="Serialize"/>) without copying it.</summary>
    public void WriteRecord(Utf8JsonWriter writer, ObjectMetadata obj, JsonObject record, int depth, IReadOnlyCollection<string>? fields = null)
    {
        lock (SyncRoot)
        {
            writer.WriteStartObject();
            var now = Now;
            foreach (var f in obj.Fields)
            {
                if (!f.IsActive || f.Type == FieldMetadataType.TsVector) continue;
                if (fields is not null && f.Name != "id" && !fields.Contains(f.Name) &&
                    !(f.Relation?.JoinColumnName is { } jc && fields.Contains(jc))) continue;
                if (f.Relation is { } rel)
                {
                    var target = _objects.Find(o => o.Id == rel.TargetObjectMetadataId);
                    if (target is null) continue;
                    if (rel.IsManyToOne)
                    {
                        var fk = record[rel.JoinColumnName!];
                        writer.WritePropertyName(rel.JoinColumnName!);
                        WriteValue(writer, fk);
                        if (depth >= 1)
                        {
                            var related = fk is JsonValue v ? RecordById(target, v.GetValue<string>()) : null;
                            writer.WritePropertyName(f.Name);
                            if (related is null) writer.WriteNullValue();
                            else WriteRecord(writer, target, related, 0);
                        }
                    }
                    else if (depth >= 1)
                    {
                        var inverse = target.Fields.Find(x => x.Id == rel.TargetFieldMetadataId)?.Relation?.JoinColumnName;
                        if (inverse is null) continue;
                        var id = record["id"]!.GetValue<string>();
                        writer.WritePropertyName(f.Name);
                        writer.WriteStartArray();
                        foreach (var child in AllRecords(target))
                        {
                            if (!IsDeleted(child) && child[inverse] is JsonValue cv && cv.GetValue<string>() == id)
                            {
                                WriteRecord(writer, target, child, 0);
                            }
                        }

                        writer.WriteEndArray();
                    }

                    continue;
                }

                writer.WritePropertyName(f.Name);
                WriteValue(writer, record.TryGetPropertyValue(f.Name, out var value) ? value : RecordValues.MaterializeDefault(f, now));
            }

            writer.WriteEndObject();
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null) writer.WriteNullValue();
        else value.WriteTo(writer);
    }

    // ------------------------------------------------------------------ helpers

    private ObjectStore Store(ObjectMetadata obj) =>
        _stores.TryGetValue(obj.Id, out var s) ? s : throw EmulatorException.NotFound("Object not found");

    public static string NormalizeId(string id) => Guid.TryParse(id, out var g) ? g.ToString() : id;

    private static JsonObject Clone(JsonObject r) => (JsonObject)r.DeepClone();

    private void Raise(ObjectMetadata obj, RecordChangeAction action, JsonObject r, JsonObject? before, JsonObject? after, IReadOnlyList<string> updated)
    {
        var handler = RecordChanged;
        if (handler is null) return;
        handler(new RecordChange(obj.Id, obj.NameSingular, action, Guid.Parse(r["id"]!.GetValue<string>()), before, after, updated, Now));
    }

    private sealed class ObjectStore
    {
        public Dictionary<string, JsonObject> Records { get; } = new(StringComparer.Ordinal);
        public long SortVersion { get; set; } = -1;
        public long SortMetadataVersion { get; set; } = -1;
        public Dictionary<string, List<SortedRow>> SortCache { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Dictionary<string, string>>? Unique { get; set; }
        public long UniqueVersion { get; set; } = -1;
        public double? MinPosition { get; private set; }
        public double? MaxPosition { get; private set; }

        public void TrackPosition(double p)
        {
            if (MinPosition is null || p < MinPosition) MinPosition = p;
            if (MaxPosition is null || p > MaxPosition) MaxPosition = p;
        }
    }

    /// <summary>Undo log for atomic batch writes; events are held back until commit.</summary>
    private sealed class Transaction(Workspace ws, ObjectStore store)
    {
        private readonly List<(string Id, JsonObject? Before)> _undo = [];
        private readonly List<(ObjectMetadata Obj, RecordChangeAction Action, JsonObject Record, JsonObject? Before, IReadOnlyList<string> Updated)> _events = [];

        public void Inserted(JsonObject r) => _undo.Add((r["id"]!.GetValue<string>(), null));

        public void Updated(JsonObject r) => _undo.Add((r["id"]!.GetValue<string>(), (JsonObject)r.DeepClone()));

        public void Event(ObjectMetadata obj, RecordChangeAction action, JsonObject r, JsonObject? before, IReadOnlyList<string> updated)
        {
            if (ws.RecordChanged is not null) _events.Add((obj, action, r, before, updated));
        }

        public void Commit(bool raise)
        {
            if (!raise) return;
            foreach (var e in _events) ws.Raise(e.Obj, e.Action, e.Record, e.Before, (JsonObject)e.Record.DeepClone(), e.Updated);
        }

        public void Rollback()
        {
            for (var i = _undo.Count - 1; i >= 0; i--)
            {
                var (id, before) = _undo[i];
                if (before is null)
                {
                    store.Records.Remove(id);
                }
                else if (store.Records.TryGetValue(id, out var live))
                {
                    foreach (var key in live.Select(kv => kv.Key).ToList()) live.Remove(key);
                    foreach (var (k, v) in before) live[k] = v?.DeepClone();
                }
            }

            store.UniqueVersion = -1;
            ws._recordsVersion++;
        }
    }
}
