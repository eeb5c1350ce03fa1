using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary>
/// Checks a call's arguments against the tool's <see cref="ToolParameter"/> list: types, unknown names, lengths,
/// formats, enums and ranges. Runs before anything reaches the SDK, so a bad argument never becomes a Twenty call.
/// </summary>
internal static partial class ArgumentValidator
{
    private const int MaxProblems = 8;

    /// <summary>Validates the arguments.</summary>
    /// <param name="parameters">The tool's parameters.</param>
    /// <param name="arguments">The arguments as received (may be <see langword="null"/>).</param>
    /// <param name="problems">What is wrong, one sentence each, when validation fails.</param>
    /// <returns>The typed arguments, or <see langword="null"/> when at least one problem was found.</returns>
    public static ToolArguments? Validate(
        IReadOnlyList<ToolParameter> parameters, IDictionary<string, JsonElement>? arguments, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        arguments ??= new Dictionary<string, JsonElement>();

        foreach (var name in arguments.Keys)
        {
            if (!parameters.Any(p => p.Name == name))
            {
                found.Add($"Unknown argument \"{Shorten(name)}\"; this tool accepts only: {string.Join(", ", parameters.Select(p => p.Name))}.");
            }
        }

        foreach (var p in parameters)
        {
            if (!arguments.TryGetValue(p.Name, out var element) || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                if (p.Required)
                {
                    found.Add($"\"{p.Name}\" is required: {p.Description}");
                }
                else if (p.Default is { } d)
                {
                    values[p.Name] = d;
                }

                continue;
            }

            var error = ReadValue(p, element, out var value);
            if (error is not null)
            {
                found.Add(error);
            }
            else
            {
                values[p.Name] = value!;
            }
        }

        problems = found.Count > MaxProblems ? [.. found.Take(MaxProblems), $"…and {found.Count - MaxProblems} more problems."] : found;
        return found.Count == 0 ? new ToolArguments(values) : null;
    }

    private static string? ReadValue(ToolParameter p, JsonElement e, out object? value)
    {
        value = null;
        switch (p.Kind)
        {
            case ParameterKind.String:
                if (e.ValueKind != JsonValueKind.String)
                {
                    return $"\"{p.Name}\" must be a string, not {Describe(e)}.";
                }

                if (!TryGetString(e, out var raw))
                {
                    return $"\"{p.Name}\" holds an invalid (unpaired) UTF-16 surrogate.";
                }

                var error = ReadString(p, p.Name, raw, out var s);
                value = s;
                return error;

            case ParameterKind.Integer:
                if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var l))
                {
                    return $"\"{p.Name}\" must be a whole number, not {Describe(e)}.";
                }

                if ((p.Minimum is { } min && l < min) || (p.Maximum is { } max && l > max))
                {
                    return $"\"{p.Name}\" must be between {p.Minimum} and {p.Maximum}; got {l}.";
                }

                value = (int)l;
                return null;

