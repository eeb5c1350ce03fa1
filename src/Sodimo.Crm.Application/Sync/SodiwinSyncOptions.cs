using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Application.Sync;

/// <summary>How the Sodiwin sync reads and writes (bound from <c>Sodimo:Sync</c> by the host).</summary>
public sealed class SodiwinSyncOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sodimo:Sync";

    /// <summary>Client codes looked up per read call (<c>clientCode[in]</c>). Default and maximum 200.</summary>
    public int ReadPageSize { get; set; } = TwentyLimits.MaxKeysPerLookup;

    /// <summary>Companies per batch create or update call. Default and maximum 60.</summary>
    public int WriteBatchSize { get; set; } = TwentyLimits.MaxBatchSize;

    /// <summary>The lease that keeps two syncs from overlapping. Default <c>sodiwin-sync</c>.</summary>
    public string LeaseName { get; set; } = "sodiwin-sync";

    /// <summary>How long the lease lasts unless renewed (it is renewed before every write). Default 10 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        if (ReadPageSize is < 1 or > TwentyLimits.MaxKeysPerLookup)
        {
            throw new ArgumentException($"{SectionName}:ReadPageSize must be 1 to {TwentyLimits.MaxKeysPerLookup} (got {ReadPageSize}).");
        }

        if (WriteBatchSize is < 1 or > TwentyLimits.MaxBatchSize)
        {
            throw new ArgumentException($"{SectionName}:WriteBatchSize must be 1 to {TwentyLimits.MaxBatchSize} (got {WriteBatchSize}).");
        }

        if (string.IsNullOrWhiteSpace(LeaseName) || LeaseDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{SectionName}:LeaseName must be set and LeaseDuration positive.");
        }
    }
}
