using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>Checks the ledger's database by reading its schema version.</summary>
internal sealed class LedgerHealth(LedgerDatabase database) : ILedgerHealth
{
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await database.PingAsync(cancellationToken);
        }
        catch (LedgerUnavailableException)
        {
            return false;
        }
    }
}
