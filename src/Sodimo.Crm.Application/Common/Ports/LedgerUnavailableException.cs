namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>
/// The run ledger could not be read or written (locked past its busy timeout, read-only, full, missing
/// directory, database down). Thrown by <see cref="IRunLedger.BeginAsync"/> it means the entry was not
/// committed and the mutation must not be sent.
/// </summary>
public sealed class LedgerUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public LedgerUnavailableException()
        : base("The run ledger is unavailable.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be done, naming the store.</param>
    public LedgerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be done, naming the store.</param>
    /// <param name="innerException">The store's error.</param>
    public LedgerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
