using System.Security.Cryptography;
using System.Text;

namespace Sodimo.Crm.Testing.Webhooks;

/// <summary>
/// Twenty's webhook signature (API-FACTS §7.3): lowercase hex HMAC-SHA256 keyed by the webhook secret (UTF-8)
/// over <c>"&lt;timestamp&gt;:&lt;body&gt;"</c>, where the timestamp is the <c>X-Twenty-Webhook-Timestamp</c>
/// header (milliseconds since the epoch) and the body is the exact JSON sent.
/// </summary>
public static class WebhookSignature
{
    /// <summary>Header carrying the millisecond timestamp.</summary>
    public const string TimestampHeader = "X-Twenty-Webhook-Timestamp";

    /// <summary>Header carrying the hex HMAC-SHA256 signature.</summary>
    public const string SignatureHeader = "X-Twenty-Webhook-Signature";

    /// <summary>Header carrying 16 random bytes as hex (not signed).</summary>
    public const string NonceHeader = "X-Twenty-Webhook-Nonce";

    /// <summary>Computes the signature of a body sent at <paramref name="timestamp"/>.</summary>
    public static string Compute(string secret, string timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Encoding.UTF8.GetBytes(secret);
        var message = Encoding.UTF8.GetBytes(timestamp + ":" + body);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    /// <summary>Checks a received signature in constant time.</summary>
    public static bool Verify(string secret, string timestamp, string body, string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        var actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
