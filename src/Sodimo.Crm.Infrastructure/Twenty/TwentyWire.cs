using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Sends one Twenty call and turns whatever happens into a JSON answer or a typed <see cref="TwentyException"/>.</summary>
internal static class TwentyWire
{
    private const int MaxMessageLength = 500;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> JsonWhitespace => [(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n'];

    /// <summary>Sends, reads and checks the answer; returns the whole JSON body of a 2xx answer.</summary>
    /// <param name="send">Sends the request (Refit or a raw <see cref="HttpClient"/> call).</param>
    /// <param name="method">The HTTP method, for messages.</param>
    /// <param name="path">The path without query string, for messages.</param>
    /// <param name="idempotent">Whether the call is a read (a failure after sending then changes nothing).</param>
    /// <param name="graphQL">Whether the body follows GraphQL's <c>{ data, errors }</c> shape.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The status and the JSON body.</returns>
    public static async Task<(int Status, JsonObject Body)> SendAsync(
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        string method,
        string path,
        bool idempotent,
        bool graphQL,
        CancellationToken cancellationToken)
    {
        var (status, body, json) = await ExchangeAsync(send, method, path, idempotent, graphQL, cancellationToken).ConfigureAwait(false);
        return (status, json ?? ParseObject(status, body, method, path));
    }

    /// <summary>
    /// Sends, reads and checks the answer of a REST call like <see cref="SendAsync"/>, but returns a 2xx answer's
    /// body as the UTF-8 bytes received, unparsed (errors are parsed and raised exactly as by <see cref="SendAsync"/>).
    /// </summary>
    /// <param name="send">Sends the request.</param>
    /// <param name="method">The HTTP method, for messages.</param>
    /// <param name="path">The path without query string, for messages.</param>
    /// <param name="idempotent">Whether the call is a read.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The status and the body's bytes.</returns>
    public static async Task<(int Status, byte[] Body)> SendForBytesAsync(
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        string method,
        string path,
        bool idempotent,
        CancellationToken cancellationToken)
    {
        var (status, body, _) = await ExchangeAsync(send, method, path, idempotent, graphQL: false, cancellationToken).ConfigureAwait(false);
        return (status, body);
    }

    /// <summary>
    /// The JSON object of a 2xx answer's bytes, as <see cref="SendAsync"/> returns it; a body that is not a JSON object
    /// is a <see cref="TwentyProtocolException"/>.
    /// </summary>
    /// <param name="status">The answer's status, for the message.</param>
    /// <param name="body">The body's bytes.</param>
    /// <param name="method">The HTTP method, for the message.</param>
    /// <param name="path">The path, for the message.</param>
    /// <returns>The JSON object.</returns>
    public static JsonObject ParseObject(int status, byte[] body, string method, string path) =>
        TryParseObject(body)
        ?? throw new TwentyProtocolException($"Twenty answered {status} to {method} {path} with a body that is not a JSON object: {Shorten(Text(body))}");

    /// <summary>The JSON text of a body: its bytes without a leading UTF-8 byte order mark.</summary>
    /// <param name="body">The body's bytes.</param>
    /// <returns>The bytes to hand to a JSON reader.</returns>
    public static ReadOnlySpan<byte> JsonText(byte[] body)
    {
        var utf8 = body.AsSpan();
        return utf8.StartsWith(Utf8Bom) ? utf8[Utf8Bom.Length..] : utf8;
    }

    /// <summary>
    /// Sends and reads the answer; raises the typed exception of a failure or an error answer. A GraphQL answer and an
    /// error answer are parsed here (their JSON is returned); a 2xx REST answer is returned as bytes only.
    /// </summary>
    private static async Task<(int Status, byte[] Body, JsonObject? Json)> ExchangeAsync(
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        string method,
        string path,
        bool idempotent,
        bool graphQL,
        CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await send(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, method, path, idempotent, cancellationToken) is { } translated)
        {
            throw translated;
        }

        using (response)
        {
            byte[] body;
            try
            {
                // JSON is UTF-8: parse the bytes as they came, and decode them to text only for an error message.
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Translate(ex, method, path, idempotent, cancellationToken) is { } translated)
            {
                throw translated;
            }

            var status = (int)response.StatusCode;
            if (!graphQL && response.IsSuccessStatusCode)
                return (status, body, null);

            var json = TryParseObject(body);

            if (graphQL && json?["errors"] is JsonArray { Count: > 0 } errors)
                throw new TwentyGraphQLException(status, ReadGraphQLErrors(errors));

            if (!response.IsSuccessStatusCode)
                throw ToApiException(status, response.ReasonPhrase, response.Headers, json, Text(body), method, path);

            return (status, body, json);
        }
    }

    /// <summary>Maps a transport or pipeline exception to a <see cref="TwentyTransportException"/>; null to let it through.</summary>
    private static TwentyException? Translate(Exception ex, string method, string path, bool idempotent, CancellationToken cancellationToken)
    {
        var call = $"{method} {path}";
        switch (ex)
        {
            // Refit wraps what the HttpClient pipeline threw; judge the cause.
            case Refit.ApiRequestException { InnerException: { } inner }:
                return Translate(inner, method, path, idempotent, cancellationToken);
            case RateLimiterRejectedException rejected:
                return new TwentyRateLimitedException(
                    $"The client's budget of calls to Twenty is spent and its queue is full; {call} was not sent.", rejected.RetryAfter, rejected);
            case TimeoutRejectedException { InnerException: TwentyBudgetWaitCanceledException budget } timeout:
                return BudgetExhausted(budget, timeout.Timeout, call, ex);
            case TwentyBudgetWaitCanceledException budget when !cancellationToken.IsCancellationRequested:
                return BudgetExhausted(budget, null, call, ex);
            case BrokenCircuitException:
                return new TwentyTransportException(TwentyTransportFailure.CircuitOpen, false,
                    $"Twenty is failing; the circuit is open and {call} was not sent.", ex);
            case TimeoutRejectedException:
                return new TwentyTransportException(TwentyTransportFailure.Timeout, !idempotent,
                    $"Twenty did not answer {call} in time.", ex);
            case OperationCanceledException when !cancellationToken.IsCancellationRequested:
                return new TwentyTransportException(TwentyTransportFailure.Timeout, !idempotent,
                    $"Twenty did not answer {call} in time.", ex);
            case HttpRequestException http when http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError:
                return new TwentyTransportException(TwentyTransportFailure.ConnectionFailed, false,
                    $"Twenty could not be reached for {call}: {http.Message}", ex);
            case HttpRequestException or IOException:
                return new TwentyTransportException(TwentyTransportFailure.ConnectionLost, !idempotent,
                    $"The connection to Twenty broke during {call}: {ex.Message}", ex);
            default:
                return null;
        }
    }

    private static TwentyRateLimitedException BudgetExhausted(TwentyBudgetWaitCanceledException budget, TimeSpan? waited, string call, Exception ex) =>
        new(
            $"The client's own call budget of {budget.RequestsPerMinute} calls a minute to Twenty (Sodimo:Twenty:RequestsPerMinute) was exhausted: " +
            $"{call} waited its turn{(waited is { } w ? $" for {w.TotalSeconds:0.#} s (Sodimo:Twenty:TotalTimeout)" : string.Empty)} and was not sent. Twenty itself did not refuse or time out.",
            null,
            ex);

    private static TwentyApiException ToApiException(
        int status, string? reason, HttpResponseHeaders headers, JsonObject? json, string text, string method, string path)
    {
        var messages = ReadMessages(json);
        if (messages.Count == 0)
            messages = string.IsNullOrWhiteSpace(text) ? [reason ?? $"HTTP {status}"] : [Shorten(text)];

        var envelope = new TwentyErrorEnvelope(
            status,
            AsString(json?["error"]) ?? reason ?? $"HTTP {status}",
            messages,
            AsString(json?["code"]),
            method,
            path);

        return status switch
        {
            400 or 422 => new TwentyBadRequestException(envelope),
            401 or 403 => new TwentyAuthException(envelope),
            404 => new TwentyNotFoundException(envelope),
            429 => new TwentyRateLimitedException(envelope, RetryAfter(headers, json)),
            >= 500 => new TwentyServerException(envelope),
            _ => new TwentyApiException(envelope),
        };
    }

    /// <summary>Twenty's <c>Retry-After</c> (seconds or a date), else the body's <c>retryAfterSeconds</c>.</summary>
    /// <param name="headers">The answer's headers.</param>
    /// <param name="json">The answer's body, if JSON.</param>
    /// <returns>The wait Twenty asked for, or <see langword="null"/>.</returns>
    internal static TimeSpan? RetryAfter(HttpResponseHeaders headers, JsonObject? json)
    {
        if (headers.RetryAfter?.Delta is { } delta)
            return delta;
        if (headers.RetryAfter?.Date is { } date && headers.Date is { } now)
            return date > now ? date - now : TimeSpan.Zero;
        if (json?["retryAfterSeconds"] is JsonValue v && v.TryGetValue<double>(out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);
        return null;
    }

    private static List<string> ReadMessages(JsonObject? json)
    {
        var list = new List<string>();
        if (json is null)
            return list;
        foreach (var key in new[] { "messages", "message" })
        {
            switch (json[key])
            {
                case JsonArray array:
                    list.AddRange(array.Select(AsString).OfType<string>());
                    break;
                case JsonValue value when AsString(value) is { } s:
                    list.Add(s);
                    break;
            }

            if (list.Count > 0)
                break;
        }

        return list;
    }

    private static List<TwentyGraphQLError> ReadGraphQLErrors(JsonArray errors)
    {
        var list = new List<TwentyGraphQLError>(errors.Count);
        foreach (var e in errors)
        {
            var message = AsString(e?["message"]) ?? "(no message)";
            var code = AsString(e?["extensions"]?["code"]);
            var path = e?["path"] is JsonArray p ? string.Join('.', p.Select(x => x?.ToString())) : null;
            list.Add(new TwentyGraphQLError(message, code, path));
        }

        return list;
    }

    private static JsonObject? TryParseObject(byte[] body)
    {
        var utf8 = JsonText(body);
        if (utf8.Trim(JsonWhitespace).IsEmpty)
            return null;
        try
        {
            return JsonNode.Parse(utf8) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(byte[] body) => Encoding.UTF8.GetString(body);

    internal static string? AsString(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node is JsonValue n ? n.ToJsonString() : null;

    private static string Shorten(string text) =>
        text.Length <= MaxMessageLength ? text : string.Concat(text.AsSpan(0, MaxMessageLength), "…");
}
