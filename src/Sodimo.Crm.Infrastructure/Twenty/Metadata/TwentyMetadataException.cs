namespace Sodimo.Crm.Infrastructure.Twenty.Metadata;

/// <summary>A metadata call failed; <see cref="Exception.Message"/> is one line fit for an operator.</summary>
public sealed class TwentyMetadataException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">Why the call failed.</param>
    /// <param name="message">One line saying what failed.</param>
    /// <param name="code">The GraphQL <c>extensions.code</c>, if any.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public TwentyMetadataException(TwentyMetadataFailure failure, string message, string? code = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Code = code;
    }

    /// <summary>Creates an <see cref="TwentyMetadataFailure.InvalidResponse"/> failure.</summary>
    public TwentyMetadataException()
        : this(TwentyMetadataFailure.InvalidResponse, "Twenty's metadata API failed.")
    {
    }

    /// <summary>Creates an <see cref="TwentyMetadataFailure.InvalidResponse"/> failure.</summary>
    /// <param name="message">One line saying what failed.</param>
    public TwentyMetadataException(string message)
        : this(TwentyMetadataFailure.InvalidResponse, message)
    {
    }

    /// <summary>Creates an <see cref="TwentyMetadataFailure.InvalidResponse"/> failure.</summary>
    /// <param name="message">One line saying what failed.</param>
    /// <param name="innerException">The underlying error.</param>
    public TwentyMetadataException(string message, Exception innerException)
        : this(TwentyMetadataFailure.InvalidResponse, message, null, innerException)
    {
    }

    /// <summary>Why the call failed.</summary>
    public TwentyMetadataFailure Failure { get; }

    /// <summary>The GraphQL <c>extensions.code</c> Twenty sent, if any.</summary>
    public string? Code { get; }
}
