namespace Sodimo.Crm.Testing.Core;

/// <summary>
/// Twenty's API-key throttle (API-FACTS §3): two continuous-refill token buckets (short: 100 per 1 s, long: 100
/// per 60 s by default) keyed per workspace, so every API key of the workspace shares them; 1 token per call.
/// </summary>
internal sealed class RateLimiter(EmulatorRateLimitOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Bucket _short = new(options.ShortLimit, options.ShortWindow);
    private readonly Bucket _long = new(options.LongLimit, options.LongWindow);

    /// <summary>Takes one token from each bucket, or returns the bucket that ran dry and the wait until one token.</summary>
    public RateDecision TryAcquire()
    {
        if (!options.Enabled) return RateDecision.Allowed;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            _short.Refill(now);
            _long.Refill(now);
            var dry = _short.Tokens < 1 ? _short : _long.Tokens < 1 ? _long : null;
            if (dry is not null)
            {
                var wait = dry.TimeUntilOneToken();
                return new RateDecision(false, dry.Limit, dry.Window, 0, wait, now + dry.TimeUntilFull());
            }

            _short.Tokens -= 1;
            _long.Tokens -= 1;
            return RateDecision.Allowed;
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _short.Tokens = _short.Limit;
            _long.Tokens = _long.Limit;
        }
    }

    private sealed class Bucket(int limit, TimeSpan window)
    {
        private DateTimeOffset? _last;

        public int Limit { get; } = limit;
        public TimeSpan Window { get; } = window;
        public double Tokens { get; set; } = limit;

        public void Refill(DateTimeOffset now)
        {
            if (_last is { } last && now > last)
            {
                Tokens = Math.Min(Limit, Tokens + ((now - last).TotalMilliseconds * Limit / Window.TotalMilliseconds));
            }

            _last = now;
        }

        public TimeSpan TimeUntilOneToken() => TimeSpan.FromMilliseconds((1 - Tokens) * Window.TotalMilliseconds / Limit);

        public TimeSpan TimeUntilFull() => TimeSpan.FromMilliseconds((Limit - Tokens) * Window.TotalMilliseconds / Limit);
    }
}

internal sealed record RateDecision(bool IsAllowed, int Limit, TimeSpan Window, int Remaining, TimeSpan RetryAfter, DateTimeOffset ResetAt)
{
    public static readonly RateDecision Allowed = new(true, 0, TimeSpan.Zero, 0, TimeSpan.Zero, default);
}
