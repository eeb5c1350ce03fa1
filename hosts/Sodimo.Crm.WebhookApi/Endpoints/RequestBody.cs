using Microsoft.Net.Http.Headers;

namespace Sodimo.Crm.WebhookApi.Endpoints;

/// <summary>Reads a request body with a size cap, and checks its media type, before anything costly is done.</summary>
internal static class RequestBody
{
    /// <summary>Whether the request says its body is JSON (UTF-8 if a charset is named), not compressed.</summary>
    public static bool IsPlainJson(HttpRequest request)
    {
        if (request.Headers.ContentEncoding.Count > 0
            && request.Headers.ContentEncoding.Any(e => !string.Equals(e, "identity", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (request.Headers.ContentType.Count != 1)
        {
            return false;
        }

        if (string.Equals(request.Headers.ContentType[0], "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return true; // what Twenty sends: no parse needed
        }

        if (!MediaTypeHeaderValue.TryParse(request.Headers.ContentType[0], out var type))
        {
            return false;
        }

        return type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads the whole body, or returns <see langword="null"/> as soon as it is longer than <paramref name="max"/> bytes.</summary>
    public static async Task<byte[]?> ReadCappedAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The single value of a header, or <see langword="null"/> when it is missing, repeated or empty.</summary>
    public static string? Single(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
    }
}
