namespace Sodimo.Crm.WebhookApi;

/// <summary>The result of <see cref="TwentySignature.Verify"/>.</summary>
internal enum SignatureCheck
{
    /// <summary>Signed with one of the secrets, inside the time window.</summary>
    Valid,

    /// <summary>The timestamp is not a decimal count of milliseconds.</summary>
    MalformedTimestamp,

    /// <summary>The timestamp is too far from now.</summary>
    OutsideWindow,

    /// <summary>The signature is not 64 lower-case hex characters.</summary>
    MalformedSignature,

    /// <summary>No secret gives this signature for this timestamp and body.</summary>
    Mismatch,
}
