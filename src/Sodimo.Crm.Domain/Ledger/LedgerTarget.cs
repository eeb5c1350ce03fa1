namespace Sodimo.Crm.Domain.Ledger;

/// <summary>
/// What a mutation is aimed at: a Twenty object and, when known before the call, the record's id or its
/// business key (for example a company's <c>client_code</c> for an upsert that may create it).
/// </summary>
/// <param name="ObjectName">The Twenty object's singular API name, for example <c>opportunity</c>.</param>
/// <param name="RecordId">The Twenty record id, when the record already exists and is known.</param>
/// <param name="Key">A business key identifying the record, when there is one (for example <c>C00042</c>).</param>
public sealed record LedgerTarget(string ObjectName, string? RecordId = null, string? Key = null);
