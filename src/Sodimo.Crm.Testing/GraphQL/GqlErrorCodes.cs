namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>The <c>extensions.code</c> values the emulator emits.</summary>
internal static class GqlErrorCodes
{
    /// <summary>Bad input (unknown field, bad argument, validation failure).</summary>
    public const string BadUserInput = "BAD_USER_INPUT";

    /// <summary>The document does not parse.</summary>
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";

    /// <summary>The document parses but does not validate against the schema.</summary>
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";

    /// <summary>Missing or invalid credentials.</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";

    /// <summary>Not allowed.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>A record or metadata item does not exist.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>Metadata validation failure (field and object creation).</summary>
    public const string MetadataValidationFailed = "METADATA_VALIDATION_FAILED";

    /// <summary>Unexpected failure.</summary>
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
}
