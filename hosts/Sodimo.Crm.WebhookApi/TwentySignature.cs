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
        Span<byte> given = stackalloc byte[32];
        if (CheckHeaders(timestamp, signature, now, tolerance, given) is var headers and not SignatureCheck.Valid)
        {
            return headers;
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

    /// <summary>
    /// <see cref="VerifyMessage(string, string, ReadOnlySpan{byte}, IReadOnlyList{byte[]}, DateTimeOffset, TimeSpan)"/> with
    /// HMACs already keyed (see <see cref="MessageHashes"/>): the same checks and the same MAC, without setting up a key per call.
    /// </summary>
    public static SignatureCheck VerifyMessage(
        string timestamp, string signature, ReadOnlySpan<byte> message, MessageHashes hashes, DateTimeOffset now, TimeSpan tolerance)
    {
        Span<byte> given = stackalloc byte[32];
        if (CheckHeaders(timestamp, signature, now, tolerance, given) is var headers and not SignatureCheck.Valid)
        {
            return headers;
        }

        Span<byte> mac = stackalloc byte[32];
        var match = false;
        foreach (var hmac in hashes.Macs)
        {
            // Every secret is tried, so the time taken does not tell which one matched.
            hmac.AppendData(message);
            hmac.GetHashAndReset(mac);
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

    /// <summary><see cref="MessageKey(ReadOnlySpan{byte})"/> with a reused SHA-256.</summary>
    public static string MessageKey(ReadOnlySpan<byte> message, MessageHashes hashes)
    {
        Span<byte> hash = stackalloc byte[32];
        hashes.Sha256.AppendData(message);
        hashes.Sha256.GetHashAndReset(hash);
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

    /// <summary>The timestamp (well formed, inside the window) and the signature (64 lower-case hex, decoded into <paramref name="given"/>).</summary>
    private static SignatureCheck CheckHeaders(string timestamp, string signature, DateTimeOffset now, TimeSpan tolerance, Span<byte> given)
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

        return TryParseLowerHex(signature, given) ? SignatureCheck.Valid : SignatureCheck.MalformedSignature;
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

/// <summary>
/// An HMAC-SHA256 per secret, keyed once, and a SHA-256, to hash many messages one after the other: OpenSSL's one-shot
/// HMAC looks the algorithm up and sets the key up on every call, a third of the cost of a webhook's two hashes. Not
/// thread-safe: one instance per thread.
/// </summary>
internal sealed class MessageHashes : IDisposable
{
    public MessageHashes(byte[][] keys)
    {
        Keys = keys;
        Macs = [.. keys.Select(key => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key))];
        Sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>The keys the HMACs were made with (compared by reference to tell a stale instance).</summary>
    public byte[][] Keys { get; }

    /// <summary>One keyed HMAC-SHA256 per key, in the order of <see cref="Keys"/>.</summary>
    public IncrementalHash[] Macs { get; }

    /// <summary>A SHA-256 (the replay key).</summary>
    public IncrementalHash Sha256 { get; }

    public void Dispose()
    {
        foreach (var mac in Macs)
        {
            mac.Dispose();
        }

        Sha256.Dispose();
    }
}
