namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty's sort directions (REST <c>order_by</c> and GraphQL <c>orderBy</c>).</summary>
public enum TwentySortDirection
{
    /// <summary>Ascending, nulls first (Twenty's default).</summary>
    AscNullsFirst,

    /// <summary>Ascending, nulls last.</summary>
    AscNullsLast,

    /// <summary>Descending, nulls first.</summary>
    DescNullsFirst,

    /// <summary>Descending, nulls last.</summary>
    DescNullsLast,
}
