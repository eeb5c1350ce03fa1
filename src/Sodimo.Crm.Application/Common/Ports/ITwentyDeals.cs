namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>Deals (opportunities) in Twenty. Throws the port exceptions described on <see cref="ITwentyCompanies"/>.</summary>
public interface ITwentyDeals
{
    /// <summary>Lists deals one page at a time with Twenty's cursor.</summary>
    /// <param name="query">Typed filters, page size and cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page, in Sodimo's shape, with the next cursor when there are more.</returns>
    Task<Page<DealRecord>> ListAsync(DealQuery query, CancellationToken cancellationToken = default);

    /// <summary>Reads one deal.</summary>
    /// <param name="id">The deal's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deal, or <see langword="null"/> when Twenty has none with this id.</returns>
    Task<DealRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Sets fields on a deal.</summary>
    /// <param name="update">The id and the fields.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated deal.</returns>
    /// <exception cref="RecordNotFoundException">No deal has this id.</exception>
    Task<DealRecord> UpdateAsync(DealUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Updates deals in one batch call (each with its own fields), for the sync and the health evaluation.</summary>
    /// <param name="updates">1 to <see cref="TwentyLimits.MaxBatchSize"/> updates.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated deals.</returns>
    /// <exception cref="ArgumentException">More than <see cref="TwentyLimits.MaxBatchSize"/> updates.</exception>
    Task<IReadOnlyList<DealRecord>> UpdateManyAsync(IReadOnlyList<DealUpdate> updates, CancellationToken cancellationToken = default);
}
