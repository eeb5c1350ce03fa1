namespace Sodimo.Crm.McpHost.Backend;

/// <summary>A CRM operation failed in a way the model can act on; the message is written for the model.</summary>
internal sealed class CrmToolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Why it failed.</param>
    /// <param name="message">What happened and what to do, for the model.</param>
    /// <param name="validValues">The values that would have been accepted, when that helps (e.g. the stages).</param>
    /// <param name="innerException">The underlying error.</param>
    public CrmToolException(CrmErrorKind kind, string message, IReadOnlyList<string>? validValues = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ValidValues = validValues;
    }

    /// <summary>Why it failed.</summary>
    public CrmErrorKind Kind { get; }

    /// <summary>The accepted values, when known.</summary>
    public IReadOnlyList<string>? ValidValues { get; }

    /// <summary>Whether the host knows nothing was written (false when a write's outcome is unknown).</summary>
    public bool NothingWritten { get; init; } = true;
}
