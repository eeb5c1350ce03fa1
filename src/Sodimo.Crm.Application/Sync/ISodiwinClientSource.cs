using Sodimo.Crm.Domain.Sodiwin;

namespace Sodimo.Crm.Application.Sync;

/// <summary>Where the sync reads Sodiwin's clients from: a CSV dump, or the ETL's staging table.</summary>
public interface ISodiwinClientSource
{
    /// <summary>A short name for reports and logs (<c>csv:/data/clients.csv</c>).</summary>
    string Name { get; }

    /// <summary>Reads every client, with the rows that could not be parsed.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The dump.</returns>
    /// <exception cref="SodiwinDumpException">The source cannot be read at all.</exception>
    Task<SodiwinDump> ReadAsync(CancellationToken cancellationToken = default);
}
