namespace Sodimo.Crm.Domain.Ledger;

/// <summary>
/// One row of the run ledger: a CRM mutation, written and committed before the first Twenty call, then
/// given its outcome. A multi-step write (create a company, then a person, then link them) is one entry
/// whose <see cref="Records"/> grows as each step lands.
/// </summary>
public sealed record LedgerEntry
{
    /// <summary>The entry's id, assigned when it is begun.</summary>
    public required Guid Id { get; init; }

    /// <summary>The originating run (joins with Twenty's audit log and the AI's run).</summary>
    public required string RunId { get; init; }

    /// <summary>Who originated the mutation.</summary>
    public required Actor Actor { get; init; }

    /// <summary>The AI skill, or the job or endpoint name.</summary>
    public required string Skill { get; init; }

    /// <summary>The Twenty workspace member or other caller id, when known.</summary>
    public string? CallerId { get; init; }

    /// <summary>The tool or use case that mutates, for example <c>crm_upsert_contact</c>.</summary>
    public required string ToolName { get; init; }

    /// <summary>What the mutation is aimed at.</summary>
    public required LedgerTarget Target { get; init; }

    /// <summary>The request as JSON, as the caller sent it to the use case (never credentials).</summary>
    public required string RequestJson { get; init; }

    /// <summary>The hash of the request (see <see cref="LedgerRequestHash"/>); same key with another hash is a conflict.</summary>
    public required string RequestHash { get; init; }

    /// <summary>The idempotency key; unique across the ledger.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Where the entry stands.</summary>
    public required LedgerStatus Status { get; init; }

    /// <summary>How many times the mutation has been sent to Twenty so far.</summary>
    public required int Attempts { get; init; }

    /// <summary>Every record the mutation touched so far, in the order they were recorded.</summary>
    public required IReadOnlyList<TouchedRecord> Records { get; init; }

    /// <summary>The error (failed), the reason (rejected, needs human), or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The first result as JSON, kept so a replay can return it; <see langword="null"/> until succeeded.</summary>
    public string? ResultJson { get; init; }

    /// <summary>When the entry was begun.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the entry last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the entry reached succeeded, failed or rejected; <see langword="null"/> while open.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
}
