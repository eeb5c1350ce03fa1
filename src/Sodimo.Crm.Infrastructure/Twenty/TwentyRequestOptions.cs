namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Per-request flags the resilience pipeline reads from <see cref="HttpRequestMessage.Options"/>.</summary>
internal static class TwentyRequestOptions
{
    /// <summary>
    /// Marks a request that is safe to send twice although its method is POST (a GraphQL query). GET, HEAD and
    /// OPTIONS are idempotent without it; everything else is not.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("Sodimo.Twenty.Idempotent");

    /// <summary>Whether the pipeline may resend <paramref name="request"/> after a 5xx, a timeout or a lost connection.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> for reads and requests marked <see cref="Idempotent"/>.</returns>
    public static bool IsIdempotent(HttpRequestMessage? request)
    {
        if (request is null)
            return false;
        if (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options)
            return true;
        return request.Options.TryGetValue(Idempotent, out var idempotent) && idempotent;
    }
}
