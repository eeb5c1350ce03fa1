using System.Text;

namespace Sodimo.Crm.WebhookApi.Tests;

public sealed class TwentySignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(TwentyVectors.Body);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private static SignatureCheck Verify(string timestamp, string signature, byte[]? body = null, DateTimeOffset? now = null, params string[] secrets) =>
        TwentySignature.Verify(
            timestamp, signature, body ?? Body, secrets.Length == 0 ? [TwentyVectors.Secret] : secrets, now ?? TwentyVectors.SignedAt, Window);

    [Fact]
    public void Sign_KnownAnswerVectors_MatchAnIndependentImplementation()
    {
        TwentySignature.Sign(TwentyVectors.Secret, TwentyVectors.Timestamp, Body).ShouldBe(TwentyVectors.Signature);
        TwentySignature.Sign(TwentyVectors.OldSecret, TwentyVectors.Timestamp, Body).ShouldBe(TwentyVectors.OldSignature);
        TwentySignature.Sign("key", "1", []).ShouldBe(TwentyVectors.MinimalSignature);
        TwentySignature.DeliveryKey(TwentyVectors.Timestamp, Body).ShouldBe(TwentyVectors.DeliveryKey);
    }

    [Fact]
    public void Verify_KnownAnswerVector_IsValid() =>
        Verify(TwentyVectors.Timestamp, TwentyVectors.Signature).ShouldBe(SignatureCheck.Valid);

    [Fact]
    public void Verify_EitherSecretDuringARotation_IsValid()
    {
        Verify(TwentyVectors.Timestamp, TwentyVectors.OldSignature, secrets: [TwentyVectors.OldSecret, TwentyVectors.Secret]).ShouldBe(SignatureCheck.Valid);
        Verify(TwentyVectors.Timestamp, TwentyVectors.Signature, secrets: [TwentyVectors.OldSecret, TwentyVectors.Secret]).ShouldBe(SignatureCheck.Valid);
        Verify(TwentyVectors.Timestamp, TwentyVectors.OldSignature).ShouldBe(SignatureCheck.Mismatch);
    }

    [Theory]
    [InlineData(-300_000, nameof(SignatureCheck.Valid))]
    [InlineData(300_000, nameof(SignatureCheck.Valid))]
    [InlineData(-300_001, nameof(SignatureCheck.OutsideWindow))]
    [InlineData(300_001, nameof(SignatureCheck.OutsideWindow))]
    public void Verify_TimestampAtTheWindowsEdge_AcceptedUpToTheMillisecond(int skewMs, string expected)
    {
        // The server's clock is off by skewMs from the signed timestamp.
        Verify(TwentyVectors.Timestamp, TwentyVectors.Signature, now: TwentyVectors.SignedAt.AddMilliseconds(skewMs)).ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("1795795200", nameof(SignatureCheck.OutsideWindow))] // seconds where Twenty sends milliseconds
    [InlineData("0", nameof(SignatureCheck.OutsideWindow))]
    [InlineData("9999999999999999", nameof(SignatureCheck.OutsideWindow))]
    [InlineData("-1795795200000", nameof(SignatureCheck.MalformedTimestamp))]
    [InlineData("+1795795200000", nameof(SignatureCheck.MalformedTimestamp))]
    [InlineData("1795795200000.0", nameof(SignatureCheck.MalformedTimestamp))]
    [InlineData("1.7957952e12", nameof(SignatureCheck.MalformedTimestamp))]
    [InlineData("17957952000000000000", nameof(SignatureCheck.MalformedTimestamp))] // 20 digits: would overflow
    [InlineData("abc", nameof(SignatureCheck.MalformedTimestamp))]
    [InlineData(" 1795795200000", nameof(SignatureCheck.MalformedTimestamp))]
    [InlineData("", nameof(SignatureCheck.MalformedTimestamp))]
    public void Verify_BadTimestamps_AreRefused(string timestamp, string expected) =>
        Verify(timestamp, TwentyVectors.Signature).ToString().ShouldBe(expected);

    public static TheoryData<string> BadSignatures() => new()
    {
        TwentyVectors.Signature.ToUpperInvariant(),
        Convert.ToBase64String(Convert.FromHexString(TwentyVectors.Signature)),
        "sha256=" + TwentyVectors.Signature,
        "v1," + TwentyVectors.Signature,
        TwentyVectors.Signature[..63],
        TwentyVectors.Signature + "0",
        " " + TwentyVectors.Signature,
        TwentyVectors.Signature[..32] + " " + TwentyVectors.Signature[33..],
        TwentyVectors.OldSignature + " " + TwentyVectors.Signature,
        TwentyVectors.OldSignature + "," + TwentyVectors.Signature,
        new string('0', 64),
        TwentyVectors.Signature[..63] + (TwentyVectors.Signature[63] == 'a' ? "b" : "a"),
        string.Empty,
    };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public void Verify_BadSignatures_AreRefused(string signature) =>
        Verify(TwentyVectors.Timestamp, signature).ShouldNotBe(SignatureCheck.Valid);

    [Fact]
    public void Verify_AnyChangeToTheSignedMessage_IsAMismatch()
    {
        var changed = (byte[])Body.Clone();
        changed[100] ^= 1;

        Verify(TwentyVectors.Timestamp, TwentyVectors.Signature, changed).ShouldBe(SignatureCheck.Mismatch);
        Verify(TwentyVectors.Timestamp, TwentyVectors.Signature, Encoding.UTF8.GetBytes(TwentyVectors.Body + "\n")).ShouldBe(SignatureCheck.Mismatch);
        Verify(TwentyVectors.Timestamp, TwentyVectors.Signature, Encoding.UTF8.GetBytes(TwentyVectors.Body.Replace(",", ", ", StringComparison.Ordinal)))
            .ShouldBe(SignatureCheck.Mismatch);
        Verify("1795795200001", TwentyVectors.Signature).ShouldBe(SignatureCheck.Mismatch);
        Verify(TwentyVectors.Timestamp, TwentyVectors.Signature, secrets: [TwentyVectors.Secret.ToUpperInvariant()]).ShouldBe(SignatureCheck.Mismatch);
    }
    [Fact]
    public void VerifyMessage_WithReusedHashes_AgreesWithTheOneShot_CallAfterCall()
    {
        var keys = TwentySignature.Keys([TwentyVectors.OldSecret, TwentyVectors.Secret]);
        using var hashes = new MessageHashes(keys);
        var message = Encoding.UTF8.GetBytes(TwentyVectors.Timestamp + ":" + TwentyVectors.Body);
        var other = Encoding.UTF8.GetBytes(TwentyVectors.Timestamp + ":" + TwentyVectors.Body + " ");
        (string Signature, byte[] Message, SignatureCheck Expected)[] cases =
        [
            (TwentyVectors.Signature, message, SignatureCheck.Valid),
            (TwentyVectors.OldSignature, message, SignatureCheck.Valid),
            (TwentyVectors.Signature, other, SignatureCheck.Mismatch),
            (TwentyVectors.Signature, message, SignatureCheck.Valid), // the instances were reset after the mismatch
            (new string('0', 64), message, SignatureCheck.Mismatch),
        ];

        foreach (var (signature, bytes, expected) in cases)
        {
            TwentySignature.VerifyMessage(TwentyVectors.Timestamp, signature, bytes, hashes, TwentyVectors.SignedAt, Window).ShouldBe(expected);
            TwentySignature.VerifyMessage(TwentyVectors.Timestamp, signature, bytes, keys, TwentyVectors.SignedAt, Window).ShouldBe(expected);
            TwentySignature.MessageKey(bytes, hashes).ShouldBe(TwentySignature.MessageKey(bytes));
        }

        TwentySignature.MessageKey(message, hashes).ShouldBe(TwentyVectors.DeliveryKey);
        TwentySignature.VerifyMessage("x", TwentyVectors.Signature, message, hashes, TwentyVectors.SignedAt, Window).ShouldBe(SignatureCheck.MalformedTimestamp);
        TwentySignature.VerifyMessage(TwentyVectors.Timestamp, TwentyVectors.Signature, message, hashes, TwentyVectors.SignedAt.AddHours(1), Window)
            .ShouldBe(SignatureCheck.OutsideWindow);
    }
}
