namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty answered, but not in the shape API-FACTS describes (bad JSON, missing envelope key).</summary>
public sealed class TwentyProtocolException : TwentyException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TwentyProtocolException()
        : this("Twenty's answer could not be read.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    public TwentyProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong with the answer.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override bool IsTransient => false;
}
