namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>
/// Twenty could not be reached or failed before committing anything: connection refused, DNS, TLS, a 5xx or 429 whose
/// retries are exhausted, an open circuit, a timeout before the request was sent. <b>Nothing was written.</b>
/// Adapters throw it only when they know no write happened; otherwise <see cref="TwentyOutcomeUnknownException"/>.
/// </summary>
public sealed class TwentyUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyUnavailableException()
        : base("Twenty is unavailable; nothing was written.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The transport error.</param>
    public TwentyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Twenty refused the request (400, 403, 404 on a write, 409, 422, or a GraphQL <c>errors[]</c> that is not transient):
/// nothing was written and sending it again would be refused again. Carries Twenty's messages.
/// </summary>
public sealed class TwentyRejectedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyRejectedException()
        : this("Twenty rejected the request.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused.</param>
    public TwentyRejectedException(string message)
        : this(message, null, [])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="innerException">The underlying error.</param>
    public TwentyRejectedException(string message, Exception innerException)
        : this(message, null, [], innerException)
    {
    }

    /// <summary>Creates the exception with Twenty's status and messages.</summary>
    /// <param name="message">A summary, naming the operation.</param>
    /// <param name="statusCode">The HTTP status Twenty answered (400, 422…), or <see langword="null"/> for a GraphQL error.</param>
    /// <param name="twentyMessages">Twenty's own error messages, verbatim.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public TwentyRejectedException(string message, int? statusCode, IReadOnlyList<string> twentyMessages, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        TwentyMessages = twentyMessages ?? [];
    }

    /// <summary>The HTTP status Twenty answered, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>Twenty's own error messages, verbatim.</summary>
    public IReadOnlyList<string> TwentyMessages { get; }
}

/// <summary>
/// A write was sent and no answer came back (timeout after sending, connection reset, malformed or oversized body):
/// Twenty may or may not have applied it. The ledger entry stays pending and the reconciler resolves it.
/// </summary>
public sealed class TwentyOutcomeUnknownException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyOutcomeUnknownException()
        : base("The write was sent to Twenty but its outcome is unknown.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was sent and what happened.</param>
    public TwentyOutcomeUnknownException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was sent and what happened.</param>
    /// <param name="innerException">The transport error.</param>
    public TwentyOutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The record a request names does not exist in Twenty (an update's target, a use case's lookup).</summary>
public sealed class RecordNotFoundException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public RecordNotFoundException()
        : base("The record was not found.")
    {
        ObjectName = string.Empty;
        Key = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was not found.</param>
    public RecordNotFoundException(string message)
        : base(message)
    {
        ObjectName = string.Empty;
        Key = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was not found.</param>
    /// <param name="innerException">The underlying error.</param>
    public RecordNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        ObjectName = string.Empty;
        Key = string.Empty;
    }

    /// <summary>Creates the exception for one object and key.</summary>
    /// <param name="objectName">The Twenty object's singular name (<c>person</c>).</param>
    /// <param name="key">The id or business key looked up.</param>
    public RecordNotFoundException(string objectName, string key)
        : base($"No {objectName} \"{key}\" in Twenty.")
    {
        ObjectName = objectName;
        Key = key;
    }

    /// <summary>The Twenty object's singular name.</summary>
    public string ObjectName { get; }

    /// <summary>The id or business key looked up.</summary>
    public string Key { get; }
}
