namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>
/// Companies in Twenty, for the use cases and the nightly sync. Every method throws the port exceptions:
/// <see cref="TwentyUnavailableException"/> (nothing was written), <see cref="TwentyRejectedException"/> (4xx, nothing
/// written), <see cref="TwentyOutcomeUnknownException"/> (a write was sent and its outcome is not known).
/// </summary>
public interface ITwentyCompanies
{
    /// <summary>Reads one company.</summary>
    /// <param name="id">The company's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The company, or <see langword="null"/> when Twenty has none with this id (404 or deleted).</returns>
    Task<CompanyRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Finds the company with a client code.</summary>
    /// <param name="clientCode">The client code (validated: it matches the client-code pattern).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The company, or <see langword="null"/> when none has it.</returns>
    /// <exception cref="TwentyRejectedException">Several companies have it (the key is meant to be unique).</exception>
    Task<CompanyRecord?> FindByClientCodeAsync(string clientCode, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds the companies whose client code is one of <paramref name="clientCodes"/> (one <c>clientCode[in]</c> call per
    /// page), so the sync reads 200 codes per call instead of one call per row.
    /// </summary>
    /// <param name="clientCodes">1 to <see cref="TwentyLimits.MaxKeysPerLookup"/> validated client codes.</param>
    /// <param name="cursor">The cursor of the page to read, or <see langword="null"/> for the first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A page of matching companies (duplicates included, so the caller can flag them).</returns>
    /// <exception cref="ArgumentException">More than <see cref="TwentyLimits.MaxKeysPerLookup"/> codes.</exception>
    Task<Page<CompanyRecord>> FindByClientCodesAsync(IReadOnlyList<string> clientCodes, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>Lists companies one page at a time, oldest first.</summary>
    /// <param name="query">Filters, page size and cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page, with the next cursor when there are more.</returns>
    Task<Page<CompanyRecord>> ListAsync(CompanyListQuery query, CancellationToken cancellationToken = default);

    /// <summary>Creates a company with its client-generated id.</summary>
    /// <param name="company">The id and the fields.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created company as Twenty returned it.</returns>
    Task<CompanyRecord> CreateAsync(CompanyCreate company, CancellationToken cancellationToken = default);

    /// <summary>Sets fields on a company.</summary>
    /// <param name="update">The id and the fields to set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated company.</returns>
    /// <exception cref="RecordNotFoundException">No company has this id.</exception>
    Task<CompanyRecord> UpdateAsync(CompanyUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Creates companies in one batch call.</summary>
    /// <param name="companies">1 to <see cref="TwentyLimits.MaxBatchSize"/> companies with their client-generated ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created companies.</returns>
    /// <exception cref="ArgumentException">More than <see cref="TwentyLimits.MaxBatchSize"/> companies.</exception>
    Task<IReadOnlyList<CompanyRecord>> CreateManyAsync(IReadOnlyList<CompanyCreate> companies, CancellationToken cancellationToken = default);

    /// <summary>Updates companies in one batch call (each with its own fields).</summary>
    /// <param name="updates">1 to <see cref="TwentyLimits.MaxBatchSize"/> updates.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated companies.</returns>
    /// <exception cref="ArgumentException">More than <see cref="TwentyLimits.MaxBatchSize"/> updates.</exception>
    Task<IReadOnlyList<CompanyRecord>> UpdateManyAsync(IReadOnlyList<CompanyUpdate> updates, CancellationToken cancellationToken = default);
}
