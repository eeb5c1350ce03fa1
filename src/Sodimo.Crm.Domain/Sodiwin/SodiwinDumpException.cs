namespace Sodimo.Crm.Domain.Sodiwin;

/// <summary>
/// A Sodiwin dump cannot be read at all (missing file, no header, a mapped column missing, an unknown encoding):
/// unlike a bad row, nothing of it can be trusted, so the sync stops before it writes anything.
/// </summary>
public sealed class SodiwinDumpException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public SodiwinDumpException()
        : base("The Sodiwin dump cannot be read.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the dump, naming the source.</param>
    public SodiwinDumpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the dump, naming the source.</param>
    /// <param name="innerException">The underlying error.</param>
    public SodiwinDumpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
