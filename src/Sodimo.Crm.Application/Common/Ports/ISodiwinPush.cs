namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>
/// Pushes an Export Clients deal to Sodiwin (brief: API first, FTP+CSV fallback). An adapter must be
/// idempotent on <see cref="SodiwinOrder.IdempotencyKey"/> where the channel allows it; the caller also
/// guards each key with a ledger entry so a key is pushed successfully at most once.
/// </summary>
public interface ISodiwinPush
{
    /// <summary>Sends one order document to Sodiwin.</summary>
    /// <param name="order">The document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What Sodiwin answered (the order number when the channel returns one).</returns>
    /// <exception cref="SodiwinUnavailableException">Sodiwin could not be reached or failed; try again later.</exception>
    /// <exception cref="SodiwinRejectedException">Sodiwin refused the document; retrying the same one will not help.</exception>
    Task<SodiwinPushResult> PushAsync(SodiwinOrder order, CancellationToken cancellationToken = default);
}

/// <summary>The Sodiwin document a deal's Export Clients stage corresponds to (brief: devis → commande → facture).</summary>
public enum SodiwinDocumentKind
{
    /// <summary>A quote: stages Order received and Proforma Sent.</summary>
    Devis = 1,

    /// <summary>An order: stage Proforma confirmed.</summary>
    Commande = 2,

    /// <summary>An invoice: stages Payment and Waiting for delivery.</summary>
    Facture = 3,
}

/// <summary>One document pushed to Sodiwin for a deal at a stage.</summary>
/// <param name="IdempotencyKey">The same for every attempt for this deal and stage.</param>
/// <param name="DealId">Twenty's opportunity id.</param>
/// <param name="DealName">The deal's name.</param>
/// <param name="ClientCode">Sodiwin's client code (the join key).</param>
/// <param name="Stage">The Export Clients stage value (e.g. <c>PROFORMA_CONFIRMED</c>).</param>
/// <param name="Kind">The document kind for that stage.</param>
/// <param name="Amount">The deal's amount in units, when known.</param>
/// <param name="Currency">The amount's ISO currency code, when known.</param>
/// <param name="NumeroCommande">Sodiwin's order number already on the deal, when known.</param>
public sealed record SodiwinOrder(
    string IdempotencyKey,
    string DealId,
    string DealName,
    string? ClientCode,
    string Stage,
    SodiwinDocumentKind Kind,
    decimal? Amount,
    string? Currency,
    string? NumeroCommande);

/// <summary>Sodiwin's answer to a push.</summary>
/// <param name="NumeroCommande">The order number Sodiwin assigned, when the channel returns one (the API does, FTP does not).</param>
/// <param name="Reference">Where the document went (an order URL or the uploaded file name).</param>
public sealed record SodiwinPushResult(string? NumeroCommande, string Reference);

/// <summary>Sodiwin could not be reached or failed; the push may be retried.</summary>
public sealed class SodiwinUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SodiwinUnavailableException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public SodiwinUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public SodiwinUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Sodiwin refused the document (a 4xx); the same push will not succeed on retry.</summary>
public sealed class SodiwinRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SodiwinRejectedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Why it was refused.</param>
    public SodiwinRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Why it was refused.</param>
    /// <param name="innerException">The cause.</param>
    public SodiwinRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
