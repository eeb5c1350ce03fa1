using Mediator;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Application.Search;

/// <summary>
/// Searches people, companies and deals by free text and structured filters (<c>crm_search</c>). At least the text or
/// one filter must be given. The text is passed to Twenty as a typed GraphQL variable. Read-only.
/// </summary>
public sealed record SearchCrmQuery : IQuery<SearchCrmResult>
{
    /// <summary>Free text (1 to 200 characters after trimming, no control characters).</summary>
    public string? Text { get; init; }

    /// <summary>The kinds to search: <c>person</c>, <c>company</c>, <c>deal</c>; all three when omitted or empty.</summary>
    public IReadOnlyList<string>? Objects { get; init; }

    /// <summary>A Sodiwin client code (companies and deals).</summary>
    public string? ClientCode { get; init; }

    /// <summary>A primary e-mail (people).</summary>
    public string? Email { get; init; }

    /// <summary>A pipeline name or value (deals).</summary>
    public string? Pipeline { get; init; }

    /// <summary>A stage name or value (deals).</summary>
    public string? Stage { get; init; }

    /// <summary>A health: <c>green</c>, <c>yellow</c>, <c>red</c> (deals).</summary>
    public string? Health { get; init; }

    /// <summary>A company's id (the company, its people and its deals).</summary>
    public Guid? CompanyId { get; init; }

    /// <summary>Only records changed at or after this time.</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>The most hits, 1 to 100; 20 when omitted.</summary>
    public int? Limit { get; init; }

    /// <summary>The <see cref="SearchCrmResult.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}

/// <summary>One page of search hits.</summary>
/// <param name="Hits">The hits, best first.</param>
/// <param name="NextCursor">Pass it back as <see cref="SearchCrmQuery.Cursor"/> for more; <see langword="null"/> on the last page.</param>
public sealed record SearchCrmResult(IReadOnlyList<SearchHit> Hits, string? NextCursor)
{
    /// <summary>Whether there are more hits.</summary>
    public bool HasMore => NextCursor is not null;
}
