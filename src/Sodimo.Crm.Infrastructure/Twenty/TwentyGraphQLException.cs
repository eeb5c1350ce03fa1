namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>A GraphQL answer carried <c>errors[]</c> (with any HTTP status): the operation did not succeed.</summary>
public sealed class TwentyGraphQLException : TwentyException
{
    private static readonly HashSet<string> TransientCodes =
        new(StringComparer.Ordinal) { "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT", "RATE_LIMITED", "TOO_MANY_REQUESTS" };

    /// <summary>Creates the exception with a default message.</summary>
    public TwentyGraphQLException()
        : this("Twenty's GraphQL answer carried errors.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public TwentyGraphQLException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TwentyGraphQLException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception from the answer's errors.</summary>
    /// <param name="statusCode">The HTTP status of the answer.</param>
    /// <param name="errors">The <c>errors[]</c> entries.</param>
    public TwentyGraphQLException(int statusCode, IReadOnlyList<TwentyGraphQLError> errors)
        : base(
            $"Twenty's GraphQL answer ({statusCode}) carried errors: {string.Join(" | ", (errors ?? []).Select(e => e.Code is null ? e.Message : $"{e.Code}: {e.Message}"))}",
            (errors ?? []).Select(e => e.Message).ToArray(),
            null)
    {
        StatusCode = statusCode;
        Errors = errors ?? [];
    }

    /// <summary>The HTTP status of the answer (often 200).</summary>
    public int StatusCode { get; }

    /// <summary>The <c>errors[]</c> entries.</summary>
    public IReadOnlyList<TwentyGraphQLError> Errors { get; }

    /// <summary>Whether an error is Twenty refusing the input or the key (<c>BAD_USER_INPUT</c>, <c>FORBIDDEN</c>, …).</summary>
    public bool IsRejection => !IsTransient;

    /// <inheritdoc />
    public override bool IsTransient =>
        StatusCode >= 500 || (Errors.Count > 0 && Errors.All(e => e.Code is not null && TransientCodes.Contains(e.Code)));
}
