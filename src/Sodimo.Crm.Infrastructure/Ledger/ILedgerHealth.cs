namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>Tells a host whether the ledger's database is reachable and its schema up to date (for readiness probes).</summary>
public interface ILedgerHealth
{
    /// <summary>Opens a connection and reads the schema version.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether the ledger can be used; never throws for a store failure.</returns>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken = default);
}
