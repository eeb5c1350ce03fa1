using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Schema;
using static Sodimo.Crm.Infrastructure.Twenty.Adapters.TwentyPortErrors;

namespace Sodimo.Crm.Infrastructure.Twenty.Adapters;

/// <summary>
/// <see cref="ITwentySearch"/> over Twenty's core GraphQL: one find-many per kind (people, then companies, then deals)
/// with typed filter objects passed as variables, so no caller text is ever spliced into a query or a REST filter.
/// The cursor remembers which kind and which Twenty cursor to continue from.
/// </summary>
internal sealed class TwentySearchAdapter(ITwentyGraphQLClient graphQL) : ITwentySearch
{
    private static readonly SearchObjectKind[] Order = [SearchObjectKind.Person, SearchObjectKind.Company, SearchObjectKind.Deal];

    internal static readonly string PeopleQuery = Query("SearchPeople", "PersonFilterInput", "people", TwentyPeopleAdapter.PersonSelection);

    internal static readonly string CompaniesQuery = Query("SearchCompanies", "CompanyFilterInput", "companies", SodimoTwentyObjects.Selection(SodimoTwentyObjects.Company));

    internal static readonly string DealsQuery = Query("SearchOpportunities", "OpportunityFilterInput", "opportunities",
        SodimoTwentyObjects.Selection(SodimoTwentyObjects.Opportunity, "companyId", "pointOfContactId"));

    public async Task<Page<SearchHit>> SearchAsync(SearchCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.Limit is < 1 or > TwentyLimits.MaxSearchLimit)
            throw new ArgumentException($"Limit must be 1 to {TwentyLimits.MaxSearchLimit}.", nameof(criteria));
        var kinds = Order.Where(k => criteria.Objects.Contains(k) && Applies(k, criteria)).ToArray();
        var (index, after) = DecodeCursor(criteria.Cursor);
        var hits = new List<SearchHit>(criteria.Limit);
        string? next = null;

        while (index < kinds.Length)
        {
            var kind = kinds[index];
            var (document, root) = kind switch
            {
                SearchObjectKind.Person => (PeopleQuery, "people"),
                SearchObjectKind.Company => (CompaniesQuery, "companies"),
                _ => (DealsQuery, "opportunities"),
            };
            var variables = new JsonObject
            {
                ["filter"] = Filter(kind, criteria),
                ["first"] = criteria.Limit - hits.Count,
                ["after"] = after,
            };
            var data = await ReadAsync($"search {root}", () =>
                graphQL.QueryAsync(TwentyGraphQLEndpoint.Core, document, variables, cancellationToken)).ConfigureAwait(false);

            var connection = data[root];
            hits.AddRange(Nodes(connection).Select(n => Hit(kind, n)));
            var pageInfo = connection?["pageInfo"];
            var hasNext = pageInfo?["hasNextPage"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
            if (hasNext && TwentyFieldMapper.String(pageInfo?["endCursor"]) is { } endCursor)
            {
                next = EncodeCursor(index, endCursor);
                break;
            }

            index++;
            after = null;
            if (hits.Count >= criteria.Limit)
            {
                next = index < kinds.Length ? EncodeCursor(index, null) : null;
                break;
            }
        }

        return new Page<SearchHit>(hits, next);
    }

    /// <summary>The <c>edges[].node</c> objects of a GraphQL connection.</summary>
    internal static List<JsonObject> Nodes(JsonNode? connection) =>
        connection?["edges"] is JsonArray edges ? edges.Select(e => e?["node"]).OfType<JsonObject>().ToList() : [];

    /// <summary>Whether the criteria's structured filters can apply to a kind (a deal-only filter excludes people…).</summary>
    internal static bool Applies(SearchObjectKind kind, SearchCriteria c) => kind switch
    {
        SearchObjectKind.Person => c.ClientCode is null && c.Pipeline is null && c.Stage is null && c.Health is null,
        SearchObjectKind.Company => c.Email is null && c.Pipeline is null && c.Stage is null && c.Health is null,
        SearchObjectKind.Deal => c.Email is null,
        _ => false,
    };

