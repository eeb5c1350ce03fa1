namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty's <c>pageInfo</c> of a list answer.</summary>
/// <param name="HasNextPage">Whether more records follow <paramref name="EndCursor"/>.</param>
/// <param name="HasPreviousPage">Whether records precede <paramref name="StartCursor"/>.</param>
/// <param name="StartCursor">The cursor of the first record of the page.</param>
/// <param name="EndCursor">The cursor of the last record of the page (pass it as <c>starting_after</c>).</param>
public sealed record TwentyPageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);
