using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.WebhookApi.Endpoints;

/// <summary>
/// <c>POST /webhooks/twenty</c>: checks size and media type (413, 415), the signature and its timestamp
/// (401), the body (400, 422), then commits the delivery to the inbox and only then answers 202 (200 for a
/// replay, which stores nothing). When the inbox cannot be written it answers 503; when too many deliveries
/// wait for their commit, 503 with <c>Retry-After</c>.
/// </summary>
/// <remarks>
/// The request path is lean on purpose: services resolved once, the body read straight into the buffer of the
/// signed message (<c>&lt;timestamp&gt;:&lt;body&gt;</c>, pooled) so the HMAC and the replay key need no copy, the secrets
/// encoded once per options value, the JSON scanned by a reader (no document), the answer written as bytes.
/// </remarks>
internal sealed partial class TwentyWebhookEndpoint
{
    public const string Path = "/webhooks/twenty";

    /// <summary>The <c>Retry-After</c> of a 503 when the inbox queue is full, in seconds.</summary>
    public const string RetryAfterSeconds = "1";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IOptionsMonitor<SodimoWebhooksOptions> monitor;
    private readonly TimeProvider time;
    private readonly IWebhookInbox inbox;
    private readonly ILogger log;
    private volatile SecretKeys? keys;

    [ThreadStatic]
    private static MessageHashes? threadHashes;

    private TwentyWebhookEndpoint(IServiceProvider services)
    {
        monitor = services.GetRequiredService<IOptionsMonitor<SodimoWebhooksOptions>>();
        time = services.GetRequiredService<TimeProvider>();
        inbox = services.GetRequiredService<IWebhookInbox>();
        log = services.GetRequiredService<ILogger<TwentyWebhookEndpoint>>();
    }

    private enum BodyShape
    {
        Event,
        NotJson,
        NotAnObject,
        NoEventName,
        OtherWorkspace,
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        TwentyWebhookEndpoint? endpoint = null;
        endpoints.MapPost(Path, context => (endpoint ??= new TwentyWebhookEndpoint(context.RequestServices)).HandleAsync(context));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var options = monitor.CurrentValue;
        var request = context.Request;
        if (request.ContentLength > options.MaxBodyBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "body too large");
            return;
        }

