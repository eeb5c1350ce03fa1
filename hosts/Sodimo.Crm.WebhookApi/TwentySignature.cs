using System.Security.Cryptography;
using System.Text;

namespace Sodimo.Crm.WebhookApi;

/// <summary>
/// Twenty's webhook signature (API-FACTS §7.3): <c>X-Twenty-Webhook-Signature</c> is the lower-case hex
/// HMAC-SHA256, keyed by the secret as UTF-8, of <c>&lt;X-Twenty-Webhook-Timestamp&gt;:&lt;raw body&gt;</c>; the
/// timestamp is milliseconds since the epoch as a decimal string. The nonce is not signed.
/// </summary>
internal static class TwentySignature
{
    public const string TimestampHeader = "X-Twenty-Webhook-Timestamp";
    public const string SignatureHeader = "X-Twenty-Webhook-Signature";
    public const string NonceHeader = "X-Twenty-Webhook-Nonce";

    private const int HexLength = 64;

    // 16 digits reach the year 2286 in milliseconds; more is an overflow attempt.
    private const int MaxTimestampDigits = 16;

    /// <summary>Signs a body as Twenty does (for tests and tools).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(Mac(Encoding.UTF8.GetBytes(secret), timestamp, body));

    /// <summary>Checks a delivery's headers and body. The cheap checks come first; the HMAC last.</summary>
    public static SignatureCheck Verify(
        string timestamp, string signature, ReadOnlySpan<byte> body, IEnumerable<string> secrets, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!TryParseTimestamp(timestamp, out var milliseconds))
        {
            return SignatureCheck.MalformedTimestamp;
        }

        var skew = Math.Abs((decimal)now.ToUnixTimeMilliseconds() - milliseconds);
        if (skew > (decimal)tolerance.TotalMilliseconds)
        {
            return SignatureCheck.OutsideWindow;
        }

        Span<byte> given = stackalloc byte[32];
        if (!TryParseLowerHex(signature, given))
        {
            return SignatureCheck.MalformedSignature;
        }

        var match = false;
        foreach (var secret in secrets)
        {
            // Every secret is tried, so the time taken does not tell which one matched.
            match |= CryptographicOperations.FixedTimeEquals(Mac(Encoding.UTF8.GetBytes(secret), timestamp, body), given);
        }

        return match ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The signed timestamp as a time (call after <see cref="Verify"/> said valid).</summary>
    public static DateTimeOffset TimestampOf(string timestamp) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The replay key of a delivery: hex SHA-256 of the signed message, the same whatever the secret or nonce.</summary>
    public static string DeliveryKey(string timestamp, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes(timestamp + ":"));
        hash.AppendData(body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static byte[] Mac(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + ":"));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryParseTimestamp(string text, out long milliseconds)
    {
        milliseconds = 0;
        if (text.Length is 0 or > MaxTimestampDigits)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            milliseconds = (milliseconds * 10) + (c - '0');
        }

        return true;
    }

    private static bool TryParseLowerHex(string text, Span<byte> bytes)
    {
        if (text.Length != HexLength)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var high = Nibble(text[2 * i]);
            var low = Nibble(text[(2 * i) + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        return true;

        static int Nibble(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1, // Twenty sends lower case; anything else is not its signature.
        };
    }
}
