namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>
/// Named leases with an owner and an expiry, kept in the ledger's database, so that two runs of a job
/// (two sync runs, two reconcilers) never overlap, across processes and machines. An expired lease may
/// be taken over by anyone; the owner renews its lease while it works and releases it when done.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease when it is free, expired, or already held by <paramref name="owner"/> (then it is
    /// extended).
    /// </summary>
    /// <param name="name">The lease name, for example <c>sync:nightly</c>.</param>
    /// <param name="owner">Who takes it: unique per process and run (for example host name, process id, run id).</param>
    /// <param name="duration">How long the lease lasts unless renewed (positive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lease, or <see langword="null"/> when another owner holds it unexpired.</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Extends a lease <paramref name="owner"/> holds: from now, by <paramref name="duration"/>. Works on the
    /// owner's expired lease as long as nobody has taken it over.
    /// </summary>
    /// <param name="name">The lease name.</param>
    /// <param name="owner">The owner that holds it.</param>
    /// <param name="duration">How long the lease lasts from now (positive).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The renewed lease, or <see langword="null"/> when the owner no longer holds it (stop working).</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<Lease?> RenewAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Releases a lease <paramref name="owner"/> holds, so the next run need not wait for it to expire.</summary>
    /// <param name="name">The lease name.</param>
    /// <param name="owner">The owner that holds it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the owner held it (and it is now released).</returns>
    /// <exception cref="LedgerUnavailableException">The store could not be written.</exception>
    Task<bool> ReleaseAsync(string name, string owner, CancellationToken cancellationToken = default);
}
