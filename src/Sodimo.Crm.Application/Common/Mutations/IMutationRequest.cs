using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Common.Mutations;

/// <summary>
/// A request that mutates the CRM. The ledger behaviour commits a pending ledger entry for it before its handler runs
/// (and so before any Twenty call), replays the stored result for a key that already succeeded, and refuses a key
/// reused for another request.
/// </summary>
public interface IMutationRequest
{
    /// <summary>Who is mutating and on whose behalf: run id, actor, skill, caller.</summary>
    RunContext Run { get; }

    /// <summary>
    /// The caller's idempotency key (1 to 150 characters): the same key with the same request returns the first
    /// result and writes nothing; with another request it is refused. The ledger scopes it with <see cref="ToolName"/>.
    /// </summary>
    string IdempotencyKey { get; }

    /// <summary>The tool name recorded in the ledger (<c>crm_upsert_contact</c>).</summary>
    string ToolName { get; }

    /// <summary>What the mutation is aimed at, as known before any call.</summary>
    LedgerTarget Target { get; }
}

/// <summary>The result of a mutation: what it touched, and whether it is a replay of a stored result.</summary>
public interface IMutationResult
{
    /// <summary>Every Twenty record the mutation created or updated, in order.</summary>
    IReadOnlyList<TouchedRecord> Records { get; }

    /// <summary>Whether this result was stored by an earlier call with the same idempotency key (nothing was written now).</summary>
    bool Replayed { get; }
}

/// <summary>Limits shared by mutation requests.</summary>
public static class MutationLimits
{
    /// <summary>The longest idempotency key a caller may give (the ledger adds the tool name in front).</summary>
    public const int MaxIdempotencyKeyLength = 150;
}
