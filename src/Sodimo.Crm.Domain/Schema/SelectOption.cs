using System.Globalization;

namespace Sodimo.Crm.Domain.Schema;

/// <summary>One option of a SELECT or MULTI_SELECT field.</summary>
/// <param name="Value">Twenty's option value: UPPER_SNAKE_CASE, stable, what the API reads and writes.</param>
/// <param name="Label">What people see in Twenty (no comma: Twenty refuses it).</param>
/// <param name="Color">The option's colour in Twenty.</param>
/// <param name="Position">Zero-based order of the option in the field (kanban column order).</param>
/// <param name="SourceValue">The value Sodiwin's dump carries for this option, when the field comes from Sodiwin.</param>
public sealed record SelectOption(string Value, string Label, TwentyColor Color, int Position, string? SourceValue = null)
{
    /// <summary>The colour's wire name (<c>green</c>, <c>yellow</c>, …).</summary>
    public string ColorApiName => Color.ToString().ToLower(CultureInfo.InvariantCulture);
}
