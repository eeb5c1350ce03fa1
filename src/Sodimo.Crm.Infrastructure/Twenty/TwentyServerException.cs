namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty failed (5xx). Reads were already retried; a write may or may not have been applied only if Twenty says so.</summary>
public sealed class TwentyServerException : TwentyApiException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyServerException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from Twenty's error envelope.</summary>
    /// <param name="error">The parsed envelope.</param>
    public TwentyServerException(TwentyErrorEnvelope error)
        : base(error)
    {
    }
}
