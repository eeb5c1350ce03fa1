namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// Twenty answered with an error status and its error envelope
/// <c>{ statusCode, error, messages[], code? }</c>. Derived types name the common statuses.
/// </summary>
public class TwentyApiException : TwentyException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyApiException()
        : this("Twenty answered with an error.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyApiException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorName = string.Empty;
    }

    /// <summary>Creates the exception from Twenty's error envelope.</summary>
    /// <param name="error">The parsed envelope.</param>
    public TwentyApiException(TwentyErrorEnvelope error)
        : base(Describe(error), error?.Messages ?? [], null)
    {
        ArgumentNullException.ThrowIfNull(error);
        StatusCode = error.StatusCode;
        ErrorName = error.Error;
        Code = error.Code;
        Method = error.Method;
        Path = error.Path;
    }

    /// <summary>The HTTP status Twenty answered with.</summary>
    public int StatusCode { get; }

    /// <summary>Twenty's <c>error</c> (e.g. <c>BadRequestException</c>, <c>RATE_LIMITED</c>).</summary>
    public string ErrorName { get; }

    /// <summary>Twenty's custom <c>code</c> when it sent one (e.g. <c>INVALID_CURSOR</c>).</summary>
    public string? Code { get; }

    /// <summary>The HTTP method of the failed call.</summary>
    public string? Method { get; }

    /// <summary>The path of the failed call (without query string: filters may carry data).</summary>
    public string? Path { get; }

    /// <inheritdoc />
    public override bool IsTransient => StatusCode is 408 or 429 or >= 500;

    private static string Describe(TwentyErrorEnvelope? e) =>
        e is null
            ? "Twenty answered with an error."
            : $"Twenty answered {e.StatusCode} {e.Error} to {e.Method} {e.Path}: {string.Join(" | ", e.Messages)}";
}
