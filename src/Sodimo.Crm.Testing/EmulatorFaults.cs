namespace Sodimo.Crm.Testing;

/// <summary>Kinds of scripted failure.</summary>
public enum FaultKind
{
    /// <summary>Wait <see cref="FaultRule.Delay"/> (on the emulator's clock), then serve normally.</summary>
    Delay,
    /// <summary>Answer 429 with <c>Retry-After</c> (<see cref="FaultRule.RetryAfter"/>) without serving.</summary>
    TooManyRequests,
    /// <summary>Answer <see cref="FaultRule.StatusCode"/> (default 500) without serving.</summary>
    ServerError,
    /// <summary>Drop the connection without serving.</summary>
    DropConnection,
    /// <summary>Serve the request (the write is committed), then drop the connection instead of answering.</summary>
    CommitThenDrop,
}

/// <summary>A scripted failure for requests matching <see cref="Method"/> and <see cref="PathPattern"/>.</summary>
public sealed class FaultRule
{
    private int _remaining;

    /// <summary>Creates a rule.</summary>
    /// <param name="kind">What to do.</param>
    /// <param name="pathPattern">Exact path (<c>/rest/batch/people</c>) or a prefix ending with <c>*</c> (<c>/rest/*</c>).</param>
    /// <param name="method">HTTP method, or null for any.</param>
    /// <param name="times">How many matching requests it applies to; <see cref="int.MaxValue"/> for always.</param>
    public FaultRule(FaultKind kind, string pathPattern, string? method = null, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        Kind = kind;
        PathPattern = pathPattern;
        Method = method?.ToUpperInvariant();
        _remaining = times;
    }

    /// <summary>What to do.</summary>
    public FaultKind Kind { get; }

    /// <summary>Path pattern (exact, or prefix ending with <c>*</c>).</summary>
    public string PathPattern { get; }

    /// <summary>HTTP method, or null for any.</summary>
    public string? Method { get; }

    /// <summary>For <see cref="FaultKind.Delay"/>: how long to wait. Default 1 s.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>For <see cref="FaultKind.TooManyRequests"/>: the Retry-After value. Default 1 s.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>For <see cref="FaultKind.ServerError"/>: the status. Default 500.</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>Matching requests still to be failed.</summary>
    public int Remaining => Volatile.Read(ref _remaining);

    /// <summary>Matching requests that were failed so far.</summary>
    public int Applied { get; private set; }

    internal bool TryConsume(string method, string path)
    {
        if (Method is not null && Method != method) return false;
        if (!PathMatches(PathPattern, path)) return false;
        while (true)
        {
            var current = Volatile.Read(ref _remaining);
            if (current <= 0) return false;
            var next = current == int.MaxValue ? current : current - 1;
            if (Interlocked.CompareExchange(ref _remaining, next, current) == current)
            {
                Applied++;
                return true;
            }
        }
    }

    internal static bool PathMatches(string pattern, string path) => pattern.EndsWith('*')
        ? path.StartsWith(pattern[..^1], StringComparison.Ordinal)
        : string.Equals(pattern.TrimEnd('/'), path, StringComparison.Ordinal);
}

/// <summary>The scripted faults of an emulator. Rules are tried in the order they were added; the first live match applies.</summary>
public sealed class EmulatorFaults
{
    private readonly Lock _lock = new();
    private readonly List<FaultRule> _rules = [];

    /// <summary>Adds a rule and returns it (to read <see cref="FaultRule.Applied"/> later).</summary>
    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock) _rules.Add(rule);
        return rule;
    }

    /// <summary>Fails the next matching request once with <paramref name="kind"/>.</summary>
    public FaultRule Once(FaultKind kind, string method, string pathPattern) => Add(new FaultRule(kind, pathPattern, method));

    /// <summary>Fails the next <paramref name="times"/> matching requests with <paramref name="kind"/>.</summary>
    public FaultRule Times(int times, FaultKind kind, string method, string pathPattern) =>
        Add(new FaultRule(kind, pathPattern, method, times));

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_lock) _rules.Clear();
    }

    internal FaultRule? Next(string method, string path)
    {
        lock (_lock)
        {
            foreach (var r in _rules)
            {
                if (r.TryConsume(method, path)) return r;
            }

            return null;
        }
    }
}
