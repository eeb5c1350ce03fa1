namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty's two GraphQL endpoints.</summary>
public enum TwentyGraphQLEndpoint
{
    /// <summary><c>/graphql</c>: records and global search.</summary>
    Core,

    /// <summary><c>/metadata</c>: objects, fields, webhooks, API keys.</summary>
    Metadata,
}
