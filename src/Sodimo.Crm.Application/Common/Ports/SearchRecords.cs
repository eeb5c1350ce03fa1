using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>The kinds of record a search covers.</summary>
public enum SearchObjectKind
{
    /// <summary>People.</summary>
    Person = 1,

    /// <summary>Companies.</summary>
    Company = 2,

    /// <summary>Deals (opportunities).</summary>
    Deal = 3,
}

/// <summary>
/// Typed search criteria. The adapter sends them as GraphQL variables (typed filter objects); no text of the caller is
/// ever spliced into a REST filter string. A structured filter that does not apply to a kind (e.g. <see cref="Health"/>
/// for people) excludes that kind from the results.
/// </summary>
public sealed record SearchCriteria
{
    /// <summary>Free text matched against names, e-mails, client codes (trimmed, 1 to 200 characters), or <see langword="null"/>.</summary>
    public string? Text { get; init; }

    /// <summary>The kinds to search; never empty.</summary>
    public IReadOnlyList<SearchObjectKind> Objects { get; init; } = [SearchObjectKind.Person, SearchObjectKind.Company, SearchObjectKind.Deal];

    /// <summary>Companies and deals with this client code.</summary>
    public string? ClientCode { get; init; }

    /// <summary>People with this primary e-mail (lower-case).</summary>
    public string? Email { get; init; }

    /// <summary>Deals in this pipeline.</summary>
    public Pipeline? Pipeline { get; init; }

    /// <summary>Deals in this stage (then <see cref="Pipeline"/> is its pipeline).</summary>
    public PipelineStage? Stage { get; init; }

    /// <summary>Deals with this health.</summary>
    public DealHealth? Health { get; init; }

    /// <summary>People and deals of this company (and the company itself).</summary>
    public Guid? CompanyId { get; init; }

    /// <summary>Only records changed at or after this time.</summary>
    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>The most hits to return, 1 to <see cref="TwentyLimits.MaxSearchLimit"/>.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>The opaque cursor of the page to read (from <see cref="Page{T}.NextCursor"/>), or <see langword="null"/>.</summary>
    public string? Cursor { get; init; }
}

/// <summary>One search result: exactly one of <see cref="Person"/>, <see cref="Company"/>, <see cref="Deal"/> is set, by <see cref="Kind"/>.</summary>
public sealed record SearchHit
{
    /// <summary>What kind of record matched.</summary>
    public required SearchObjectKind Kind { get; init; }

    /// <summary>The record's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The record's display label (a name).</summary>
    public required string Label { get; init; }

    /// <summary>The person, when <see cref="Kind"/> is <see cref="SearchObjectKind.Person"/>.</summary>
    public PersonRecord? Person { get; init; }

    /// <summary>The company, when <see cref="Kind"/> is <see cref="SearchObjectKind.Company"/>.</summary>
    public CompanyRecord? Company { get; init; }

    /// <summary>The deal, when <see cref="Kind"/> is <see cref="SearchObjectKind.Deal"/>.</summary>
    public DealRecord? Deal { get; init; }
}
