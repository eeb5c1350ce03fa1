namespace Sodimo.Crm.Domain.Schema;

/// <summary>Converts <see cref="TwentyFieldType"/> to and from Twenty's wire names (API-FACTS §6.3).</summary>
public static class TwentyFieldTypeNames
{
    private static readonly Dictionary<TwentyFieldType, string> Names = new()
    {
        [TwentyFieldType.Text] = "TEXT",
        [TwentyFieldType.Number] = "NUMBER",
        [TwentyFieldType.Currency] = "CURRENCY",
        [TwentyFieldType.Date] = "DATE",
        [TwentyFieldType.DateTime] = "DATE_TIME",
        [TwentyFieldType.Boolean] = "BOOLEAN",
        [TwentyFieldType.Select] = "SELECT",
        [TwentyFieldType.MultiSelect] = "MULTI_SELECT",
        [TwentyFieldType.Array] = "ARRAY",
        [TwentyFieldType.Address] = "ADDRESS",
        [TwentyFieldType.FullName] = "FULL_NAME",
        [TwentyFieldType.Emails] = "EMAILS",
        [TwentyFieldType.Phones] = "PHONES",
        [TwentyFieldType.Links] = "LINKS",
        [TwentyFieldType.Relation] = "RELATION",
    };

    /// <summary>The wire name of <paramref name="type"/>, e.g. <c>DATE_TIME</c>.</summary>
    /// <param name="type">The field type.</param>
    /// <returns>Twenty's spelling of the type.</returns>
    public static string ToApiName(this TwentyFieldType type) =>
        Names.TryGetValue(type, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(type), type, null);

    /// <summary>Parses a wire name (exact, upper case) into a <see cref="TwentyFieldType"/>.</summary>
    /// <param name="apiName">Twenty's spelling, e.g. <c>MULTI_SELECT</c>.</param>
    /// <param name="type">The parsed type when the name is one Sodimo uses.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParse(string? apiName, out TwentyFieldType type)
    {
        foreach (var (key, value) in Names)
        {
            if (string.Equals(value, apiName, StringComparison.Ordinal))
            {
                type = key;
                return true;
            }
        }

        type = default;
        return false;
    }
}
