namespace Sodimo.Crm.Domain.Sodiwin;

/// <summary>A Sodiwin client dump as read: the clients whose row parsed, and the rows rejected on the way.</summary>
public sealed record SodiwinDump
{
    /// <summary>Where the dump came from (a file path, <c>sql:staging</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The clients whose row parsed, in dump order (duplicates included: the sync rejects them).</summary>
    public required IReadOnlyList<SodiwinClient> Clients { get; init; }

    /// <summary>The rejected rows, in dump order.</summary>
    public required IReadOnlyList<SodiwinRowError> Errors { get; init; }

    /// <summary>How many data records were read (parsed plus rejected).</summary>
    public required int RecordCount { get; init; }

    /// <summary>The text encoding the dump was read with (<c>utf-8</c>, <c>windows-1252</c>).</summary>
    public string? Encoding { get; init; }

    /// <summary>The staging batch read (<c>batch_id</c>), when the source is the ETL's staging table; null for a file.</summary>
    public string? Batch { get; init; }

    /// <summary>
    /// What <see cref="SodiwinClient.LineNumber"/> and <see cref="SodiwinRowError.LineNumber"/> count: <c>line</c> (the
    /// dump's physical lines) or <c>row</c> (the staging table's <c>row_no</c>).
    /// </summary>
    public string RowUnit { get; init; } = "line";

    /// <summary>Header columns that no mapping names: ignored, and listed in the report.</summary>
    public IReadOnlyList<string> IgnoredColumns { get; init; } = [];
}
