namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>
/// The webhook inbox has as many deliveries waiting for their commit as it holds: this one was not taken and
/// nothing was stored. Ask the sender to come back later (503 with <c>Retry-After</c>).
/// </summary>
public sealed class WebhookInboxFullException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public WebhookInboxFullException()
        : base("The webhook inbox queue is full; the delivery was not stored.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused.</param>
    public WebhookInboxFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused.</param>
    /// <param name="innerException">The cause.</param>
    public WebhookInboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
