using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>What <see cref="IRunLedger.BeginAsync"/> records before a mutation is sent.</summary>
/// <param name="Run">The run, actor and skill the mutation belongs to.</param>
/// <param name="ToolName">The tool or use case that mutates, for example <c>crm_upsert_contact</c>.</param>
/// <param name="Target">What the mutation is aimed at.</param>
/// <param name="IdempotencyKey">
/// The idempotency key, unique across the whole ledger (scope it, for example with the tool name). At most
/// 200 characters.
/// </param>
/// <param name="RequestJson">The request as JSON (never credentials).</param>
/// <param name="RequestHash">The request's hash, usually <see cref="LedgerRequestHash.Of"/> of <paramref name="RequestJson"/>.</param>
public sealed record LedgerBeginRequest(
    RunContext Run,
    string ToolName,
    LedgerTarget Target,
    string IdempotencyKey,
    string RequestJson,
    string RequestHash)
{
    /// <summary>The longest idempotency key or tool name accepted (characters).</summary>
    public const int MaxKeyLength = 200;

    /// <summary>
    /// Whether the caller sends to Twenty right after a <see cref="LedgerBeginOutcome.Started"/> answer: the first send
    /// is then counted (<see cref="LedgerEntry.Attempts"/> one higher) in the same durable commit as the pending row,
    /// instead of a separate <see cref="IRunLedger.RecordAttemptAsync"/>. Any other outcome counts nothing.
    /// </summary>
    public bool CountsFirstAttempt { get; init; }

    /// <summary>The new <see cref="LedgerStatus.Pending"/> entry a ledger commits for this request.</summary>
    /// <param name="id">The entry's id.</param>
    /// <param name="now">When it is created.</param>
    /// <returns>A pending entry with no records yet, and one attempt when <see cref="CountsFirstAttempt"/> (otherwise none).</returns>
    public LedgerEntry ToPendingEntry(Guid id, DateTimeOffset now) => new()
    {
        Id = id,
        RunId = Run.RunId,
        Actor = Run.Actor,
        Skill = Run.Skill,
        CallerId = Run.CallerId,
        ToolName = ToolName,
        Target = Target,
        RequestJson = RequestJson,
        RequestHash = RequestHash,
        IdempotencyKey = IdempotencyKey,
        Status = LedgerStatus.Pending,
        Attempts = CountsFirstAttempt ? 1 : 0,
        Records = [],
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Throws when a part is missing or too long.</summary>
    /// <exception cref="ArgumentException">A part is missing or invalid.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Run);
        Run.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(ToolName);
        ArgumentNullException.ThrowIfNull(Target);
        ArgumentException.ThrowIfNullOrWhiteSpace(Target.ObjectName, nameof(Target));
        ArgumentException.ThrowIfNullOrWhiteSpace(IdempotencyKey);
        ArgumentNullException.ThrowIfNull(RequestJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(RequestHash);
        if (IdempotencyKey.Length > MaxKeyLength || ToolName.Length > MaxKeyLength)
        {
            throw new ArgumentException($"The idempotency key and tool name are limited to {MaxKeyLength} characters.");
        }
    }
}
