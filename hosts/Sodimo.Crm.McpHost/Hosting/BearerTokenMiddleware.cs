using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sodimo.Crm.McpHost.Hosting;

/// <summary>Refuses every HTTP request that does not carry the configured bearer token (constant-time comparison).</summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, byte[] expectedToken)
{
    /// <summary>Handles a request.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <returns>A task.</returns>
    public Task InvokeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), expectedToken))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"sodimo-crm-mcp\"";
        return Task.CompletedTask;
    }
}
