using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sodimo.Crm.Testing.Core;

namespace Sodimo.Crm.Testing.Rest;

/// <summary>
/// The REST <c>filter=</c> grammar (API-FACTS §1.4, PEER-CASES [filter]), quirks included: the implicit
/// <c>and(...)</c> is added only when the text lacks '(' or ')', there is no escape character, and
/// <c>in</c>/<c>containsAny</c> lists are split on every comma.
/// </summary>
internal static partial class RestFilterParser
{
    /// <summary>The comparators the REST parser accepts, in the order its error message lists them.</summary>
    public static readonly string[] Comparators =
        ["eq", "neq", "in", "containsAny", "containsExactly", "is", "gt", "gte", "lt", "lte", "startsWith", "endsWith", "like", "ilike"];

    [GeneratedRegex(@"^(and|or|not)\((.*)\)$", RegexOptions.Singleline)]
    private static partial Regex Conjunction();

    public static RecordFilter Parse(string filter)
    {
        CheckBrackets(filter);
        if (!(filter.Contains('(', StringComparison.Ordinal) && filter.Contains(')', StringComparison.Ordinal)))
        {
            filter = $"and({filter})";
        }

        return ParseNode(filter);
    }

    private static void CheckBrackets(string filter)
    {
        var open = filter.Count(c => c == '(');
        var close = filter.Count(c => c == ')');
        if (open != close)
        {
            var missing = open - close;
            // UNCONFIRMED wording around the count; API-FACTS §1.4 gives "N close bracket(s) is/are missing".
            var text = Math.Abs(missing) == 1 ? "bracket is" : "brackets are";
            throw EmulatorException.BadRequest(missing > 0
                ? $"'filter' invalid. {missing} close {text} missing in the query"
                : $"'filter' invalid. {-missing} open {text} missing in the query");
        }
    }

    private static RecordFilter ParseNode(string text)
    {
        var m = Conjunction().Match(text);
        if (!m.Success) return ParseLeaf(text);
        var children = SplitContent(m.Groups[2].Value).Select(ParseNode).ToList();
        switch (m.Groups[1].Value)
        {
            case "and":
                return new AndFilter(children);
            case "or":
                return new OrFilter(children);
            default:
                if (children.Count != 1)
                {
                    throw EmulatorException.BadRequest("'filter' invalid. 'not' conjunction should contain only 1 condition. eg: not(field[eq]:1)");
                }

                return new NotFilter(children[0]);
        }
    }

    /// <summary>Splits on commas outside parentheses, <c>[...]</c>, <c>"..."</c> and <c>'...'</c>.</summary>
    public static List<string> SplitContent(string content)
    {
        var parts = new List<string>();
        int depth = 0, brackets = 0, start = 0;
        char quote = '\0';
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                continue;
            }

            switch (c)
            {
                case '"' or '\'':
                    quote = c;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case '[':
                    brackets++;
                    break;
                case ']':
                    brackets = Math.Max(0, brackets - 1);
                    break;
                case ',' when depth == 0 && brackets == 0:
                    parts.Add(content[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(content[start..]);
        return parts.Where(p => p.Length > 0).ToList();
    }

    private static FieldFilter ParseLeaf(string condition)
    {
        var open = condition.IndexOf('[', StringComparison.Ordinal);
        var close = open < 0 ? -1 : condition.IndexOf(']', open);
        if (open <= 0 || close < 0 || close + 1 >= condition.Length || condition[close + 1] != ':')
        {
            throw EmulatorException.BadRequest($"'filter' invalid for '{condition}'. eg: price[gte]:10");
        }

        var field = condition[..open];
        var comparator = condition[(open + 1)..close];
        var raw = condition[(close + 2)..];
        if (Array.IndexOf(Comparators, comparator) < 0)
        {
            throw EmulatorException.BadRequest(
                $"'filter' invalid for '{condition}', comparator {comparator} not in {string.Join(", ", Comparators)}");
        }

        JsonNode? operand;
        if (comparator is "in" or "containsAny" or "containsExactly")
        {
            if (!(raw.Length >= 2 && raw[0] == '[' && raw[^1] == ']'))
            {
                throw EmulatorException.BadRequest(
                    $"'filter' invalid for '{comparator}' operator. Received '{raw}' but array value expected eg: 'field[{comparator}]:[value_1,value_2]'");
            }

            var inner = raw[1..^1];
            // Quirk kept on purpose: every comma splits, even inside quotes (no escape character exists).
            operand = new JsonArray(inner.Length == 0
                ? []
                : inner.Split(',').Select(v => (JsonNode?)JsonValue.Create(Unquote(v.Trim()))).ToArray());
        }
        else
        {
            operand = JsonValue.Create(comparator == "is" ? raw : Unquote(raw));
        }

        return new FieldFilter(field.Split('.'), comparator, operand);
    }

    /// <summary>Strips one pair of matching surrounding quotes.</summary>
    public static string Unquote(string v) =>
        v.Length >= 2 && (v[0] == '"' || v[0] == '\'') && v[^1] == v[0] ? v[1..^1] : v;
}
