using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>Filters for <see cref="IRunLedger.QueryAsync"/>; a <see langword="null"/> filter matches everything.</summary>
public sealed record LedgerQuery
{
    /// <summary>The largest <see cref="Limit"/> accepted.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only entries of this run.</summary>
    public string? RunId { get; init; }

    /// <summary>Only entries of this actor.</summary>
    public Actor? Actor { get; init; }

    /// <summary>Only entries of this skill (or job name).</summary>
    public string? Skill { get; init; }

    /// <summary>Only entries of this tool.</summary>
    public string? ToolName { get; init; }

    /// <summary>Only entries with this status.</summary>
    public LedgerStatus? Status { get; init; }

    /// <summary>Only entries created at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only entries created before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The most entries to return, 1 to <see cref="MaxLimit"/>. Default 100.</summary>
    public int Limit { get; init; } = 100;
}
