namespace Sodimo.Crm.Testing;

/// <summary>Settings of a <see cref="TwentyEmulator"/>.</summary>
public sealed class TwentyEmulatorOptions
{
    /// <summary>Bearer tokens accepted as API keys. Default: <c>dev-key</c>.</summary>
    public IList<string> ApiKeys { get; } = ["dev-key"];

    /// <summary>The API-key throttle (API-FACTS §3), on by default.</summary>
    public EmulatorRateLimitOptions RateLimit { get; } = new();

    /// <summary>
    /// Largest body accepted by <c>POST /rest/batch/{plural}</c>. Default 60, the documented batch size
    /// (API-FACTS §1.6); Twenty's code accepts up to 200 — set 200 to mirror the code instead.
    /// </summary>
    public int MaxBatchRecords { get; set; } = 60;

    /// <summary>Largest number of records an update/delete/restore-many may touch (MUTATION_MAXIMUM_AFFECTED_RECORDS).</summary>
    public int MaxAffectedRecords { get; set; } = 100;

    /// <summary>Clock for timestamps, the rate limiter and fault delays. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>Rate-limit settings: two token buckets shared by every API key of the workspace.</summary>
public sealed class EmulatorRateLimitOptions
{
    /// <summary>Whether requests are throttled. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tokens of the short bucket (API_RATE_LIMITING_SHORT_LIMIT). Default 100.</summary>
    public int ShortLimit { get; set; } = 100;

    /// <summary>Refill window of the short bucket (API_RATE_LIMITING_SHORT_TTL_IN_MS). Default 1 s.</summary>
    public TimeSpan ShortWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Tokens of the long bucket (API_RATE_LIMITING_LONG_LIMIT). Default 100.</summary>
    public int LongLimit { get; set; } = 100;

    /// <summary>Refill window of the long bucket (API_RATE_LIMITING_LONG_TTL_IN_MS). Default 60 s.</summary>
    public TimeSpan LongWindow { get; set; } = TimeSpan.FromMinutes(1);
}
