using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sodimo.Crm.Testing.Core;

/// <summary>
/// Turns a <see cref="RecordFilter"/> into a predicate over stored records, validating field names and operand
/// types the way Twenty's common layer does (PEER-CASES [filter]). Called under the workspace lock.
/// </summary>
internal sealed class FilterCompiler(Workspace workspace)
{
    /// <summary>Whether the filter mentions <c>deletedAt</c> anywhere (then soft-deleted rows are visible).</summary>
    public static bool MentionsDeletedAt(RecordFilter? f) => f switch
    {
        AndFilter a => a.Children.Any(MentionsDeletedAt),
        OrFilter o => o.Children.Any(MentionsDeletedAt),
        NotFilter n => MentionsDeletedAt(n.Child),
        FieldFilter l => l.Path[0] == "deletedAt",
        _ => false,
    };

    public Func<JsonObject, bool> Compile(ObjectMetadata obj, RecordFilter? filter) => filter switch
    {
        null => _ => true,
        AndFilter a => All(a.Children.Select(c => Compile(obj, c)).ToArray()),
        OrFilter o => AnyOf(o.Children.Select(c => Compile(obj, c)).ToArray()),
        NotFilter n => Negate(Compile(obj, n.Child)),
        FieldFilter l => CompileLeaf(obj, l),
        _ => throw new InvalidOperationException("Unknown filter node"),
    };

    private static Func<JsonObject, bool> All(Func<JsonObject, bool>[] ps) => r =>
    {
        foreach (var p in ps)
        {
            if (!p(r)) return false;
        }

        return true;
    };

    private static Func<JsonObject, bool> AnyOf(Func<JsonObject, bool>[] ps) => r =>
    {
        foreach (var p in ps)
        {
            if (p(r)) return true;
        }

        return false;
    };

    private static Func<JsonObject, bool> Negate(Func<JsonObject, bool> p) => r => !p(r);

