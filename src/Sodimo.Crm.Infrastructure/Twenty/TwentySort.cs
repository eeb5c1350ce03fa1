using System.Text.RegularExpressions;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>One key of a REST <c>order_by</c>: a field path and a direction, written <c>field[Direction]</c>.</summary>
public sealed partial record TwentySort
{
    /// <summary>Creates a sort key.</summary>
    /// <param name="field">A Twenty field path (<c>createdAt</c>, <c>name.firstName</c>).</param>
    /// <param name="direction">The direction.</param>
    /// <exception cref="ArgumentException">Not a field path, or not a direction.</exception>
    public TwentySort(string field, TwentySortDirection direction = TwentySortDirection.AscNullsFirst)
    {
        if (field is null || !FieldPath().IsMatch(field))
            throw new ArgumentException($"\"{field}\" is not a Twenty field path.", nameof(field));
        if (!Enum.IsDefined(direction))
            throw new ArgumentException($"{direction} is not a sort direction.", nameof(direction));
        Field = field;
        Direction = direction;
    }

    /// <summary>The field path.</summary>
    public string Field { get; }

    /// <summary>The direction.</summary>
    public TwentySortDirection Direction { get; }

    /// <summary>The key as Twenty's <c>order_by</c> writes it.</summary>
    /// <returns><c>field[Direction]</c>.</returns>
    public override string ToString() => $"{Field}[{Direction}]";

    /// <summary>Joins sort keys into an <c>order_by</c> value.</summary>
    /// <param name="sorts">The keys in priority order.</param>
    /// <returns>The value, or <see langword="null"/> when there is no key.</returns>
    public static string? ToOrderBy(IEnumerable<TwentySort>? sorts)
    {
        var keys = sorts?.Select(s => s.ToString()).ToArray();
        return keys is { Length: > 0 } ? string.Join(',', keys) : null;
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]{0,62}(\\.[a-z][a-zA-Z0-9]{0,62})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPath();
}
