namespace Sodimo.Crm.Domain.Ledger;

/// <summary>
/// The stored codes of the ledger's enumerations: what the <c>actor</c>, <c>status</c> and <c>action</c>
/// columns hold, and what people type in SQL (<c>WHERE actor = 'ai'</c>).
/// </summary>
public static class LedgerCodes
{
    /// <summary>The stored code of an actor: <c>ai</c>, <c>sync</c>, <c>webhook</c>, <c>workflow</c> or <c>human</c>.</summary>
    /// <param name="actor">The actor.</param>
    /// <returns>The code.</returns>
    public static string ToCode(this Actor actor) => actor switch
    {
        Actor.Ai => "ai",
        Actor.Sync => "sync",
        Actor.Webhook => "webhook",
        Actor.Workflow => "workflow",
        Actor.Human => "human",
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, "Unknown actor."),
    };

    /// <summary>The stored code of a status: <c>pending</c>, <c>succeeded</c>, <c>failed</c>, <c>rejected</c> or <c>needs_human</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The code.</returns>
    public static string ToCode(this LedgerStatus status) => status switch
    {
        LedgerStatus.Pending => "pending",
        LedgerStatus.Succeeded => "succeeded",
        LedgerStatus.Failed => "failed",
        LedgerStatus.Rejected => "rejected",
        LedgerStatus.NeedsHuman => "needs_human",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown ledger status."),
    };

    /// <summary>The stored code of a record action: <c>created</c>, <c>updated</c> or <c>deleted</c>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The code.</returns>
    public static string ToCode(this RecordAction action) => action switch
    {
        RecordAction.Created => "created",
        RecordAction.Updated => "updated",
        RecordAction.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown record action."),
    };

    /// <summary>Reads an actor code.</summary>
    /// <param name="code">The stored code.</param>
    /// <returns>The actor.</returns>
    /// <exception cref="FormatException">The code is not an actor code.</exception>
    public static Actor ParseActor(string code) => code switch
    {
        "ai" => Actor.Ai,
        "sync" => Actor.Sync,
        "webhook" => Actor.Webhook,
        "workflow" => Actor.Workflow,
        "human" => Actor.Human,
        _ => throw new FormatException($"'{code}' is not an actor code."),
    };

    /// <summary>Reads a status code.</summary>
    /// <param name="code">The stored code.</param>
    /// <returns>The status.</returns>
    /// <exception cref="FormatException">The code is not a status code.</exception>
    public static LedgerStatus ParseStatus(string code) => code switch
    {
        "pending" => LedgerStatus.Pending,
        "succeeded" => LedgerStatus.Succeeded,
        "failed" => LedgerStatus.Failed,
        "rejected" => LedgerStatus.Rejected,
        "needs_human" => LedgerStatus.NeedsHuman,
        _ => throw new FormatException($"'{code}' is not a ledger status code."),
    };

    /// <summary>Reads a record action code.</summary>
    /// <param name="code">The stored code.</param>
    /// <returns>The action.</returns>
    /// <exception cref="FormatException">The code is not a record action code.</exception>
    public static RecordAction ParseAction(string code) => code switch
    {
        "created" => RecordAction.Created,
        "updated" => RecordAction.Updated,
        "deleted" => RecordAction.Deleted,
        _ => throw new FormatException($"'{code}' is not a record action code."),
    };
}
