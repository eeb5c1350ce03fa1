namespace Sodimo.Crm.McpHost.Backend;

/// <summary>Why a CRM operation failed, as the model needs to know it.</summary>
internal enum CrmErrorKind
{
    /// <summary>The record asked for does not exist.</summary>
    NotFound,

    /// <summary>The request was refused as invalid (unknown stage, field outside the merge policy...).</summary>
    Refused,

    /// <summary>The request conflicts with an earlier one (same idempotency key, different content; a write in progress).</summary>
    Conflict,

    /// <summary>Twenty (or the ledger) could not be reached or failed; nothing was written.</summary>
    Unavailable,
}
