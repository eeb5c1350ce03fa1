using Sodimo.Crm.Domain.Sodiwin;

namespace Sodimo.Crm.Application.Sync;

/// <summary>What a sync run does (or, in a dry run, would do): creates, updates, unchanged and rejected clients.</summary>
public sealed record SyncPlan
{
    /// <summary>Companies Twenty lacks, created with every Sodiwin-owned field (name and billing address included).</summary>
    public required IReadOnlyList<SyncCompanyChange> Creates { get; init; }

    /// <summary>Companies with at least one Sodiwin-owned field whose value changed: only those fields are written.</summary>
    public required IReadOnlyList<SyncCompanyChange> Updates { get; init; }

    /// <summary>Client codes whose company already holds every Sodiwin value: nothing is written.</summary>
    public required IReadOnlyList<string> Unchanged { get; init; }

    /// <summary>Rows and clients skipped, with line and reason (parse errors, duplicate keys, ambiguous matches).</summary>
    public required IReadOnlyList<SodiwinRowError> Rejected { get; init; }
}