    /// <summary>The typed GraphQL filter object of one kind.</summary>
    internal static JsonObject Filter(SearchObjectKind kind, SearchCriteria c)
    {
        var obj = kind switch
        {
            SearchObjectKind.Person => SodimoTwentyObjects.Person,
            SearchObjectKind.Company => SodimoTwentyObjects.Company,
            _ => SodimoTwentyObjects.Opportunity,
        };
        var schema = SodimoTwentyObjects.Schema;
        var and = new JsonArray();
        if (c.Text is { Length: > 0 } text)
        {
            var like = new JsonObject { ["ilike"] = "%" + EscapeLike(text) + "%" };
            JsonObject Like(string field) => new() { [field] = like.DeepClone() };
            JsonObject Sub(string field, string sub) => new() { [field] = new JsonObject { [sub] = like.DeepClone() } };
            and.Add((JsonNode)new JsonObject
            {
                ["or"] = kind switch
                {
                    SearchObjectKind.Person => new JsonArray(Sub("name", "firstName"), Sub("name", "lastName"), Sub("emails", "primaryEmail")),
                    _ => new JsonArray(Like("name"), Like(SodimoTwentyObjects.TwentyField(obj, SodimoFieldNames.ClientCode))),
                },
            });
        }

        if (c.ClientCode is not null && kind != SearchObjectKind.Person)
            and.Add((JsonNode)Eq(SodimoTwentyObjects.TwentyField(obj, SodimoFieldNames.ClientCode), c.ClientCode));
        if (c.Email is not null && kind == SearchObjectKind.Person)
            and.Add((JsonNode)new JsonObject { ["emails"] = new JsonObject { ["primaryEmail"] = new JsonObject { ["eq"] = c.Email } } });
        if (kind == SearchObjectKind.Deal)
        {
            var pipeline = c.Pipeline ?? (c.Stage is null ? null : schema.Pipelines.First(p => p.Stages.Contains(c.Stage)));
            if (pipeline is not null)
                and.Add((JsonNode)In(SodimoTwentyObjects.TwentyField(obj, SodimoFieldNames.Pipeline), pipeline.Value));
            if (c.Stage is not null && pipeline is not null)
                and.Add((JsonNode)In(pipeline.StageFieldTwentyName, c.Stage.Value));
            if (c.Health is { } health)
                and.Add((JsonNode)In(SodimoTwentyObjects.TwentyField(obj, SodimoFieldNames.Health), schema.HealthOption(health).Value));
        }

        if (c.CompanyId is { } companyId)
            and.Add((JsonNode)Eq(kind == SearchObjectKind.Company ? "id" : "companyId", TwentyFieldMapper.Uuid(companyId)));
        if (c.UpdatedSince is { } since)
            and.Add((JsonNode)new JsonObject { ["updatedAt"] = new JsonObject { ["gte"] = TwentyFieldMapper.Iso(since) } });

        return new JsonObject { ["and"] = and };
    }

    private static SearchHit Hit(SearchObjectKind kind, JsonObject node)
    {
        switch (kind)
        {
            case SearchObjectKind.Person:
                var person = TwentyRecordMapping.ToPerson(node);
                var name = string.Join(' ', new[] { person.Name.FirstName, person.Name.LastName }.Where(s => !string.IsNullOrWhiteSpace(s)));
                return new SearchHit
                {
                    Kind = kind,
                    Id = person.Id,
                    Person = person,
                    Label = name.Length > 0 ? name : person.Emails.PrimaryEmail ?? person.Id.ToString("D"),
                };
            case SearchObjectKind.Company:
                var company = TwentyRecordMapping.ToCompany(node);
                return new SearchHit { Kind = kind, Id = company.Id, Company = company, Label = company.Name ?? company.ClientCode ?? company.Id.ToString("D") };
            default:
                var deal = TwentyRecordMapping.ToDeal(node);
                return new SearchHit { Kind = kind, Id = deal.Id, Deal = deal, Label = deal.Name ?? deal.Id.ToString("D") };
        }
    }

    private static string Query(string operation, string filterType, string root, string selection) =>
        $"query {operation}($filter: {filterType}, $first: Int, $after: String) {{ {root}(filter: $filter, first: $first, after: $after, "
        + $"orderBy: [{{ createdAt: AscNullsFirst }}]) {{ totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {selection} }} }} }} }}";

    private static JsonObject Eq(string field, string value) => new() { [field] = new JsonObject { ["eq"] = value } };

    private static JsonObject In(string field, string value) => new() { [field] = new JsonObject { ["in"] = new JsonArray(value) } };

    /// <summary>Makes <c>%</c>, <c>_</c> and <c>\</c> in the caller's text literal inside an <c>ilike</c> pattern.</summary>
    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static string EncodeCursor(int index, string? after) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(index.ToString(CultureInfo.InvariantCulture) + ":" + after));

    private static (int Index, string? After) DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return (0, null);
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && int.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index is >= 0 and < 3)
                return (index, colon == text.Length - 1 ? null : text[(colon + 1)..]);
        }
        catch (FormatException)
        {
        }

        throw new TwentyRejectedException("search: the cursor is not one this search returned.", null, ["Invalid cursor."]);
    }
}
