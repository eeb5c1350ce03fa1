namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// How to reach Twenty and how hard to try: bound from the <c>Sodimo:Twenty</c> configuration section and
/// validated when the host starts (<see cref="TwentyServiceCollectionExtensions.AddSodimoTwentyClient"/>).
/// </summary>
public sealed class SodimoTwentyOptions
{
    /// <summary>The configuration section the options are bound from: <c>Sodimo:Twenty</c>.</summary>
    public const string SectionName = "Sodimo:Twenty";

    /// <summary>
    /// Twenty's origin, e.g. <c>https://crm.sodimo.fr/</c> (the client appends <c>/rest/…</c>, <c>/graphql</c> and
    /// <c>/metadata</c>). Required. Must be https, except for a loopback host; no user name or password; no
    /// link-local or cloud metadata address.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>The workspace API key, sent as <c>Authorization: Bearer</c>. Required; keep it out of appsettings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The bound on one call including every retry and wait. Default 30 seconds.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The bound on one attempt (one HTTP exchange). Default 10 seconds; at most <see cref="TotalTimeout"/>.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many times an idempotent call (a read) is retried after a 5xx, a timeout or a lost connection, and how
    /// many times any call is retried after a 429. Default 3; 0 turns retries off; at most 10.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter. Default 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits for; a 429 asking for more fails at once with
    /// <see cref="TwentyRateLimitedException"/>. Default 20 seconds; less than <see cref="TotalTimeout"/>.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The share of failed calls within <see cref="CircuitSamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>The fewest calls within <see cref="CircuitSamplingDuration"/> before the circuit may open. Default 10; at least 2.</summary>
    public int CircuitMinimumThroughput { get; set; } = 10;

    /// <summary>The window over which failures are counted. Default 30 seconds; at least twice <see cref="AttemptTimeout"/>.</summary>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before one trial call. Default 15 seconds.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The most calls this client sends in any 60 seconds (all API keys of a workspace share Twenty's bucket of 100 a
    /// minute). Calls past the budget wait their turn, within <see cref="TotalTimeout"/>. Default 100; 0 turns the
    /// budget off.
    /// </summary>
    public int RequestsPerMinute { get; set; } = 100;

    /// <summary>How many calls may wait for the budget at once; more fail at once with <see cref="TwentyRateLimitedException"/>. Default 1000.</summary>
    public int RateLimitQueue { get; set; } = 1000;

    /// <summary>Records per batch create (<c>POST /rest/batch/…</c>). Default 60, Twenty's documented batch size; 1 to 60.</summary>
    public int BatchSize { get; set; } = 60;

    /// <summary>Records per page when listing. Default 200, Twenty's maximum; 1 to 200.</summary>
    public int PageSize { get; set; } = 200;
}
