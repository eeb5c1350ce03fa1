using System.Text.Json;

namespace Sodimo.Crm.WebhookApi.Endpoints;

/// <summary>
/// The body of <c>POST /ledger</c>: what a Twenty workflow did (or tried), recorded with the actor
/// <c>workflow</c>. The idempotency key is stored as <c>workflow:&lt;key&gt;</c>.
/// </summary>
internal sealed record LedgerRowRequest
{
    /// <summary>The workflow run id (joins with Twenty's workflow runs and audit log).</summary>
    public string? RunId { get; init; }

    /// <summary>The workflow's name; stored as the skill.</summary>
    public string? Workflow { get; init; }

    /// <summary>What the step did, for example <c>workflow_update_deal</c>.</summary>
    public string? ToolName { get; init; }

    /// <summary>The workflow's own idempotency key for this step (for example its run id and step id).</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>What the step aimed at.</summary>
    public LedgerRowTarget? Target { get; init; }

    /// <summary>The step's request, any JSON; its text is stored and hashed.</summary>
    public JsonElement Request { get; init; }

    /// <summary><c>succeeded</c> (default), <c>failed</c> or <c>rejected</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>The records the step touched (succeeded).</summary>
    public IReadOnlyList<LedgerRowRecord>? Records { get; init; }

    /// <summary>The error (failed, rejected).</summary>
    public string? Error { get; init; }

    /// <summary>The workspace member who started the workflow, when known.</summary>
    public string? CallerId { get; init; }
}

/// <summary>The target of a <see cref="LedgerRowRequest"/>.</summary>
internal sealed record LedgerRowTarget(string? Object, string? RecordId, string? Key);

/// <summary>A record a workflow step touched.</summary>
internal sealed record LedgerRowRecord(string? Object, string? Id, string? Action);
