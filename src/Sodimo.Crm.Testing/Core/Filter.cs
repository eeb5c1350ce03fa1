using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Core;

/// <summary>A record filter, the common form of REST <c>filter=</c> and GraphQL <c>filter:</c> (API-FACTS §1.4, §5).</summary>
internal abstract record RecordFilter;

/// <summary>All children must hold. An empty list holds for every record.</summary>
internal sealed record AndFilter(IReadOnlyList<RecordFilter> Children) : RecordFilter;

/// <summary>At least one child must hold. An empty list holds for no record.</summary>
internal sealed record OrFilter(IReadOnlyList<RecordFilter> Children) : RecordFilter;

internal sealed record NotFilter(RecordFilter Child) : RecordFilter;

/// <summary>
/// A leaf: <paramref name="Path"/> is a field name, optionally followed by a composite sub-field or, for a
/// MANY_TO_ONE relation, a field of the related record. <paramref name="Operand"/> is a JSON value; strings are
/// coerced to the field's type when compared (REST sends every value as text).
/// </summary>
internal sealed record FieldFilter(IReadOnlyList<string> Path, string Operator, JsonNode? Operand) : RecordFilter
{
    public string PathText => string.Join('.', Path);
}

/// <summary>Sort direction names exactly as Twenty spells them.</summary>
internal static class OrderDirection
{
    public const string AscNullsFirst = "AscNullsFirst";
    public const string AscNullsLast = "AscNullsLast";
    public const string DescNullsFirst = "DescNullsFirst";
    public const string DescNullsLast = "DescNullsLast";

    public static readonly string[] All = [AscNullsFirst, AscNullsLast, DescNullsFirst, DescNullsLast];

    public static bool IsValid(string s) => Array.IndexOf(All, s) >= 0;
}

/// <summary>One order-by item: a field (or <c>field.subField</c>) and a direction.</summary>
internal sealed record OrderBy(IReadOnlyList<string> Path, string Direction)
{
    public bool Descending => Direction.StartsWith("Desc", StringComparison.Ordinal);
    public bool NullsFirst => Direction.EndsWith("NullsFirst", StringComparison.Ordinal);
}

/// <summary>A find-many query against the record store.</summary>
internal sealed class RecordQuery
{
    public RecordFilter? Filter { get; init; }
    /// <summary>Order items; an <c>id</c> ascending tie-breaker is appended by the store if missing.</summary>
    public IReadOnlyList<OrderBy> OrderBy { get; init; } = [];
    /// <summary>Forward pagination: records strictly after this cursor.</summary>
    public string? After { get; init; }
    /// <summary>Backward pagination: records strictly before this cursor.</summary>
    public string? Before { get; init; }
    /// <summary>Page size for forward paging (<c>first</c>).</summary>
    public int? First { get; init; }
    /// <summary>Page size for backward paging (<c>last</c>).</summary>
    public int? Last { get; init; }
    /// <summary>Offset (GraphQL only).</summary>
    public int Offset { get; init; }
    /// <summary>Include soft-deleted records even when the filter does not mention <c>deletedAt</c>.</summary>
    public bool WithDeleted { get; init; }
}

/// <summary>
/// A page of live records with Relay-style page info. Cursors are computed on demand (read them under the
/// workspace lock, like the records).
/// </summary>
internal sealed class RecordPage(
    IReadOnlyList<JsonObject> records,
    Func<JsonObject, string> cursorOf,
    int totalCount,
    bool hasNextPage,
    bool hasPreviousPage)
{
    private IReadOnlyList<string>? _cursors;

    public IReadOnlyList<JsonObject> Records { get; } = records;
    public int TotalCount { get; } = totalCount;
    public bool HasNextPage { get; } = hasNextPage;
    public bool HasPreviousPage { get; } = hasPreviousPage;

    /// <summary>The cursor of each record (GraphQL edges).</summary>
    public IReadOnlyList<string> Cursors => _cursors ??= Records.Select(cursorOf).ToList();

    public string CursorOf(JsonObject record) => cursorOf(record);

    public string? StartCursor => Records.Count > 0 ? cursorOf(Records[0]) : null;
    public string? EndCursor => Records.Count > 0 ? cursorOf(Records[^1]) : null;
}