    private Func<JsonObject, bool> CompileLeaf(ObjectMetadata obj, FieldFilter leaf)
    {
        var head = leaf.Path[0];
        var field = obj.FindField(head);
        string key = head;
        string kind;
        string label = head;
        List<FieldOption>? options = null;

        if (field is null && obj.FindByJoinColumn(head) is { } rel)
        {
            kind = FieldMetadataType.Uuid;
            field = rel;
        }
        else if (field is null)
        {
            throw EmulatorException.BadRequest($"field '{head}' does not exist in '{obj.NameSingular}' object");
        }
        else if (field.Relation is { IsManyToOne: true } relation)
        {
            if (leaf.Path.Count == 1)
            {
                // Filtering on the relation name itself: compare against the join column.
                key = relation.JoinColumnName!;
                kind = FieldMetadataType.Uuid;
            }
            else
            {
                var target = workspace.ObjectById(relation.TargetObjectMetadataId);
                var sub = CompileLeaf(target, leaf with { Path = leaf.Path.Skip(1).ToArray() });
                var join = relation.JoinColumnName!;
                return r =>
                {
                    var id = r[join];
                    if (IsNull(id)) return false;
                    var related = workspace.RecordById(target, id!.GetValue<string>());
                    return related is not null && sub(related);
                };
            }
        }
        else if (field.IsRelation)
        {
            throw EmulatorException.BadRequest($"field '{head}' does not exist in '{obj.NameSingular}' object");
        }
        else if (field.IsComposite)
        {
            if (leaf.Path.Count < 2)
            {
                kind = FieldMetadataType.RawJson;
            }
            else
            {
                var subName = leaf.Path[1];
                kind = FieldMetadataType.CompositeSubFields[field.Type].FirstOrDefault(s => s.Name == subName).Kind
                    ?? throw EmulatorException.BadRequest($"field '{leaf.PathText}' does not exist in '{obj.NameSingular}' object");
                label = subName;
            }
        }
        else
        {
            kind = field.Type;
            options = field.Options;
            if (kind == FieldMetadataType.Select || kind == FieldMetadataType.MultiSelect) label = field.Name;
        }

        var path = leaf.Path.Count > 1 && field.IsComposite ? new[] { key, leaf.Path[1] } : new[] { key };
        var op = leaf.Operator;
        Func<JsonObject, JsonNode?> get = path.Length == 1
            ? r => r[path[0]]
            : r => (r[path[0]] as JsonObject)?[path[1]];

        switch (op)
        {
            case "is":
                {
                    var v = leaf.Operand is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;
                    if (v is not ("NULL" or "NOT_NULL"))
                    {
                        // UNCONFIRMED: exact text; the rule (only NULL / NOT_NULL) is asserted by Twenty's tests.
                        throw EmulatorException.BadRequest(
                            $"Invalid filter value for 'is' operator on field \"{leaf.PathText}\": expected 'NULL' or 'NOT_NULL'");
                    }

                    var wantNull = v == "NULL";
                    return r => IsNull(get(r)) == wantNull;
                }

            case "eq":
            case "neq":
            case "gt":
            case "gte":
            case "lt":
            case "lte":
                {
                    var operand = Typed(kind, leaf.Operand, label, options, obj);
                    if (kind == FieldMetadataType.MultiSelect || kind == FieldMetadataType.Array)
                    {
                        var list = operand;
                        return r => JsonNode.DeepEquals(get(r), list) == (op == "eq");
                    }

                    return op switch
                    {
                        "eq" => r => Cmp(get(r), operand) is 0,
                        "neq" => r => Cmp(get(r), operand) is { } c && c != 0,
                        "gt" => r => Cmp(get(r), operand) > 0,
                        "gte" => r => Cmp(get(r), operand) >= 0,
                        "lt" => r => Cmp(get(r), operand) < 0,
                        _ => r => Cmp(get(r), operand) <= 0,
                    };
                }

            case "in":
                {
                    var items = RequireList(leaf).Select(i => Typed(kind, i, label, options, obj)).ToArray();
                    return r =>
                    {
                        var v = get(r);
                        foreach (var i in items)
                        {
                            if (Cmp(v, i) is 0) return true;
                        }

                        return false;
                    };
                }

            case "containsAny":
            case "containsExactly":
                {
                    var elementKind = kind is FieldMetadataType.MultiSelect or FieldMetadataType.Array or FieldMetadataType.RawJson
                        ? FieldMetadataType.Text : kind;
                    var items = RequireList(leaf).Select(i => Typed(elementKind, i, label, kind == FieldMetadataType.MultiSelect ? options : null, obj)!)
                        .Select(i => i.ToJsonString()).ToHashSet(StringComparer.Ordinal);
                    var any = op == "containsAny";
                    return r =>
                    {
                        if (get(r) is not JsonArray arr) return false;
                        var values = arr.Where(a => a is not null).Select(a => a!.ToJsonString()).ToHashSet(StringComparer.Ordinal);
                        // UNCONFIRMED: containsExactly is read as "same set of values".
                        return any ? values.Overlaps(items) : values.SetEquals(items);
                    };
                }

            case "isEmptyArray":
                {
                    var want = leaf.Operand is JsonValue b && (b.GetValueKind() == JsonValueKind.True ||
                        (b.TryGetValue<string>(out var bs) && bs.Equals("true", StringComparison.OrdinalIgnoreCase)));
                    return r => (get(r) is not JsonArray a || a.Count == 0) == want;
                }

            case "startsWith":
            case "endsWith":
            case "like":
            case "ilike":
            case "containsIlike":
            case "regex":
            case "iregex":
                {
                    var text = leaf.Operand is JsonValue tv && tv.TryGetValue<string>(out var t) ? t : leaf.Operand?.ToJsonString() ?? "";
                    Regex re = op switch
                    {
                        "startsWith" => new Regex("^" + Regex.Escape(text), RegexOptions.Singleline),
                        "endsWith" => new Regex(Regex.Escape(text) + "$", RegexOptions.Singleline),
                        "like" => Like(text, ignoreCase: false),
                        "regex" => new Regex(text, RegexOptions.None, TimeSpan.FromSeconds(1)),
                        "iregex" => new Regex(text, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)),
                        _ => Like(text, ignoreCase: true),
                    };
                    if (op == "containsIlike")
                    {
                        return r => get(r) is JsonArray a && a.Any(x => x is JsonValue xv && xv.TryGetValue<string>(out var xs) && re.IsMatch(xs));
                    }

                    return r => get(r) is JsonValue v && re.IsMatch(Text(v));
                }

            default:
                throw EmulatorException.BadRequest($"Operator \"{op}\" is not valid for field \"{leaf.PathText}\"");
        }
    }

    private static string Text(JsonValue v) => v.TryGetValue<string>(out var s) ? s : v.ToJsonString();

    private static JsonArray RequireList(FieldFilter leaf) => leaf.Operand as JsonArray
        ?? throw EmulatorException.BadRequest(
            $"'filter' invalid for '{leaf.Operator}' operator. Received '{RecordValues.Raw(leaf.Operand)}' but array value expected eg: 'field[{leaf.Operator}]:[value_1,value_2]'");

    /// <summary>SQL LIKE pattern (<c>%</c>, <c>_</c>) as an anchored regex.</summary>
    public static Regex Like(string pattern, bool ignoreCase)
    {
        var sb = new System.Text.StringBuilder("^");
        foreach (var c in pattern)
        {
            sb.Append(c switch
            {
                '%' => ".*",
                '_' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        sb.Append('$');
        return new Regex(sb.ToString(), (ignoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.None) | RegexOptions.Singleline);
    }

    /// <summary>Coerces a filter operand (text from REST, typed JSON from GraphQL) to the stored form.</summary>
    private static JsonNode? Typed(string kind, JsonNode? operand, string field, List<FieldOption>? options, ObjectMetadata obj)
    {
        if (operand is null) return null;
        var isString = operand.GetValueKind() == JsonValueKind.String;
        var s = isString ? operand.GetValue<string>() : operand.ToJsonString();
        switch (kind)
        {
            case FieldMetadataType.Number:
            case FieldMetadataType.Numeric:
            case FieldMetadataType.Position:
            case FieldMetadataType.Rating when options is null:
                if (operand.GetValueKind() == JsonValueKind.Number) return JsonValue.Create(RecordValues.ToDouble(operand));
                if (isString && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
                throw EmulatorException.BadRequest($"Invalid number value NaN for field \"{field}\"");
            case FieldMetadataType.Uuid:
                if (Guid.TryParse(s, out var g) && isString) return JsonValue.Create(g.ToString());
                throw EmulatorException.BadRequest($"Invalid UUID value {RecordValues.Quote(operand)} for field \"{field}\"");
            case FieldMetadataType.DateTime:
                if (isString && RecordValues.TryParseDateTime(s, out var t)) return JsonValue.Create(RecordValues.FormatDateTime(t));
                throw EmulatorException.BadRequest(
                    $"Invalid value {RecordValues.Quote(operand)} for date-time field \"{field}\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'");
            case FieldMetadataType.Boolean:
                if (operand.GetValueKind() is JsonValueKind.True or JsonValueKind.False) return operand.DeepClone();
                if (s.Equals("true", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(true);
                if (s.Equals("false", StringComparison.OrdinalIgnoreCase)) return JsonValue.Create(false);
                throw EmulatorException.BadRequest($"invalid input syntax for type boolean: \"{s}\"");
            case FieldMetadataType.Select:
            case FieldMetadataType.MultiSelect:
            case FieldMetadataType.Rating:
                if (operand is JsonArray sa)
                {
                    return new JsonArray(sa.Select(x => Typed(FieldMetadataType.Select, x, field, options, obj)).ToArray());
                }

                if (options is not null && s is not ("NULL" or "NOT_NULL") && !options.Exists(o => o.Value == s))
                {
                    // UNCONFIRMED which layer answers first; the REST parser's enum check is used (PEER-CASES [filter]).
                    var available = string.Join(", ", options.Select(o => "'" + o.Value + "'"));
                    throw EmulatorException.BadRequest(
                        $"'filter' enum value '{s}' not available in '{field}' enum. Available enum values are [{available}]");
                }

                return JsonValue.Create(s);
            case FieldMetadataType.MorphRelation or FieldMetadataType.Relation:
                return JsonValue.Create(s);
            default:
                return isString ? JsonValue.Create(s) : operand.DeepClone();
        }
    }

    /// <summary>SQL-style comparison: null when either side is null (so neq on a null column is false).</summary>
    private static int? Cmp(JsonNode? value, JsonNode? operand)
    {
        if (IsNull(value) || IsNull(operand)) return null;
        return RecordValues.CompareScalars(value!, operand!);
    }

    private static bool IsNull(JsonNode? v) => RecordValues.IsNull(v);
}
