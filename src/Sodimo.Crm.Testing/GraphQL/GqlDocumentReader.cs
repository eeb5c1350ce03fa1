using System.Globalization;
using System.Text.Json.Nodes;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>
/// Turns a GraphQL request (<c>query</c>, <c>variables</c>, <c>operationName</c>) into a <see cref="GqlOperation"/>:
/// picks the operation, expands fragment spreads and inline fragments, applies <c>@skip</c>/<c>@include</c>
/// and substitutes variables into arguments (argument values become JSON).
/// </summary>
internal static class GqlDocumentReader
{
    /// <summary>Parses a request body of the form <c>{ "query", "variables"?, "operationName"? }</c>.</summary>
    public static GqlOperation ReadRequest(JsonNode? body)
    {
        if (body is not JsonObject request || request["query"] is not JsonValue queryValue
            || !queryValue.TryGetValue<string>(out var query))
        {
            throw new GqlException("Must provide query string.", GqlErrorCodes.BadUserInput);
        }

        var variables = request["variables"] as JsonObject;
        var operationName = request["operationName"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var n) ? n : null;
        return Read(query, variables, operationName);
    }

    /// <summary>Parses a document and selects an operation.</summary>
    public static GqlOperation Read(string query, JsonObject? variables, string? operationName = null)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query);
        }
        catch (GraphQLParserException ex)
        {
            throw new GqlException("Syntax Error: " + ex.Description, GqlErrorCodes.ParseFailed);
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .ToDictionary(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal);

        GraphQLOperationDefinition operation;
        if (operationName is not null)
        {
            operation = operations.FirstOrDefault(o => o.Name is not null && o.Name.StringValue == operationName)
                ?? throw new GqlException($"Unknown operation named \"{operationName}\".", GqlErrorCodes.BadUserInput);
        }
        else if (operations.Count == 1)
        {
            operation = operations[0];
        }
        else if (operations.Count == 0)
        {
            throw new GqlException("Must provide an operation.", GqlErrorCodes.BadUserInput);
        }
        else
        {
            throw new GqlException("Must provide operation name if query contains multiple operations.", GqlErrorCodes.BadUserInput);
        }

        if (operation.Operation == OperationType.Subscription)
        {
            throw new GqlException("Subscriptions are not supported by the emulator.", GqlErrorCodes.BadUserInput);
        }

        var scope = new Scope(ResolveVariables(operation, variables ?? []), fragments);
        var fields = ReadSelectionSet(operation.SelectionSet, scope, depth: 0);
        return new GqlOperation(operation.Operation == OperationType.Mutation, operation.Name?.StringValue, fields);
    }

    private sealed record Scope(JsonObject Variables, Dictionary<string, GraphQLFragmentDefinition> Fragments);

    private static JsonObject ResolveVariables(GraphQLOperationDefinition operation, JsonObject given)
    {
        var resolved = new JsonObject();
        foreach (var definition in operation.Variables?.Items ?? [])
        {
            var name = definition.Variable.Name.StringValue;
            if (given.TryGetPropertyValue(name, out var value))
            {
                resolved[name] = value?.DeepClone();
            }
            else if (definition.DefaultValue is not null)
            {
                resolved[name] = ToJson(definition.DefaultValue, new Scope([], []));
            }
            else if (definition.Type is GraphQLNonNullType)
            {
                throw new GqlException(
                    $"Variable \"${name}\" of required type \"{TypeName(definition.Type)}\" was not provided.",
                    GqlErrorCodes.BadUserInput);
            }
        }

        return resolved;
    }

    private static string TypeName(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => TypeName(nonNull.Type) + "!",
        GraphQLListType list => "[" + TypeName(list.Type) + "]",
        GraphQLNamedType named => named.Name.StringValue,
        _ => "?",
    };

    private static List<GqlSelection> ReadSelectionSet(GraphQLSelectionSet? set, Scope scope, int depth)
    {
        var result = new List<GqlSelection>();
        if (set is null)
        {
            return result;
        }

        if (depth > 64)
        {
            throw new GqlException("Query is nested too deeply.", GqlErrorCodes.BadUserInput);
        }

        foreach (var node in set.Selections)
        {
            switch (node)
            {
                case GraphQLField field when Included(field.Directives, scope):
                    var responseKey = field.Alias?.Name.StringValue ?? field.Name.StringValue;
                    var arguments = new JsonObject();
                    foreach (var argument in field.Arguments?.Items ?? [])
                    {
                        arguments[argument.Name.StringValue] = ToJson(argument.Value, scope);
                    }

                    var children = ReadSelectionSet(field.SelectionSet, scope, depth + 1);
                    var existing = result.FindIndex(s => s.ResponseKey == responseKey);
                    if (existing >= 0)
                    {
                        // Same response key twice: merge the sub-selections (GraphQL field merging).
                        var merged = result[existing].Selections.Concat(children).ToList();
                        result[existing] = result[existing] with { Selections = merged };
                    }
                    else
                    {
                        result.Add(new GqlSelection(field.Name.StringValue, responseKey, arguments, children));
                    }

                    break;
                case GraphQLFragmentSpread spread when Included(spread.Directives, scope):
                    var name = spread.FragmentName.Name.StringValue;
                    if (!scope.Fragments.TryGetValue(name, out var fragment))
                    {
                        throw new GqlException($"Unknown fragment \"{name}\".", GqlErrorCodes.ValidationFailed);
                    }

                    MergeInto(result, ReadSelectionSet(fragment.SelectionSet, scope, depth + 1));
                    break;
                case GraphQLInlineFragment inline when Included(inline.Directives, scope):
                    MergeInto(result, ReadSelectionSet(inline.SelectionSet, scope, depth + 1));
                    break;
                default:
                    break;
            }
        }

        return result;
    }

    private static void MergeInto(List<GqlSelection> target, List<GqlSelection> source)
    {
        foreach (var selection in source)
        {
            var existing = target.FindIndex(s => s.ResponseKey == selection.ResponseKey);
            if (existing >= 0)
            {
                var merged = target[existing].Selections.Concat(selection.Selections).ToList();
                target[existing] = target[existing] with { Selections = merged };
            }
            else
            {
                target.Add(selection);
            }
        }
    }

    private static bool Included(GraphQLDirectives? directives, Scope scope)
    {
        foreach (var directive in directives?.Items ?? [])
        {
            var name = directive.Name.StringValue;
            if (name is not ("skip" or "include"))
            {
                continue;
            }

            var argument = directive.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "if");
            var condition = argument is not null && ToJson(argument.Value, scope) is JsonValue v
                && v.TryGetValue<bool>(out var b) && b;
            if ((name == "skip" && condition) || (name == "include" && !condition))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Converts an AST value to JSON, substituting variables.</summary>
    private static JsonNode? ToJson(GraphQLValue value, Scope scope)
    {
        switch (value)
        {
            case GraphQLVariable variable:
                return scope.Variables.TryGetPropertyValue(variable.Name.StringValue, out var v) ? v?.DeepClone() : null;
            case GraphQLNullValue:
                return null;
            case GraphQLBooleanValue boolean:
                return JsonValue.Create(boolean.BoolValue);
            case GraphQLIntValue integer:
                var text = integer.Value.ToString();
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
                    ? JsonValue.Create(l)
                    : JsonValue.Create(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case GraphQLFloatValue number:
                return JsonValue.Create(double.Parse(number.Value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture));
            case GraphQLStringValue str:
                return JsonValue.Create(str.Value.ToString());
            case GraphQLEnumValue enumValue:
                return JsonValue.Create(enumValue.Name.StringValue);
            case GraphQLListValue list:
                var array = new JsonArray();
                foreach (var item in list.Values ?? [])
                {
                    array.Add(ToJson(item, scope));
                }

                return array;
            case GraphQLObjectValue obj:
                var result = new JsonObject();
                foreach (var field in obj.Fields ?? [])
                {
                    result[field.Name.StringValue] = ToJson(field.Value, scope);
                }

                return result;
            default:
                throw new GqlException("Unsupported value in document.", GqlErrorCodes.BadUserInput);
        }
    }
}
