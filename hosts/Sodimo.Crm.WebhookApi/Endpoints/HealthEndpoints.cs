using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.WebhookApi.Endpoints;

/// <summary><c>GET /healthz</c> (the process answers) and <c>GET /readyz</c> (the ledger database is reachable).</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", async (ILedgerHealth health, CancellationToken cancellationToken) =>
            await health.IsReadyAsync(cancellationToken)
                ? Results.Text("ready")
                : Results.Text("ledger unavailable", statusCode: StatusCodes.Status503ServiceUnavailable));
    }
}
