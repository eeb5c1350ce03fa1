namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// Twenty's rate limit held (429) longer than the client may wait: retries ran out, or <c>Retry-After</c> asked
/// for more than <see cref="SodimoTwentyOptions.MaxRetryAfter"/>; or the client's own call budget held it back
/// (<see cref="IsClientBudget"/>). Twenty did not process the call.
/// </summary>
public sealed class TwentyRateLimitedException : TwentyApiException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyRateLimitedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyRateLimitedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyRateLimitedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from Twenty's error envelope.</summary>
    /// <param name="error">The parsed envelope.</param>
    /// <param name="retryAfter">Twenty's <c>Retry-After</c>, when it sent one.</param>
    public TwentyRateLimitedException(TwentyErrorEnvelope error, TimeSpan? retryAfter)
        : base(error)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception for the client's own call budget (<see cref="SodimoTwentyOptions.RequestsPerMinute"/>): nothing was sent.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="retryAfter">When the budget frees up, if known.</param>
    /// <param name="innerException">The limiter's refusal.</param>
    public TwentyRateLimitedException(string message, TimeSpan? retryAfter, Exception? innerException)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
        IsClientBudget = true;
    }

    /// <summary>
    /// Whether the client's own call budget (<see cref="SodimoTwentyOptions.RequestsPerMinute"/>) held the call back, not
    /// Twenty's rate limit: the call was never sent.
    /// </summary>
    public bool IsClientBudget { get; }

    /// <summary>How long Twenty (or the client's budget) asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
