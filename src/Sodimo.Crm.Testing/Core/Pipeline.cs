using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Sodimo.Crm.Testing.Core;

/// <summary>A transport-neutral request: built from an <see cref="HttpRequestMessage"/> or a Kestrel HttpContext.</summary>
internal sealed class EmulatorRequest
{
    public EmulatorRequest(string method, string path, string queryString, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        Method = method.ToUpperInvariant();
        Path = path.Length > 1 ? path.TrimEnd('/') : path;
        QueryString = queryString.StartsWith('?') ? queryString[1..] : queryString;
        Headers = headers;
        Body = body;
        Query = QueryHelpers.ParseQuery(QueryString);
    }

    public string Method { get; }
    /// <summary>Decoded path without trailing slash, e.g. <c>/rest/people</c>.</summary>
    public string Path { get; }
    /// <summary>Raw query string without the leading <c>?</c>.</summary>
    public string QueryString { get; }
    public IReadOnlyDictionary<string, StringValues> Query { get; }
    /// <summary>Headers, case-insensitive names; repeated values joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }
    public byte[] Body { get; }

    /// <summary>The last value of a query parameter, or null.</summary>
    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Parses the body as JSON; a malformed body is a 400.</summary>
    public JsonNode? JsonBody()
    {
        if (Body.Length == 0) return null;
        try
        {
            return JsonNode.Parse(Body);
        }
        catch (JsonException e)
        {
            // UNCONFIRMED: Twenty (express body-parser) answers malformed JSON with a 400.
            throw EmulatorException.BadRequest($"Invalid JSON body: {e.Message}");
        }
    }
}

/// <summary>A transport-neutral response.</summary>
internal sealed class EmulatorResponse
{
    public int StatusCode { get; set; } = 200;
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public byte[] Body { get; set; } = [];
    public string ContentType { get; set; } = "application/json; charset=utf-8";
    /// <summary>Drop the connection instead of answering (faults).</summary>
    public bool Abort { get; set; }

    /// <summary>Like Node's JSON.stringify: compact, and no HTML-safe escaping of quotes or '&lt;'.</summary>
    internal static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static EmulatorResponse Json(int status, JsonNode? body) => new()
    {
        StatusCode = status,
        Body = Encoding.UTF8.GetBytes(body?.ToJsonString(Compact) ?? "null"),
    };

    /// <summary>Twenty's REST error body <c>{statusCode, error, messages[], code?}</c> (API-FACTS §2).</summary>
    public static EmulatorResponse Error(int status, string error, string message, string? code = null)
    {
        var body = new JsonObject
        {
            ["statusCode"] = status,
            ["error"] = error,
            ["messages"] = new JsonArray(message),
        };
        if (code is not null) body["code"] = code;
        return Json(status, body);
    }

    public static EmulatorResponse Error(EmulatorException e) => Error(e.StatusCode, e.Error, e.Message, e.Code);
}

/// <summary>
/// A route served by the emulator. The pipeline applies journal, faults, API-key check and rate limit before
/// calling <see cref="HandleAsync"/>; an endpoint only parses and answers. Register with
/// <see cref="TwentyEmulator.AddEndpoint"/>; the first endpoint whose <see cref="Matches"/> is true wins.
/// </summary>
internal interface IEmulatorEndpoint
{
    /// <summary>Whether this endpoint serves the request (by path, usually a prefix).</summary>
    bool Matches(EmulatorRequest request);

    /// <summary>True for record operations (REST /rest/*, /graphql): these consume rate-limit tokens (API-FACTS §3).</summary>
    bool IsRateLimited { get; }

    /// <summary>
    /// Renders an authentication / rate-limit / fault error in this endpoint's protocol. REST endpoints return the
    /// REST error body; GraphQL endpoints may wrap it in <c>errors[]</c>.
    /// </summary>
    EmulatorResponse RenderError(EmulatorException error);

    ValueTask<EmulatorResponse> HandleAsync(EmulatorRequest request, CancellationToken cancellationToken);
}

/// <summary>Thrown by the in-process handler when a fault drops the connection.</summary>
internal sealed class DroppedConnectionException : IOException
{
    public DroppedConnectionException() : base("The emulator dropped the connection (scripted fault).") { }

    public DroppedConnectionException(string message) : base(message) { }

    public DroppedConnectionException(string message, Exception inner) : base(message, inner) { }
}
