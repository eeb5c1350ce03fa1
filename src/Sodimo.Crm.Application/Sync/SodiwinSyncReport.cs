using Sodimo.Crm.Domain.Sodiwin;

namespace Sodimo.Crm.Application.Sync;

/// <summary>What a sync run did: the plan, what was written, the calls it cost, and how it ended.</summary>
public sealed record SodiwinSyncReport
{
    /// <summary>The run id, on every ledger entry the run wrote.</summary>
    public required string RunId { get; init; }

    /// <summary>The source read (<c>csv:/data/clients.csv</c>).</summary>
    public required string Source { get; init; }

    /// <summary>Whether this was a dry run (nothing written, no ledger entry).</summary>
    public required bool DryRun { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run ended.</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>How the run ended.</summary>
    public SyncOutcome Outcome { get; init; }

    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>The encoding the dump was read with.</summary>
    public string? Encoding { get; init; }

    /// <summary>The staging batch read (<c>sync --source sql</c>); null for a file.</summary>
    public string? Batch { get; init; }

    /// <summary>What the rows' <c>lineNumber</c> counts: <c>line</c> (a CSV dump) or <c>row</c> (the staging table's <c>row_no</c>).</summary>
    public string RowUnit { get; init; } = "line";

    /// <summary>Data records in the dump (clients parsed plus rows rejected by the reader).</summary>
    public int RecordCount { get; init; }

    /// <summary>Header columns the mapping ignores.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];

    /// <summary>The plan (empty when the run failed before planning).</summary>
    public SyncPlan Plan { get; init; } = new() { Creates = [], Updates = [], Unchanged = [], Rejected = [] };

    /// <summary>Companies created.</summary>
    public int Created { get; init; }

    /// <summary>Companies updated.</summary>
    public int Updated { get; init; }

    /// <summary>Planned writes Twenty refused, with line and reason.</summary>
    public IReadOnlyList<SodiwinRowError> WriteRejections { get; init; } = [];

    /// <summary>Read calls made to Twenty.</summary>
    public int ReadCalls { get; init; }

    /// <summary>Write calls made to Twenty (batches, plus halves when a batch was refused and split).</summary>
    public int WriteCalls { get; init; }

    /// <summary>
    /// The fewest calls this input needs: one read per <see cref="SodiwinSyncOptions.ReadPageSize"/> codes, one write per
    /// <see cref="SodiwinSyncOptions.WriteBatchSize"/> creates and per batch of updates.
    /// </summary>
    public int LowerBoundCalls { get; init; }

    /// <summary>Every rejected row or client: the plan's plus the refused writes.</summary>
    public IEnumerable<SodiwinRowError> AllRejections => Plan.Rejected.Concat(WriteRejections);
}
