namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty refused the API key or its role (401 or 403). Never retried and never counted as an outage.</summary>
public sealed class TwentyAuthException : TwentyApiException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyAuthException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyAuthException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyAuthException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from Twenty's error envelope.</summary>
    /// <param name="error">The parsed envelope.</param>
    public TwentyAuthException(TwentyErrorEnvelope error)
        : base(error)
    {
    }
}
