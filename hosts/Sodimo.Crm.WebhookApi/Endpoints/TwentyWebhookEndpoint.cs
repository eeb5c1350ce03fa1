using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.WebhookApi.Endpoints;

/// <summary>
/// <c>POST /webhooks/twenty</c>: checks size and media type (413, 415), the signature and its timestamp
/// (401), the body (400, 422), then commits the delivery to the inbox and only then answers 202 (200 for a
/// replay, which stores nothing). When the inbox cannot be written it answers 503.
/// </summary>
internal static partial class TwentyWebhookEndpoint
{
    public const string Path = "/webhooks/twenty";

    /// <summary>The <c>Retry-After</c> of a 503 when the inbox queue is full, in seconds.</summary>
    public const string RetryAfterSeconds = "1";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, HandleAsync);

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        IOptionsMonitor<SodimoWebhooksOptions> monitor,
        TimeProvider time,
        IWebhookInbox inbox,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var options = monitor.CurrentValue;
        var request = context.Request;
        var log = loggers.CreateLogger(typeof(TwentyWebhookEndpoint));

        if (request.ContentLength > options.MaxBodyBytes)
        {
            return Refuse(log, StatusCodes.Status413PayloadTooLarge, "body too large");
        }

        if (!RequestBody.IsPlainJson(request))
        {
            return Refuse(log, StatusCodes.Status415UnsupportedMediaType, "not an uncompressed application/json body");
        }

        var timestamp = RequestBody.Single(request, TwentySignature.TimestampHeader);
        var signature = RequestBody.Single(request, TwentySignature.SignatureHeader);
        if (timestamp is null || signature is null)
        {
            return Refuse(log, StatusCodes.Status401Unauthorized, "signature or timestamp header missing, empty or repeated");
        }

        var body = await RequestBody.ReadCappedAsync(request, options.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Refuse(log, StatusCodes.Status413PayloadTooLarge, "body too large");
        }

        var check = TwentySignature.Verify(timestamp, signature, body, options.Secrets, time.GetUtcNow(), options.TimestampTolerance);
        if (check != SignatureCheck.Valid)
        {
            return Refuse(log, StatusCodes.Status401Unauthorized, check == SignatureCheck.OutsideWindow ? "timestamp outside the window" : "invalid signature");
        }

        string text;
        string? eventName;
        try
        {
            if (body.AsSpan().StartsWith(Encoding.UTF8.Preamble))
            {
                return Refuse(log, StatusCodes.Status400BadRequest, "body starts with a byte order mark");
            }

            text = StrictUtf8.GetString(body);
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Refuse(log, StatusCodes.Status422UnprocessableEntity, "body is not a JSON object");
            }

            if (!document.RootElement.TryGetProperty("eventName", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return Refuse(log, StatusCodes.Status422UnprocessableEntity, "eventName missing");
            }

            eventName = name.GetString();
            if (options.WorkspaceId is { } workspace
                && (!document.RootElement.TryGetProperty("workspaceId", out var id) || id.ValueKind != JsonValueKind.String
                    || !string.Equals(id.GetString(), workspace, StringComparison.OrdinalIgnoreCase)))
            {
                return Refuse(log, StatusCodes.Status422UnprocessableEntity, "delivery for another workspace");
            }
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException)
        {
            return Refuse(log, StatusCodes.Status400BadRequest, "body is not UTF-8 JSON");
        }

        var delivery = new WebhookDelivery("twenty", TwentySignature.DeliveryKey(timestamp, body), eventName, TwentySignature.TimestampOf(timestamp), text);
        try
        {
            var result = await inbox.AppendAsync(delivery, cancellationToken);
            LogAccepted(log, result.Entry.Id, eventName, result.Stored);
            return result.Stored
                ? Results.Json(new { id = result.Entry.Id, status = "accepted" }, statusCode: StatusCodes.Status202Accepted)
                : Results.Json(new { id = result.Entry.Id, status = "duplicate" }, statusCode: StatusCodes.Status200OK);
        }
        catch (WebhookInboxFullException)
        {
            LogInboxFull(log);
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The inbox is busy; the delivery was not stored. Retry later.");
        }
        catch (LedgerUnavailableException ex)
        {
            LogInboxUnavailable(log, ex);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The inbox is unavailable; the delivery was not stored.");
        }
    }

    private static IResult Refuse(ILogger log, int status, string reason)
    {
        LogRefused(log, status, reason);
        return Results.Problem(statusCode: status, title: reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twenty webhook refused with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twenty webhook {Id} ({EventName}) accepted; new: {Stored}")]
    private static partial void LogAccepted(ILogger logger, Guid id, string? eventName, bool stored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twenty webhook not stored: the inbox queue is full (503, Retry-After)")]
    private static partial void LogInboxFull(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Twenty webhook not stored: the inbox is unavailable")]
    private static partial void LogInboxUnavailable(ILogger logger, Exception exception);
}
