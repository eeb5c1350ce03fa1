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
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Message(timestamp, body), mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Checks a delivery's headers and body. The cheap checks come first; the HMAC last.</summary>
    public static SignatureCheck Verify(
        string timestamp, string signature, ReadOnlySpan<byte> body, IEnumerable<string> secrets, DateTimeOffset now, TimeSpan tolerance) =>
        VerifyMessage(timestamp, signature, Message(timestamp, body), Keys(secrets), now, tolerance);

    /// <summary>
    /// <see cref="Verify"/> over the signed message <c>&lt;timestamp&gt;:&lt;body&gt;</c> already in one buffer,
    /// with the secrets already encoded (see <see cref="Keys"/>): no copy, no allocation.
    /// </summary>
    public static SignatureCheck VerifyMessage(
        string timestamp, string signature, ReadOnlySpan<byte> message, IReadOnlyList<byte[]> keys, DateTimeOffset now, TimeSpan tolerance)
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

        Span<byte> mac = stackalloc byte[32];
        var match = false;
        for (var i = 0; i < keys.Count; i++)
        {
            // Every secret is tried, so the time taken does not tell which one matched.
            HMACSHA256.HashData(keys[i], message, mac);
            match |= CryptographicOperations.FixedTimeEquals(mac, given);
        }

        return match ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The secrets as HMAC keys (UTF-8).</summary>
    public static byte[][] Keys(IEnumerable<string> secrets) => [.. secrets.Select(Encoding.UTF8.GetBytes)];

    /// <summary>The signed timestamp as a time (call after <see cref="Verify"/> said valid).</summary>
    public static DateTimeOffset TimestampOf(string timestamp) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The replay key of a delivery: hex SHA-256 of the signed message, the same whatever the secret or nonce.</summary>
    public static string DeliveryKey(string timestamp, ReadOnlySpan<byte> body) => MessageKey(Message(timestamp, body));

    /// <summary><see cref="DeliveryKey"/> of the signed message <c>&lt;timestamp&gt;:&lt;body&gt;</c>.</summary>
    public static string MessageKey(ReadOnlySpan<byte> message)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(message, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>How many bytes <c>&lt;timestamp&gt;:</c> takes at the front of the signed message.</summary>
    public static int PrefixLength(string timestamp) => Encoding.UTF8.GetByteCount(timestamp) + 1;

    /// <summary>Writes <c>&lt;timestamp&gt;:</c> at the front of <paramref name="message"/> (<see cref="PrefixLength"/> bytes).</summary>
    public static void WritePrefix(string timestamp, Span<byte> message)
    {
        var written = Encoding.UTF8.GetBytes(timestamp, message);
        message[written] = (byte)':';
    }

    private static byte[] Message(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = PrefixLength(timestamp);
        var message = new byte[prefix + body.Length];
        WritePrefix(timestamp, message);
        body.CopyTo(message.AsSpan(prefix));
        return message;
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
