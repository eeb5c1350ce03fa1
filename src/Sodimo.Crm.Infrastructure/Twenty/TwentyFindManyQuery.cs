namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>The query of a REST list call (<c>GET /rest/{plural}</c>).</summary>
public sealed record TwentyFindManyQuery
{
    /// <summary>The typed filter; none lists everything.</summary>
    public TwentyFilter? Filter { get; init; }

    /// <summary>The sort keys, in priority order (Twenty appends an <c>id</c> tie-breaker).</summary>
    public IReadOnlyList<TwentySort>? OrderBy { get; init; }

    /// <summary>Records per page, 1 to 200; <see langword="null"/> uses <see cref="SodimoTwentyOptions.PageSize"/>.</summary>
    public int? Limit { get; init; }

    /// <summary>The cursor to continue after (a previous page's <see cref="TwentyPageInfo.EndCursor"/>).</summary>
    public string? StartingAfter { get; init; }

    /// <summary>The cursor to page backwards from.</summary>
    public string? EndingBefore { get; init; }

    /// <summary>Relation depth: 0 (join columns only) or 1 (related records embedded); <see langword="null"/> is Twenty's default, 0.</summary>
    public int? Depth { get; init; }
}
