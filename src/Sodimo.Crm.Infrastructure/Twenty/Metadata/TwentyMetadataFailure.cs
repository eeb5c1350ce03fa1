namespace Sodimo.Crm.Infrastructure.Twenty.Metadata;

/// <summary>Why a metadata call failed.</summary>
public enum TwentyMetadataFailure
{
    /// <summary>Twenty could not be reached (DNS, connection refused, TLS, timeout) or answered 5xx.</summary>
    Unreachable,

    /// <summary>Twenty refused the API key (401, 403, <c>UNAUTHENTICATED</c>, <c>FORBIDDEN</c>).</summary>
    AccessDenied,

    /// <summary>Twenty answered with a GraphQL error (validation, conflict, …).</summary>
    Rejected,

    /// <summary>Twenty answered something that is not the expected GraphQL response.</summary>
    InvalidResponse,
}
