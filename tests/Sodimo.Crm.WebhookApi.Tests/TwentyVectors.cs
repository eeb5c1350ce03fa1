namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>
/// Known-answer vectors for Twenty's webhook signature (API-FACTS §7.3): hex HMAC-SHA256 keyed by the secret
/// as UTF-8, over <c>&lt;ms timestamp&gt;:&lt;raw body&gt;</c>. The expected values were computed with another
/// implementation (Python's hmac over OpenSSL), not with the code under test.
/// </summary>
internal static class TwentyVectors
{
    /// <summary>A secret shaped like the ones Twenty generates (32 random bytes, hex).</summary>
    public const string Secret = "4f8a2c19e7b3d05a6c1e9f7b2d4a8c3e5f0b1d2e3c4a5b6c7d8e9f0a1b2c3d4e";

    /// <summary>The previous secret, still accepted during a rotation.</summary>
    public const string OldSecret = "rotated-out-old-secret-value-01";

    /// <summary>2026-11-27T16:00:00.000Z in milliseconds.</summary>
    public const string Timestamp = "1795795200000";

    public static readonly DateTimeOffset SignedAt = new(2026, 11, 27, 16, 0, 0, TimeSpan.Zero);

    /// <summary>A body as Twenty serialises it (JSON.stringify: no spaces, keys in its order).</summary>
    public const string Body =
        """{"targetUrl":"https://sodimo.example/webhooks/twenty","eventName":"opportunity.updated","objectMetadata":{"id":"0f5f4bd6-6c2b-4d5a-9a63-6f3b8a1f2c11","nameSingular":"opportunity"},"workspaceId":"20202020-1c25-4d02-bf25-6aeccf7ea419","webhookId":"7d0c2f8e-9b1a-4c3d-8e5f-1a2b3c4d5e6f","eventDate":"2026-11-27T15:20:00.000Z","workspaceMemberId":"a1b2c3d4-0000-4000-8000-000000000001","record":{"id":"5a6b7c8d-1111-4222-8333-944455556666","name":"Renouvellement parc 2027","stage":"EXPORT_CLIENTS","amount":{"amountMicros":125000000000,"currencyCode":"EUR"}},"updatedFields":["stage"]}""";

    /// <summary>The signature of <see cref="Body"/> at <see cref="Timestamp"/> with <see cref="Secret"/>.</summary>
    public const string Signature = "5ad6547aa0d1eaf7cbe4479aa107cd8181f94c89ff65dc70a858fad206cf216b";

    /// <summary>The same message signed with <see cref="OldSecret"/>.</summary>
    public const string OldSignature = "3003e75124f0f1cb612dfb2e06f13cf60730893a41ac584c0280433445b77f4a";

    /// <summary>HMAC-SHA256(key "key", "1:") — the smallest message: timestamp "1", empty body.</summary>
    public const string MinimalSignature = "dced2bf170e17ad81b63b7ab59966e472f19e944ec5eaf59c904d8d16516e126";

    /// <summary>SHA-256 of <c>Timestamp:Body</c>: the delivery key a replay is recognised by.</summary>
    public const string DeliveryKey = "4c273ff3d400db03f5ca9c910306162232f100759455a69302468a542efe9efd";
}
