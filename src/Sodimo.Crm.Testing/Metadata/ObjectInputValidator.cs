using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Metadata;

/// <summary>
/// Validates object metadata inputs (createOneObject / POST /rest/metadata/objects) with the messages of the
/// v1 object snapshot in PEER-CASES [metadata] (names in camelCase, ≤ 63 characters, not reserved; labels
/// non-empty; singular and plural different).
/// </summary>
internal static class ObjectInputValidator
{
    /// <summary>
    /// The validation messages for a create input (empty when valid). <paramref name="takenNames"/> are the
    /// singular and plural names of the existing objects.
    /// </summary>
    public static IReadOnlyList<string> ValidateCreate(JsonObject input, IEnumerable<string> takenNames)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<string>();
        var labelSingular = Str(input["labelSingular"]);
        var labelPlural = Str(input["labelPlural"]);
        foreach (var label in new[] { labelSingular, labelPlural })
        {
            if (string.IsNullOrEmpty(label?.Trim()))
            {
                errors.Add($"Input is too short: \"{label}\"");
            }
        }

        var nameSingular = Str(input["nameSingular"]);
        var namePlural = Str(input["namePlural"]);
        errors.AddRange(MetadataNames.Validate(nameSingular));
        errors.AddRange(MetadataNames.Validate(namePlural));

        if (!string.IsNullOrEmpty(labelSingular?.Trim())
            && string.Equals(labelSingular.Trim(), labelPlural?.Trim(), StringComparison.Ordinal))
        {
            errors.Add("The singular and plural labels cannot be the same for an object");
        }

        if (!string.IsNullOrEmpty(nameSingular) && string.Equals(nameSingular.Trim(), namePlural?.Trim(), StringComparison.Ordinal))
        {
            errors.Add("The singular and plural names cannot be the same for an object");
        }

        var taken = takenNames.ToHashSet(StringComparer.Ordinal);
        foreach (var name in new[] { nameSingular, namePlural })
        {
            if (!string.IsNullOrEmpty(name) && taken.Contains(name))
            {
                errors.Add($"The name \"{name}\" is not available");
            }
        }

        return errors.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