            case ParameterKind.Boolean:
                if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return $"\"{p.Name}\" must be true or false, not {Describe(e)}.";
                }

                value = e.GetBoolean();
                return null;

            case ParameterKind.StringArray:
                if (e.ValueKind != JsonValueKind.Array)
                {
                    return $"\"{p.Name}\" must be an array of strings, not {Describe(e)}.";
                }

                var count = e.GetArrayLength();
                if (count == 0 || count > p.MaxItems)
                {
                    return $"\"{p.Name}\" must hold between 1 and {p.MaxItems} items; got {count}.";
                }

                var items = new List<string>(count);
                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        return $"Every item of \"{p.Name}\" must be a string, not {Describe(item)}.";
                    }

                    if (!TryGetString(item, out var rawItem))
                    {
                        return $"\"{p.Name}[]\" holds an invalid (unpaired) UTF-16 surrogate.";
                    }

                    var itemError = ReadString(p, p.Name + "[]", rawItem, out var itemValue);
                    if (itemError is not null)
                    {
                        return itemError;
                    }

                    if (!items.Contains(itemValue!, StringComparer.Ordinal))
                    {
                        items.Add(itemValue!);
                    }
                }

                value = items.ToArray();
                return null;

            default:
                throw new ArgumentOutOfRangeException(nameof(p), p.Kind, "Unknown parameter kind.");
        }
    }

    private static string? ReadString(ToolParameter p, string label, string raw, out string? value)
    {
        value = null;
        if (raw.Length > p.MaxLength)
        {
            return $"\"{label}\" is too long: {raw.Length} characters, at most {p.MaxLength}.";
        }

        var s = raw.Trim();
        if (s.Length < p.MinLength)
        {
            return s.Length == 0
                ? $"\"{label}\" must not be empty or blank."
                : $"\"{label}\" is too short: {s.Length} characters, at least {p.MinLength}.";
        }

        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return $"\"{label}\" holds an invalid (unpaired) UTF-16 surrogate at position {i}.";
            }

            if (c is '\n' or '\r' or '\t' ? !p.Multiline : char.IsControl(c))
            {
                return p.Multiline
                    ? $"\"{label}\" holds a control character (U+{(int)c:X4}) at position {i}."
                    : $"\"{label}\" must be a single line: it holds a control character (U+{(int)c:X4}) at position {i}.";
            }

            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return $"\"{label}\" holds a bidirectional-override character (U+{(int)c:X4}) at position {i}; remove it.";
            }
        }

        if (p.Enum is { } allowed)
        {
            var match = allowed.FirstOrDefault(a => string.Equals(a, s, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return $"\"{label}\" must be one of: {string.Join(", ", allowed.Select(a => "\"" + a + "\""))}; got \"{Shorten(s)}\".";
            }

            value = match;
            return null;
        }

        if (p.Format is { } format)
        {
            var formatError = CheckFormat(label, format, s, out s);
            if (formatError is not null)
            {
                return formatError;
            }
        }

        if (p.Pattern is { } pattern && !Regex.IsMatch(s, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))
        {
            return $"\"{label}\" has characters or a shape it may not have (allowed: {pattern}); got \"{Shorten(s)}\".";
        }

        value = s;
        return null;
    }

    private static string? CheckFormat(string label, string format, string s, out string normalised)
    {
        normalised = s;
        switch (format)
        {
            case "uuid":
                if (!System.Guid.TryParseExact(s, "D", out var id))
                {
                    return $"\"{label}\" must be a record id (a UUID such as 3f2c1d7e-0b6a-4c55-9d1e-2a7b8c9d0e1f); got \"{Shorten(s)}\".";
                }

                if (id == System.Guid.Empty)
                {
                    return $"\"{label}\" is the nil UUID, which is never a record id.";
                }

                normalised = id.ToString("D");
                return null;

            case "email":
                if (s.Length > 254 || !EmailRegex().IsMatch(s))
                {
                    return $"\"{label}\" must be a plain e-mail address such as name@example.fr (ASCII letters, digits and . _ + - only); got \"{Shorten(s)}\".";
                }

                normalised = s.ToLowerInvariant();
                return null;

            case "date-time":
                if (!DateTimeRegex().IsMatch(s)
                    || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto)
                    || dto.Year is < 1900 or > 2200)
                {
                    return $"\"{label}\" must be an ISO 8601 date-time with a time zone between 1900 and 2200, such as 2026-05-04T09:30:00Z; got \"{Shorten(s)}\".";
                }

                normalised = dto.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                return null;

            case "date":
                if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    || date.Year is < 1900 or > 2200)
                {
                    return $"\"{label}\" must be a date such as 2026-05-04; got \"{Shorten(s)}\".";
                }

                return null;

            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format.");
        }
    }

    private static bool TryGetString(JsonElement e, out string value)
    {
        try
        {
            value = e.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate (\uD800) cannot be turned into a string.
            value = string.Empty;
            return false;
        }
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Shorten(string s) => s.Length <= 60 ? s : string.Concat(s.AsSpan(0, 57), "…");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+\-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+\-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeRegex();
}