        if (!RequestBody.IsPlainJson(request))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "not an uncompressed application/json body");
            return;
        }

        var timestamp = RequestBody.Single(request, TwentySignature.TimestampHeader);
        var signature = RequestBody.Single(request, TwentySignature.SignatureHeader);
        if (timestamp is null || signature is null)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "signature or timestamp header missing, empty or repeated");
            return;
        }

        var prefix = TwentySignature.PrefixLength(timestamp);
        var (buffer, length) = await ReadSignedMessageAsync(request, timestamp, prefix, options.MaxBodyBytes, context.RequestAborted);
        if (buffer is null)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "body too large");
            return;
        }

        WebhookDelivery? delivery;
        (int Status, string Reason) refusal;
        try
        {
            delivery = Evaluate(options, timestamp, signature, buffer.AsSpan(0, length), prefix, out refusal);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (delivery is null)
        {
            await RefuseAsync(context, refusal.Status, refusal.Reason);
            return;
        }

        WebhookInboxAppendResult result;
        try
        {
            result = await inbox.AppendAsync(delivery, context.RequestAborted);
        }
        catch (WebhookInboxFullException)
        {
            LogInboxFull(log);
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The inbox is busy; the delivery was not stored. Retry later.")
                .ExecuteAsync(context);
            return;
        }
        catch (LedgerUnavailableException ex)
        {
            LogInboxUnavailable(log, ex);
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The inbox is unavailable; the delivery was not stored.")
                .ExecuteAsync(context);
            return;
        }

        LogAccepted(log, result.Entry.Id, delivery.EventName, result.Stored);
        var answer = Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture, $$"""{"id":"{{result.Entry.Id:D}}","status":"{{(result.Stored ? "accepted" : "duplicate")}}"}"""));
        var response = context.Response;
        response.StatusCode = result.Stored ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = answer.Length;
        await response.Body.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>The signature, then the body: the delivery to store, or <see langword="null"/> and why it is refused.</summary>
    private WebhookDelivery? Evaluate(
        SodimoWebhooksOptions options, string timestamp, string signature, ReadOnlySpan<byte> message, int prefix, out (int Status, string Reason) refusal)
    {
        var body = message[prefix..];
        var hashes = HashesOf(KeysOf(options));
        var check = TwentySignature.VerifyMessage(timestamp, signature, message, hashes, time.GetUtcNow(), options.TimestampTolerance);
        if (check != SignatureCheck.Valid)
        {
            refusal = (StatusCodes.Status401Unauthorized, check == SignatureCheck.OutsideWindow ? "timestamp outside the window" : "invalid signature");
            return null;
        }

        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            refusal = (StatusCodes.Status400BadRequest, "body starts with a byte order mark");
            return null;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            refusal = (StatusCodes.Status400BadRequest, "body is not UTF-8 JSON");
            return null;
        }

        refusal = Inspect(body, options.WorkspaceId, out var eventName) switch
        {
            BodyShape.Event => (0, string.Empty),
            BodyShape.NotJson => (StatusCodes.Status400BadRequest, "body is not UTF-8 JSON"),
            BodyShape.NotAnObject => (StatusCodes.Status422UnprocessableEntity, "body is not a JSON object"),
            BodyShape.NoEventName => (StatusCodes.Status422UnprocessableEntity, "eventName missing"),
            _ => (StatusCodes.Status422UnprocessableEntity, "delivery for another workspace"),
        };
        return refusal.Status != 0
            ? null
            : new WebhookDelivery("twenty", TwentySignature.MessageKey(message, hashes), eventName, TwentySignature.TimestampOf(timestamp), text);
    }

    /// <summary>
    /// Reads the body into a pooled buffer after <c>&lt;timestamp&gt;:</c>, so the buffer holds the signed message; returns
    /// no buffer when the body is longer than <paramref name="max"/>. The caller returns the buffer to the pool.
    /// </summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadSignedMessageAsync(
        HttpRequest request, string timestamp, int prefix, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength is not { } declared)
        {
            // Chunked: read with the cap, then lay the message out.
            var body = await RequestBody.ReadCappedAsync(request, max, cancellationToken);
            if (body is null)
            {
                return (null, 0);
            }

            var laid = ArrayPool<byte>.Shared.Rent(prefix + body.Length);
            TwentySignature.WritePrefix(timestamp, laid);
            body.CopyTo(laid, prefix);
            return (laid, prefix + body.Length);
        }

        // Kestrel stops the body at Content-Length, which is already checked against the cap.
        var buffer = ArrayPool<byte>.Shared.Rent(prefix + (int)declared);
        try
        {
            TwentySignature.WritePrefix(timestamp, buffer);
            var read = await request.Body.ReadAtLeastAsync(buffer.AsMemory(prefix, (int)declared), (int)declared, throwOnEndOfStream: false, cancellationToken);
            return (buffer, prefix + read);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>One pass of a JSON reader over the body: valid JSON, an object, a string <c>eventName</c>, the workspace.</summary>
    private static BodyShape Inspect(ReadOnlySpan<byte> body, string? workspace, out string? eventName)
    {
        eventName = null;
        string? workspaceId = null;
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read())
            {
                return BodyShape.NotJson;
            }

            var isObject = reader.TokenType == JsonTokenType.StartObject;
            while (reader.Read())
            {
                if (!isObject || reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                // A repeated property: the last one counts.
                if (reader.ValueTextEquals("eventName"u8))
                {
                    reader.Read();
                    eventName = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (workspace is not null && reader.ValueTextEquals("workspaceId"u8))
                {
                    reader.Read();
                    workspaceId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }

            if (!isObject)
            {
                return BodyShape.NotAnObject;
            }
        }
        catch (JsonException)
        {
            return BodyShape.NotJson;
        }

        if (eventName is null)
        {
            return BodyShape.NoEventName;
        }

        return workspace is not null && !string.Equals(workspaceId, workspace, StringComparison.OrdinalIgnoreCase)
            ? BodyShape.OtherWorkspace
            : BodyShape.Event;
    }

    /// <summary>The secrets as HMAC keys, encoded once per options value.</summary>
    private byte[][] KeysOf(SodimoWebhooksOptions options)
    {
        var cached = keys;
        if (cached is null || !ReferenceEquals(cached.Options, options))
        {
            keys = cached = new SecretKeys(options, TwentySignature.Keys(options.Secrets));
        }

        return cached.Keys;
    }

    /// <summary>This thread's keyed hashes for <paramref name="keys"/>, made again when the keys changed (used synchronously, never shared).</summary>
    private static MessageHashes HashesOf(byte[][] keys)
    {
        var hashes = threadHashes;
        if (hashes is null || !ReferenceEquals(hashes.Keys, keys))
        {
            hashes?.Dispose();
            threadHashes = hashes = new MessageHashes(keys);
        }

        return hashes;
    }

    private Task RefuseAsync(HttpContext context, int status, string reason)
    {
        LogRefused(log, status, reason);
        return Results.Problem(statusCode: status, title: reason).ExecuteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twenty webhook refused with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    // Debug: at thousands a second an information line per delivery costs more than the delivery; the inbox is the record.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Twenty webhook {Id} ({EventName}) accepted; new: {Stored}")]
    private static partial void LogAccepted(ILogger logger, Guid id, string? eventName, bool stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twenty webhook not stored: the inbox queue is full (503, Retry-After)")]
    private static partial void LogInboxFull(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Twenty webhook not stored: the inbox is unavailable")]
    private static partial void LogInboxUnavailable(ILogger logger, Exception exception);

    private sealed record SecretKeys(SodimoWebhooksOptions Options, byte[][] Keys);
}
