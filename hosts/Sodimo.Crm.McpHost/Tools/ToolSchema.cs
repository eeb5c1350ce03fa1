using System.Buffers;
using System.Text.Json;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary>Writes a tool's input schema (JSON Schema 2020-12) from its <see cref="ToolParameter"/> list.</summary>
internal static class ToolSchema
{
    /// <summary>The input schema: an object with the given properties and no others.</summary>
    /// <param name="parameters">The tool's arguments.</param>
    /// <returns>The schema as a detached <see cref="JsonElement"/>.</returns>
    public static JsonElement ForInput(IReadOnlyList<ToolParameter> parameters)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            foreach (var p in parameters)
            {
                w.WriteStartObject(p.Name);
                WriteParameter(w, p);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            var required = parameters.Where(p => p.Required).ToArray();
            if (required.Length > 0)
            {
                w.WriteStartArray("required");
                foreach (var p in required)
                {
                    w.WriteStringValue(p.Name);
                }

                w.WriteEndArray();
            }

            w.WriteBoolean("additionalProperties", false);
            w.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    private static void WriteParameter(Utf8JsonWriter w, ToolParameter p)
    {
        switch (p.Kind)
        {
            case ParameterKind.String:
                w.WriteString("type", "string");
                WriteStringConstraints(w, p);
                break;
            case ParameterKind.Integer:
                w.WriteString("type", "integer");
                if (p.Minimum is { } min)
                {
                    w.WriteNumber("minimum", min);
                }

                if (p.Maximum is { } max)
                {
                    w.WriteNumber("maximum", max);
                }

                break;
            case ParameterKind.Boolean:
                w.WriteString("type", "boolean");
                break;
            case ParameterKind.StringArray:
                w.WriteString("type", "array");
                w.WriteStartObject("items");
                w.WriteString("type", "string");
                WriteStringConstraints(w, p);
                w.WriteEndObject();
                w.WriteNumber("minItems", 1);
                w.WriteNumber("maxItems", p.MaxItems);
                w.WriteBoolean("uniqueItems", true);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(p), p.Kind, "Unknown parameter kind.");
        }

        w.WriteString("description", p.Description);
        switch (p.Default)
        {
            case null:
                break;
            case string s:
                w.WriteString("default", s);
                break;
            case int i:
                w.WriteNumber("default", i);
                break;
            case bool b:
                w.WriteBoolean("default", b);
                break;
            default:
                throw new ArgumentException($"Unsupported default for {p.Name}.", nameof(p));
        }
    }

    private static void WriteStringConstraints(Utf8JsonWriter w, ToolParameter p)
    {
        if (p.Enum is { } values)
        {
            w.WriteStartArray("enum");
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
            return;
        }

        if (p.Format is { } format)
        {
            w.WriteString("format", format);
        }

        if (p.Pattern is { } pattern)
        {
            w.WriteString("pattern", pattern);
        }

        w.WriteNumber("minLength", p.MinLength);
        w.WriteNumber("maxLength", p.MaxLength);
    }
}
