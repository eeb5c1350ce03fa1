using System.Security.Cryptography;
using System.Text;

namespace Sodimo.Crm.Domain.Ledger;

/// <summary>
/// The request hash stored with a ledger entry: lower-case hex SHA-256 of the request's UTF-8 JSON. The
/// caller must serialise the request the same way each time (same serializer, same options), so that
/// the same request always gives the same hash.
/// </summary>
public static class LedgerRequestHash
{
    /// <summary>Hashes a request's JSON.</summary>
    /// <param name="requestJson">The request as JSON.</param>
    /// <returns>64 lower-case hex characters.</returns>
    public static string Of(string requestJson)
    {
        ArgumentNullException.ThrowIfNull(requestJson);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestJson)));
    }
}
