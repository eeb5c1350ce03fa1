using Sodimo.Crm.Testing.Core;

namespace Sodimo.Crm.Testing.GraphQL;

/// <summary>Maps the core's REST-shaped errors to GraphQL errors.</summary>
internal static class GraphQLEndpointErrors
{
    /// <summary>A core error as a GraphQL error (status → <c>extensions.code</c>).</summary>
    public static GqlException From(EmulatorException error) => new(error.Message, error.StatusCode switch
    {
        401 => GqlErrorCodes.Unauthenticated,
        403 => GqlErrorCodes.Forbidden,
        404 => GqlErrorCodes.NotFound,
        429 => "RATE_LIMITED",
        >= 500 => GqlErrorCodes.InternalServerError,
        _ => error.Code ?? GqlErrorCodes.BadUserInput,
    });

    /// <summary>
    /// A pipeline error (auth, rate limit, scripted fault) rendered as <c>{ errors: [...] }</c>; the HTTP status is
    /// kept so clients can see 401/403/429 (UNCONFIRMED: Twenty's GraphQL server may answer 200).
    /// </summary>
    public static EmulatorResponse Render(EmulatorException error) =>
        EmulatorResponse.Json(error.StatusCode, GqlExecutor.Failure(From(error)));
}
