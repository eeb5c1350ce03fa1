namespace Sodimo.Crm.WebhookApi;

/// <summary>The webhook API's settings, bound from <c>Sodimo:Webhooks</c> and validated at start.</summary>
internal sealed class SodimoWebhooksOptions
{
    /// <summary>The configuration section: <c>Sodimo:Webhooks</c>.</summary>
    public const string SectionName = "Sodimo:Webhooks";

    /// <summary>
    /// Twenty webhook secrets (the webhook's <c>secret</c>, used as a UTF-8 string). At least one, each at least
    /// 24 bytes. During a rotation list the old and the new one: a delivery signed with either is accepted.
    /// Keep them out of appsettings.json (environment variables <c>Sodimo__Webhooks__Secrets__0</c>, …). When none is listed,
    /// the secret <c>provision</c> registers (<c>Sodimo:Webhook:Secret</c>) is used.
    /// </summary>
    public IList<string> Secrets { get; } = [];

    /// <summary>How far a delivery's signed timestamp may be from now, either way. Default 5 minutes (1 s to 1 h).</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body accepted, in bytes; larger ones get 413 before any HMAC. Default 512 KiB (1 KiB to 10 MiB).</summary>
    public int MaxBodyBytes { get; set; } = 512 * 1024;

    /// <summary>When set, deliveries for another Twenty workspace are refused (422). Default: not checked.</summary>
    public string? WorkspaceId { get; set; }

    /// <summary>
    /// Bearer tokens accepted by <c>POST /ledger</c> (a Twenty workflow's HTTP Request step), each at least 32
    /// characters; list two during a rotation. None (the default) turns the endpoint off (404).
    /// </summary>
    public IList<string> LedgerTokens { get; } = [];

    /// <summary>
    /// Bearer tokens accepted by <c>GET /admin/failed</c> and <c>POST /admin/failed/{id}/replay</c>, each at
    /// least 32 characters. None (the default) turns the admin endpoints off (404).
    /// </summary>
    public IList<string> AdminTokens { get; } = [];

    /// <summary>Whether the host drains the inbox (records stage changes, pushes to Sodiwin). Default off.</summary>
    public bool ProcessInbox { get; set; }

    /// <summary>
    /// How long a processor's claim on an inbox delivery holds (renewed every third of it while the delivery is processed).
    /// A host that dies leaves its claims to expire: another host takes them over after this time. Default 1 minute (1 s to 1 h).
    /// </summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often the mutation reconciler runs in this host (only with <see cref="ProcessInbox"/> on and Twenty configured),
    /// besides once at start. Default 5 minutes, as the sync worker's schedule (1 min to 1 day).
    /// </summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);
}
