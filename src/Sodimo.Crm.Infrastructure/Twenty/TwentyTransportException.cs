namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// Twenty gave no answer: not reachable, connection lost, timed out, or the circuit is open.
/// <see cref="MayHaveBeenApplied"/> tells whether a write could have been committed anyway.
/// </summary>
public sealed class TwentyTransportException : TwentyException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyTransportException()
        : this("Twenty could not be reached.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyTransportException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyTransportException(string message, Exception? innerException)
        : this(TwentyTransportFailure.ConnectionLost, mayHaveBeenApplied: true, message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Why no answer came.</param>
    /// <param name="mayHaveBeenApplied">Whether the request may have reached Twenty and been committed.</param>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyTransportException(TwentyTransportFailure failure, bool mayHaveBeenApplied, string message, Exception? innerException)
        : base(message, innerException)
    {
        Failure = failure;
        MayHaveBeenApplied = mayHaveBeenApplied;
    }

    /// <summary>Why no answer came.</summary>
    public TwentyTransportFailure Failure { get; }

    /// <summary>
    /// Whether the request may have reached Twenty and been committed: true for a write that timed out or lost its
    /// connection after sending; false when nothing was sent (connection refused, circuit open) and for reads.
    /// </summary>
    public bool MayHaveBeenApplied { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}
