using System.Text.RegularExpressions;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// A Twenty REST <c>filter</c> built from typed parts only: field paths checked against Twenty's naming rules and
/// values made by <see cref="TwentyFilterValue"/>'s factories. Nothing a caller typed can add a predicate.
/// <c>TwentyFilter.And(TwentyFilter.Eq("clientCode", TwentyFilterValue.ClientCode("C100007")), TwentyFilter.IsNull("deletedAt"))</c>
/// is written <c>and(clientCode[eq]:C100007,deletedAt[is]:NULL)</c>.
/// </summary>
public sealed partial class TwentyFilter
{
    private readonly string _text;

    private TwentyFilter(string text) => _text = text;

    /// <summary><c>field[eq]:value</c>.</summary>
    /// <param name="field">A Twenty field path (<c>clientCode</c>, <c>emails.primaryEmail</c>).</param>
    /// <param name="value">A typed value.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter Eq(string field, TwentyFilterValue value) => Leaf(field, "eq", value);

    /// <summary><c>field[neq]:value</c>.</summary>
    /// <param name="field">A Twenty field path.</param>
    /// <param name="value">A typed value.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter Neq(string field, TwentyFilterValue value) => Leaf(field, "neq", value);

    /// <summary><c>field[gt]:value</c>.</summary>
    /// <param name="field">A Twenty field path.</param>
    /// <param name="value">A typed value.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter Gt(string field, TwentyFilterValue value) => Leaf(field, "gt", value);

    /// <summary><c>field[gte]:value</c>.</summary>
    /// <param name="field">A Twenty field path.</param>
    /// <param name="value">A typed value.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter Gte(string field, TwentyFilterValue value) => Leaf(field, "gte", value);

    /// <summary><c>field[lt]:value</c>.</summary>
    /// <param name="field">A Twenty field path.</param>
    /// <param name="value">A typed value.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter Lt(string field, TwentyFilterValue value) => Leaf(field, "lt", value);

    /// <summary><c>field[lte]:value</c>.</summary>
    /// <param name="field">A Twenty field path.</param>
    /// <param name="value">A typed value.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter Lte(string field, TwentyFilterValue value) => Leaf(field, "lte", value);

    /// <summary><c>field[in]:[v1,v2,…]</c>.</summary>
    /// <param name="field">A Twenty field path.</param>
    /// <param name="values">One or more typed values.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException">No value.</exception>
    public static TwentyFilter In(string field, IEnumerable<TwentyFilterValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.Select(v => v.Text ?? throw new ArgumentException("A default TwentyFilterValue is not a value.", nameof(values))).ToArray();
        if (list.Length == 0)
            throw new ArgumentException("'in' needs at least one value.", nameof(values));
        return new TwentyFilter($"{CheckField(field)}[in]:[{string.Join(',', list)}]");
    }

    /// <summary><c>field[is]:NULL</c>.</summary>
    /// <param name="field">A Twenty field path.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter IsNull(string field) => new($"{CheckField(field)}[is]:NULL");

    /// <summary><c>field[is]:NOT_NULL</c>.</summary>
    /// <param name="field">A Twenty field path.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter IsNotNull(string field) => new($"{CheckField(field)}[is]:NOT_NULL");

    /// <summary><c>and(…)</c> of one or more filters.</summary>
    /// <param name="filters">The conditions.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter And(params IEnumerable<TwentyFilter> filters) => Conjunction("and", filters);

    /// <summary><c>or(…)</c> of one or more filters.</summary>
    /// <param name="filters">The conditions.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter Or(params IEnumerable<TwentyFilter> filters) => Conjunction("or", filters);

    /// <summary><c>not(…)</c> of one filter.</summary>
    /// <param name="filter">The condition.</param>
    /// <returns>The filter.</returns>
    public static TwentyFilter Not(TwentyFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new TwentyFilter($"not({filter._text})");
    }

    /// <summary>The filter as Twenty's REST grammar writes it (the value of the <c>filter</c> query parameter).</summary>
    /// <returns>The filter string.</returns>
    public override string ToString() => _text;

    private static TwentyFilter Leaf(string field, string comparator, TwentyFilterValue value)
    {
        if (value.Text is null)
            throw new ArgumentException("A default TwentyFilterValue is not a value: make one with its factories.", nameof(value));
        return new TwentyFilter($"{CheckField(field)}[{comparator}]:{value.Text}");
    }

    private static TwentyFilter Conjunction(string name, IEnumerable<TwentyFilter> filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var parts = filters.Select(f => f?._text ?? throw new ArgumentException("A filter cannot be null.", nameof(filters))).ToArray();
        if (parts.Length == 0)
            throw new ArgumentException($"'{name}' needs at least one condition.", nameof(filters));
        return new TwentyFilter($"{name}({string.Join(',', parts)})");
    }

    private static string CheckField(string field)
    {
        if (field is null || field.Length > 200 || !FieldPath().IsMatch(field))
            throw new ArgumentException($"\"{field}\" is not a Twenty field path (camelCase names joined by dots, e.g. emails.primaryEmail).", nameof(field));
        return field;
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]{0,62}(\\.[a-z][a-zA-Z0-9]{0,62})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPath();
}
