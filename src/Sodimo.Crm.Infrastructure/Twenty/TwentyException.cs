namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>The base of every error the Twenty client raises.</summary>
public abstract class TwentyException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    protected TwentyException()
        : this("Twenty call failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    protected TwentyException(string message)
        : this(message, [message], null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    protected TwentyException(string message, Exception? innerException)
        : this(message, [message], innerException)
    {
    }

    /// <summary>Creates the exception with Twenty's own messages.</summary>
    /// <param name="message">What failed, in one line.</param>
    /// <param name="messages">Twenty's messages, as Twenty worded them.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected TwentyException(string message, IReadOnlyList<string> messages, Exception? innerException)
        : base(message, innerException)
    {
        Messages = messages;
    }

    /// <summary>Twenty's messages as Twenty worded them (or the client's own when Twenty said nothing).</summary>
    public IReadOnlyList<string> Messages { get; }

    /// <summary>Whether the same call may succeed later without change (outage, rate limit, timeout).</summary>
    public abstract bool IsTransient { get; }
}
