using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sodimo.Crm.Testing.Metadata;

/// <summary>
/// Twenty's API-name rules (API-FACTS §6.2): names computed from labels, and the checks the metadata API
/// applies to <c>name</c>, <c>nameSingular</c> and <c>namePlural</c>.
/// </summary>
internal static partial class MetadataNames
{
    /// <summary>Maximum length of a metadata name (Postgres identifier limit).</summary>
    public const int MaxLength = 63;

    // 'user'/'users' are confirmed by Twenty's tests; the rest mirror names Twenty keeps for itself (UNCONFIRMED list).
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "user", "users", "event", "events", "field", "fields", "link", "links", "currency", "currencies",
        "fullName", "fullNames", "address", "addresses", "type", "types", "object", "objects", "index", "relation",
        "relations", "workspace", "workspaces", "apiKey", "apiKeys", "webhook", "webhooks", "metadata",
    };

    /// <summary>Whether a name is reserved by Twenty.</summary>
    public static bool IsReserved(string name) => Reserved.Contains(name);

    /// <summary>
    /// Computes the API name of a label: transliterated, split into words, camelCased; a leading digit gets an
    /// <c>n</c> prefix and a reserved result gets a <c>Custom</c> suffix ("Lead Source" → <c>leadSource</c>,
    /// "2nd email" → <c>n2ndEmail</c>).
    /// </summary>
    public static string ComputeFromLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var ascii = new StringBuilder();
        foreach (var c in label.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            ascii.Append(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' ? c : ' ');
        }

        var words = new List<string>();
        foreach (var chunk in ascii.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            words.AddRange(WordBoundary().Split(chunk).Where(w => w.Length > 0));
        }

        var name = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            var lower = words[i].ToLowerInvariant();
            name.Append(i == 0 ? lower : char.ToUpperInvariant(lower[0]) + lower[1..]);
        }

        var result = name.ToString();
        if (result.Length > 0 && char.IsAsciiDigit(result[0]))
        {
            result = "n" + result;
        }

        return IsReserved(result) ? result + "Custom" : result;
    }

    /// <summary>
    /// The validation messages for a metadata name (empty when valid), as Twenty words them.
    /// </summary>
    public static IReadOnlyList<string> Validate(string? name)
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add($"Input is too short: \"{name}\"");
            return errors;
        }

        if (name.Length > MaxLength)
        {
            errors.Add($"Name is too long: it exceeds the {MaxLength} characters limit.");
        }

        if (!AsciiAlphanumeric().IsMatch(name.Replace("_", string.Empty, StringComparison.Ordinal)))
        {
            errors.Add($"String \"{name}\" is not valid: must start with lowercase letter and contain only alphanumeric letters");
        }
        else if (!CamelCase().IsMatch(name))
        {
            errors.Add($"{name} should be in camelCase");
        }

        if (IsReserved(name))
        {
            errors.Add($"The name \"{name}\" is not available");
        }

        return errors;
    }

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordBoundary();

    [GeneratedRegex("^[a-zA-Z0-9]*$")]
    private static partial Regex AsciiAlphanumeric();

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();
}
