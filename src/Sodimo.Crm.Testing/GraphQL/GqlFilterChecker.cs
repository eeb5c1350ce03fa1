using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>
/// Type-checks a Twenty GraphQL filter object (<c>{ and, or, not, &lt;field&gt;: { &lt;op&gt;: value } }</c>, composite
/// fields by sub-field) the way Twenty's schema and common query layer do, with the messages of PEER-CASES [graphql].
/// </summary>
internal static class GqlFilterChecker
{
    private static readonly string[] TextOps = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "is", "like", "ilike", "startsWith", "endsWith"];
    private static readonly string[] NumberOps = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "is"];
    private static readonly string[] UuidOps = ["eq", "neq", "gt", "gte", "lt", "lte", "in", "is"];
    private static readonly string[] BooleanOps = ["eq", "is"];
    private static readonly string[] SelectOps = ["eq", "neq", "in", "is"];
    private static readonly string[] MultiSelectOps = ["containsAny", "is", "isEmptyArray"];
    private static readonly string[] ArrayOps = ["containsIlike", "is", "isEmptyArray"];
    private static readonly string[] JsonOps = ["like", "ilike", "is"];

    /// <summary>The scalar kind of each composite sub-field (API-FACTS §4).</summary>
    internal static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> CompositeSubFields =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["FULL_NAME"] = Map(("firstName", "TEXT"), ("lastName", "TEXT")),
            ["EMAILS"] = Map(("primaryEmail", "TEXT"), ("additionalEmails", "RAW_JSON")),
            ["PHONES"] = Map(("primaryPhoneNumber", "TEXT"), ("primaryPhoneCountryCode", "TEXT"), ("primaryPhoneCallingCode", "TEXT"), ("additionalPhones", "RAW_JSON")),
            ["LINKS"] = Map(("primaryLinkUrl", "TEXT"), ("primaryLinkLabel", "TEXT"), ("secondaryLinks", "RAW_JSON")),
            ["ADDRESS"] = Map(("addressStreet1", "TEXT"), ("addressStreet2", "TEXT"), ("addressCity", "TEXT"), ("addressState", "TEXT"),
                ("addressCountry", "TEXT"), ("addressPostcode", "TEXT"), ("addressLat", "NUMBER"), ("addressLng", "NUMBER")),
            ["CURRENCY"] = Map(("amountMicros", "NUMBER"), ("currencyCode", "TEXT")),
            ["ACTOR"] = Map(("source", "TEXT"), ("workspaceMemberId", "UUID"), ("name", "TEXT"), ("context", "RAW_JSON")),
            ["RICH_TEXT_V2"] = Map(("blocknote", "TEXT"), ("markdown", "TEXT")),
        };

    private static Dictionary<string, string> Map(params (string Key, string Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    /// <summary>Checks a filter; throws <see cref="GqlException"/> on the first problem.</summary>
    /// <param name="filter">The filter object (null means no filter).</param>
    /// <param name="objectNameSingular">The object, for type names in messages.</param>
    /// <param name="field">Looks a field up by name (null when unknown).</param>
    public static void Check(JsonNode? filter, string objectNameSingular, Func<string, GqlFieldShape?> field)
    {
        if (filter is null)
        {
            return;
        }

        var inputType = Capital(objectNameSingular) + "FilterInput";
        if (filter is not JsonObject obj)
        {
            throw new GqlException($"Expected type \"{inputType}\" to be an object.");
        }

        foreach (var (key, value) in obj)
        {
            switch (key)
            {
                case "and" or "or":
                    foreach (var item in value as JsonArray ?? [value])
                    {
                        Check(item, objectNameSingular, field);
                    }

                    break;
                case "not":
                    Check(value, objectNameSingular, field);
                    break;
                default:
                    var shape = field(key)
                        ?? throw new GqlException($"Field \"{key}\" is not defined by type \"{inputType}\".", GqlErrorCodes.ValidationFailed);
                    CheckField(shape, value, objectNameSingular);
                    break;
            }
        }
    }

    private static void CheckField(GqlFieldShape shape, JsonNode? value, string objectNameSingular)
    {
        if (CompositeSubFields.TryGetValue(shape.Type, out var subFields))
        {
            if (value is not JsonObject composite)
            {
                throw new GqlException($"Expected type \"{Capital(Pascal(shape.Type))}Filter\" to be an object.");
            }

            foreach (var (sub, subValue) in composite)
            {
                if (!subFields.TryGetValue(sub, out var subType))
                {
                    throw new GqlException($"Field \"{sub}\" is not defined by type \"{Pascal(shape.Type)}Filter\".", GqlErrorCodes.ValidationFailed);
                }

                CheckOperators(new GqlFieldShape(sub, subType), subValue, objectNameSingular);
            }

            return;
        }

        CheckOperators(shape, value, objectNameSingular);
    }

    private static void CheckOperators(GqlFieldShape shape, JsonNode? value, string objectNameSingular)
    {
        if (value is not JsonObject ops)
        {
            throw new GqlException($"Expected type \"{FilterTypeName(shape.Type)}\" to be an object.");
        }

        var allowed = AllowedOperators(shape.Type);
        foreach (var (op, operand) in ops)
        {
            if (!allowed.Contains(op))
            {
                if (shape.Type == "TEXT" && op is "regex" or "iregex")
                {
                    throw new GqlException(
                        $"Operator \"{op}\" is not valid for field \"{shape.Name}\" of type {shape.Type} - Allowed operators: {string.Join(", ", allowed)}");
                }

                throw new GqlException($"Field \"{op}\" is not defined by type \"{FilterTypeName(shape.Type)}\".", GqlErrorCodes.ValidationFailed);
            }

            if (op == "is")
            {
                if (operand is not JsonValue isValue || isValue.GetValueKind() != JsonValueKind.String
                    || isValue.GetValue<string>() is not ("NULL" or "NOT_NULL"))
                {
                    throw new GqlException($"Value {Inspect(operand)} does not exist in \"FilterIs\" enum.");
                }

                continue;
            }

            if (op == "isEmptyArray")
            {
                continue;
            }

            if (op is "in" or "containsAny")
            {
                foreach (var item in operand as JsonArray ?? [operand])
                {
                    CheckScalar(shape, item, objectNameSingular);
                }

                continue;
            }

            CheckScalar(shape, operand, objectNameSingular);
        }
    }

    /// <summary>
    /// Type-checks a create/update <c>data</c> object (<c>&lt;Object&gt;CreateInput</c> / <c>UpdateInput</c>): unknown keys,
    /// composite fields given as non-objects, and scalar coercion with the messages of PEER-CASES [graphql].
    /// </summary>
    public static void CheckData(JsonObject data, string objectNameSingular, string inputKind, Func<string, GqlFieldShape?> field)
    {
        var inputType = Capital(objectNameSingular) + inputKind + "Input";
        foreach (var (key, value) in data)
        {
            var shape = field(key)
                ?? throw new GqlException($"Field \"{key}\" is not defined by type \"{inputType}\".", GqlErrorCodes.ValidationFailed);
            if (value is null)
            {
                continue;
            }

            if (CompositeSubFields.ContainsKey(shape.Type))
            {
                if (value is not JsonObject)
                {
                    throw new GqlException($"Expected type \"{Pascal(shape.Type)}{inputKind}Input\" to be an object.");
                }

                continue;
            }

            if (shape.Type == "MULTI_SELECT" || shape.Type == "ARRAY")
            {
                foreach (var item in value as JsonArray ?? [value])
                {
                    CheckScalar(shape with { Type = shape.Type == "MULTI_SELECT" ? "MULTI_SELECT" : "TEXT" }, item, objectNameSingular);
                }

                continue;
            }

            CheckScalar(shape, value, objectNameSingular);
        }
    }

    private static void CheckScalar(GqlFieldShape shape, JsonNode? operand, string objectNameSingular)
    {
        if (operand is null)
        {
            return;
        }

        var kind = operand.GetValueKind();
        switch (shape.Type)
        {
            case "NUMBER" or "NUMERIC" or "POSITION":
                if (kind != JsonValueKind.Number)
                {
                    throw new GqlException($"Float cannot represent non numeric value: {Inspect(operand)}");
                }

                break;
            case "BOOLEAN":
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new GqlException($"Boolean cannot represent a non boolean value: {Inspect(operand)}");
                }

                break;
            case "UUID" or "RELATION":
                if (kind != JsonValueKind.String)
                {
                    throw new GqlException("UUID must be a string");
                }

                if (!Guid.TryParse(operand.GetValue<string>(), out _))
                {
                    throw new GqlException("Invalid UUID");
                }

                break;
            case "DATE_TIME" or "DATE":
                if (kind != JsonValueKind.String || !DateTimeOffset.TryParse(operand.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                {
                    var shown = kind == JsonValueKind.String ? $"'{operand.GetValue<string>()}'" : operand.ToJsonString();
                    throw new GqlException($"Invalid value {shown} for date-time field \"{shape.Name}\". Expected format: 'YYYY-MM-DDTHH:mm:ssZ'");
                }

                break;
            case "SELECT" or "MULTI_SELECT" or "RATING":
                var enumName = Capital(objectNameSingular) + Capital(shape.Name) + "Enum";
                if (kind != JsonValueKind.String)
                {
                    throw new GqlException($"Enum \"{enumName}\" cannot represent non-string value: {operand.ToJsonString()}.");
                }

                if (shape.OptionValues is not null && !shape.OptionValues.Contains(operand.GetValue<string>()))
                {
                    throw new GqlException($"Value \"{operand.GetValue<string>()}\" does not exist in \"{enumName}\" enum.");
                }

                break;
            default:
                break;
        }
    }

    private static string[] AllowedOperators(string type) => type switch
    {
        "TEXT" => TextOps,
        "NUMBER" or "NUMERIC" or "POSITION" => NumberOps,
        "DATE_TIME" or "DATE" => NumberOps,
        "UUID" or "RELATION" => UuidOps,
        "BOOLEAN" => BooleanOps,
        "SELECT" or "RATING" => SelectOps,
        "MULTI_SELECT" => MultiSelectOps,
        "ARRAY" => ArrayOps,
        "RAW_JSON" or "RICH_TEXT" => JsonOps,
        _ => TextOps,
    };

    private static string FilterTypeName(string type) => type switch
    {
        "TEXT" => "StringFilter",
        "NUMBER" or "NUMERIC" or "POSITION" => "FloatFilter",
        "DATE_TIME" => "DateTimeFilter",
        "DATE" => "DateFilter",
        "UUID" or "RELATION" => "UUIDFilter",
        "BOOLEAN" => "BooleanFilter",
        "SELECT" or "RATING" => "SelectFilter",
        "MULTI_SELECT" => "MultiSelectFilter",
        "ARRAY" => "ArrayFilter",
        "RAW_JSON" => "RawJsonFilter",
        _ => "StringFilter",
    };

    /// <summary>JavaScript-inspect style: strings double-quoted, others as JSON.</summary>
    private static string Inspect(JsonNode? node) =>
        node is null ? "null" : node.GetValueKind() == JsonValueKind.String ? $"\"{node.GetValue<string>()}\"" : node.ToJsonString();

    private static string Capital(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

    private static string Pascal(string type) =>
        string.Concat(type.Split('_').Select(p => p.Length == 0 ? p : p[0] + p[1..].ToLowerInvariant()));
}
