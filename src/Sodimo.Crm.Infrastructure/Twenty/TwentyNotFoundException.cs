namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty has no such record or object (404).</summary>
public sealed class TwentyNotFoundException : TwentyApiException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyNotFoundException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from Twenty's error envelope.</summary>
    /// <param name="error">The parsed envelope.</param>
    public TwentyNotFoundException(TwentyErrorEnvelope error)
        : base(error)
    {
    }
}
