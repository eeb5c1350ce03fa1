using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary><c>crm_search</c>: free-text search across people, companies and deals.</summary>
internal sealed class CrmSearchTool() : CrmTool<SearchResult>(
    "crm_search",
    "Search the CRM",
    "Search people, companies and deals by free text: names, e-mail addresses, Sodiwin client codes, deal titles. "
    + "Use it to find a record's id before crm_get_contact, crm_advance_stage or crm_add_activity. Read-only: changes nothing. "
    + "The text is sent as a typed search value, so any characters are safe. Cost: one Twenty GraphQL call.",
    ToolAccess.Read,
    idempotent: true,
    [
        new ToolParameter
        {
            Name = "query", Kind = ParameterKind.String, MinLength = 2, MaxLength = 200, Required = true,
            Description = "What to look for (at least 2 characters).",
        },
        new ToolParameter
        {
            Name = "objects", Kind = ParameterKind.StringArray, Enum = ["person", "company", "deal"], MaxItems = 3,
            Description = "Which kinds of records to search; all three when omitted.",
        },
        new ToolParameter
        {
            Name = "limit", Kind = ParameterKind.Integer, Minimum = 1, Maximum = 50, Default = 10,
            Description = "Most hits to return (1-50).",
        },
    ],
    OutputSchemas.Search)
{
    /// <inheritdoc />
    protected override JsonTypeInfo<SearchResult> ResultType => McpHostJsonContext.Default.SearchResult;

    /// <inheritdoc />
    protected override async ValueTask<(SearchResult Result, string Summary)> RunAsync(
        ICrmBackend backend, ToolArguments args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var result = await backend.SearchAsync(
            new SearchInput(args.String("query")!, args.Strings("objects"), args.Int("limit") ?? 10), cancellationToken).ConfigureAwait(false);
        var summary = result.Hits.Count == 0
            ? "Nothing matches."
            : string.Create(CultureInfo.InvariantCulture, $"{result.Hits.Count} hit(s), best first.")
              + (result.NextCursor is null ? string.Empty : " More exist: narrow the query or raise the limit.");
        return (result, summary);
    }
}
