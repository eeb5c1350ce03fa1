namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty refused the input (400 or 422): bad filter, unknown field, invalid value, upsert conflict. Retrying the same call cannot help.</summary>
public sealed class TwentyBadRequestException : TwentyApiException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyBadRequestException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyBadRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyBadRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from Twenty's error envelope.</summary>
    /// <param name="error">The parsed envelope.</param>
    public TwentyBadRequestException(TwentyErrorEnvelope error)
        : base(error)
    {
    }
}
