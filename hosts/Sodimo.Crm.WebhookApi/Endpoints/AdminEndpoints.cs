using System.Text.Json;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Webhooks;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.WebhookApi.Endpoints;

/// <summary>
/// The dead letters: <c>GET /admin/failed</c> lists the Sodiwin pushes that failed for good (ledger rows
/// <c>sodiwin_push</c>, status failed); <c>POST /admin/failed/{id}/replay</c> pushes one again under the same
/// idempotency key, so a replay of a push that meanwhile succeeded does nothing. Bearer admin token.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/failed", ListAsync);
        endpoints.MapPost("/admin/failed/{id:guid}/replay", ReplayAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IOptionsMonitor<SodimoWebhooksOptions> options, IRunLedger ledger, CancellationToken cancellationToken)
    {
        if (Denied(context, options.CurrentValue) is { } denied)
        {
            return denied;
        }

        var failed = await ledger.QueryAsync(
            new LedgerQuery { ToolName = TwentyEventProcessor.SodiwinPushTool, Status = LedgerStatus.Failed, Limit = LedgerQuery.MaxLimit }, cancellationToken);
        return Results.Json(failed.Select(e => new
        {
            id = e.Id,
            key = e.IdempotencyKey,
            deal = e.Target.RecordId,
            clientCode = e.Target.Key,
            attempts = e.Attempts,
            error = e.Error,
            failedAt = e.CompletedAt,
        }));
    }

    private static async Task<IResult> ReplayAsync(
        Guid id, HttpContext context, IOptionsMonitor<SodimoWebhooksOptions> options, IRunLedger ledger, TwentyEventProcessor processor, CancellationToken cancellationToken)
    {
        if (Denied(context, options.CurrentValue) is { } denied)
        {
            return denied;
        }

        var entry = await ledger.GetAsync(id, cancellationToken);
        if (entry is null || entry.ToolName != TwentyEventProcessor.SodiwinPushTool)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No Sodiwin push has this id.");
        }

        var order = JsonSerializer.Deserialize<SodiwinOrder>(entry.RequestJson)!;
        var outcome = await processor.PushOnceAsync(order, cancellationToken);
        var after = await ledger.GetAsync(id, cancellationToken);
        return Results.Json(new { id, status = after?.Status.ToString(), outcome });
    }

    private static IResult? Denied(HttpContext context, SodimoWebhooksOptions options)
    {
        if (options.AdminTokens.Count == 0)
        {
            return Results.NotFound();
        }

        return LedgerEndpoint.Authorized(RequestBody.Single(context.Request, "Authorization"), options.AdminTokens)
            ? null
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "admin token missing or wrong");
    }
}
