namespace Sodimo.Crm.Testing.Webhooks;

/// <summary>A webhook input was rejected (e.g. "Invalid target URL provided").</summary>
public sealed class WebhookInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebhookInputException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WebhookInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public WebhookInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
