using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.WebhookApi.Endpoints;

/// <summary>
/// <c>POST /ledger</c>: a Twenty workflow's HTTP Request step records a ledger row (actor <c>workflow</c>).
/// Bearer-token protected (401), off when no token is configured (404). Answers 201 with the new entry,
/// 200 with the stored one for a replay, 409 when the key is in progress or was used for another request,
/// 400 for a bad body and 503 when the ledger is unavailable.
/// </summary>
internal static partial class LedgerEndpoint
{
    public const string Path = "/ledger";
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, HandleAsync);

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        IOptionsMonitor<SodimoWebhooksOptions> monitor,
        IRunLedger ledger,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var options = monitor.CurrentValue;
        var request = context.Request;
        var log = loggers.CreateLogger(typeof(LedgerEndpoint));
        if (options.LedgerTokens.Count == 0)
        {
            return Results.NotFound();
        }

        if (!Authorized(RequestBody.Single(request, "Authorization"), options.LedgerTokens))
        {
            LogRefused(log, StatusCodes.Status401Unauthorized, "bad or missing bearer token");
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A valid bearer token is required.");
        }

        if (!RequestBody.IsPlainJson(request))
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be application/json.");
        }

        var body = await RequestBody.ReadCappedAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"The body is limited to {MaxBodyBytes} bytes.");
        }

        LedgerBeginRequest begin;
        LedgerOutcome outcome;
        try
        {
            var row = JsonSerializer.Deserialize<LedgerRowRequest>(body, Json) ?? throw new ArgumentException("The body is null.");
            (begin, outcome) = ToLedger(row);
            begin.Validate();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException)
        {
            LogRefused(log, StatusCodes.Status400BadRequest, ex.Message);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The ledger row is invalid.", detail: ex.Message);
        }

        try
        {
            var started = await ledger.BeginAsync(begin, cancellationToken);
            switch (started.Outcome)
            {
                case LedgerBeginOutcome.Started:
                    var entry = await ledger.CompleteAsync(started.Entry.Id, outcome, cancellationToken);
                    return Results.Json(new { id = entry.Id, status = entry.Status.ToCode() }, statusCode: StatusCodes.Status201Created);
                case LedgerBeginOutcome.AlreadySucceeded:
                    return Results.Json(new { id = started.Entry.Id, status = started.Entry.Status.ToCode(), replay = true });
                case LedgerBeginOutcome.Conflict:
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The idempotency key was used for another request.");
                default:
                    return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The idempotency key is in progress or needs a person.");
            }
        }
        catch (LedgerUnavailableException ex)
        {
            LogUnavailable(log, ex);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The ledger is unavailable; nothing was recorded.");
        }
    }

    private static (LedgerBeginRequest Begin, LedgerOutcome Outcome) ToLedger(LedgerRowRequest row)
    {
        if (row.Request.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException("request is required (any JSON).");
        }

        var requestJson = row.Request.GetRawText();
        var begin = new LedgerBeginRequest(
            new RunContext(Required(row.RunId, "runId"), Actor.Workflow, Required(row.Workflow, "workflow"), row.CallerId),
            Required(row.ToolName, "toolName"),
            new LedgerTarget(Required(row.Target?.Object, "target.object"), row.Target?.RecordId, row.Target?.Key),
            "workflow:" + Required(row.IdempotencyKey, "idempotencyKey"),
            requestJson,
            LedgerRequestHash.Of(requestJson));
        var outcome = (row.Outcome ?? "succeeded") switch
        {
            "succeeded" => LedgerOutcome.Succeeded(
                (row.Records ?? []).Select(r => new TouchedRecord(
                    Required(r?.Object, "records[].object"),
                    Required(r?.Id, "records[].id"),
                    LedgerCodes.ParseAction(Required(r?.Action, "records[].action")))).ToList()),
            "failed" => LedgerOutcome.Failed(Required(row.Error, "error")),
            "rejected" => LedgerOutcome.Rejected(Required(row.Error, "error")),
            var other => throw new ArgumentException($"outcome '{other}' is not succeeded, failed or rejected."),
        };
        return (begin, outcome);
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} is required.") : value;

    internal static bool Authorized(string? header, IEnumerable<string> tokens)
    {
        const string Scheme = "Bearer ";
        if (header is null || !header.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        // Hash both sides so the comparison is constant-time whatever the lengths.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..]));
        var match = false;
        foreach (var token in tokens)
        {
            match |= CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        }

        return match;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger row refused with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ledger row not recorded: the ledger is unavailable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
