using System.Text.Json.Nodes;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>One page of a REST list: the records (Twenty's field names), the total matching, and the cursors.</summary>
/// <param name="Records">The records, in Twenty's shape.</param>
/// <param name="TotalCount">How many records match the filter in all.</param>
/// <param name="PageInfo">The cursors.</param>
public sealed record TwentyRecordPage(IReadOnlyList<JsonObject> Records, int TotalCount, TwentyPageInfo PageInfo);
