namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>Search across people, companies and deals (GraphQL with typed variables). Throws the port exceptions.</summary>
public interface ITwentySearch
{
    /// <summary>Searches by free text and structured filters.</summary>
    /// <param name="criteria">The typed criteria.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of hits, with an opaque cursor when there are more.</returns>
    Task<Page<SearchHit>> SearchAsync(SearchCriteria criteria, CancellationToken cancellationToken = default);
}
