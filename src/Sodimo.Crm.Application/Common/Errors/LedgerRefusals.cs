namespace Sodimo.Crm.Application.Common.Errors;

/// <summary>
/// The idempotency key was already used for a different request (another payload hash): refused, nothing sent.
/// </summary>
public sealed class IdempotencyConflictException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public IdempotencyConflictException()
        : base("The idempotency key was already used for a different request.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which key and tool.</param>
    public IdempotencyConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which key and tool.</param>
    /// <param name="innerException">The underlying error.</param>
    public IdempotencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Another writer holds the idempotency key (its entry is pending), or the entry waits for a person (needs human):
/// nothing sent. Retry later with the same key to get the stored result.
/// </summary>
public sealed class MutationInProgressException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public MutationInProgressException()
        : base("A mutation with this idempotency key is in progress or waits for a person.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which key and its state.</param>
    public MutationInProgressException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which key and its state.</param>
    /// <param name="innerException">The underlying error.</param>
    public MutationInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
