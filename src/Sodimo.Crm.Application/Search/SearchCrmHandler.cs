using Mediator;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Common.Validation;
using Sodimo.Crm.Application.ListDeals;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Search;

/// <summary>Handles <see cref="SearchCrmQuery"/>: builds typed criteria and reads one page of hits.</summary>
internal sealed class SearchCrmHandler : IQueryHandler<SearchCrmQuery, SearchCrmResult>
{
    private readonly ITwentySearch _search;

    public SearchCrmHandler(ITwentySearch search) => _search = search;

    public async ValueTask<SearchCrmResult> Handle(SearchCrmQuery query, CancellationToken cancellationToken)
    {
        var (pipeline, stage, health) = DealFilters.Resolve(SodimoSchema.Current, query.Pipeline, query.Stage, query.Health);
        var kinds = query.Objects is { Count: > 0 }
            ? query.Objects.Select(o => TryParseKind(o, out var k) ? k : throw new InvalidOperationException("validated")).Distinct().ToArray()
            : [SearchObjectKind.Person, SearchObjectKind.Company, SearchObjectKind.Deal];
        var page = await _search.SearchAsync(
            new SearchCriteria
            {
                Text = string.IsNullOrWhiteSpace(query.Text) ? null : query.Text.Trim(),
                Objects = kinds,
                ClientCode = query.ClientCode,
                Email = query.Email is null ? null : CrmRules.NormalizeEmail(query.Email),
                Pipeline = pipeline,
                Stage = stage,
                Health = health,
                CompanyId = query.CompanyId,
                UpdatedSince = query.UpdatedSince,
                Limit = query.Limit ?? 20,
                Cursor = string.IsNullOrEmpty(query.Cursor) ? null : query.Cursor,
            },
            cancellationToken).ConfigureAwait(false);
        return new SearchCrmResult(page.Items, page.NextCursor);
    }

    internal static bool TryParseKind(string? value, out SearchObjectKind kind)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "person" or "people" or "contact" or "contacts":
                kind = SearchObjectKind.Person;
                return true;
            case "company" or "companies":
                kind = SearchObjectKind.Company;
                return true;
            case "deal" or "deals" or "opportunity" or "opportunities":
                kind = SearchObjectKind.Deal;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
