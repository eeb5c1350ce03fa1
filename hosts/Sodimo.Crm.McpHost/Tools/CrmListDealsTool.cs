using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary><c>crm_list_deals</c>: deals by pipeline, stage, health, client code, company or last update.</summary>
internal sealed class CrmListDealsTool() : CrmTool<DealPage>(
    "crm_list_deals",
    "List deals",
    "List Sodimo's deals (Twenty opportunities) in the two sales pipelines, New Leads - Wine and Export Clients, most recently updated first. "
    + "Filter by pipeline, stage, health (green, yellow or red: how long the deal has sat in its stage against the stage's rotting threshold), "
    + "Sodiwin client_code, company or last update. Read-only: changes nothing. Returns at most `limit` deals and a `next_cursor` when more match; "
    + "pass it back as `cursor` for the next page (results are never silently cut). Cost: one Twenty API call per page.",
    ToolAccess.Read,
    idempotent: true,
    [
        new ToolParameter
        {
            Name = "pipeline", Kind = ParameterKind.String, Enum = CommonParameters.PipelineNames,
            Description = "Only deals of this pipeline.",
        },
        new ToolParameter
        {
            Name = "stage", Kind = ParameterKind.String, Enum = CommonParameters.StageNames,
            Description = "Only deals in this stage. Stages by pipeline: " + CommonParameters.StagesByPipeline + ".",
        },
        new ToolParameter
        {
            Name = "health", Kind = ParameterKind.String, Enum = CommonParameters.HealthValues,
            Description = "Only deals with this health: green (in time), yellow (past the stage's threshold), red (well past it).",
        },
        new ToolParameter
        {
            Name = "client_code", Kind = ParameterKind.String, Pattern = CommonParameters.ClientCodePattern, MaxLength = 32,
            Description = "Only deals of the client with this Sodiwin client code (for example C100007).",
        },
        CommonParameters.Id("company_id", "Only deals of this company (its CRM record id)."),
        new ToolParameter
        {
            Name = "updated_since", Kind = ParameterKind.String, Format = "date-time", MaxLength = 40,
            Description = "Only deals changed at or after this instant (ISO 8601 with a time zone, e.g. 2026-05-04T00:00:00Z).",
        },
        new ToolParameter
        {
            Name = "limit", Kind = ParameterKind.Integer, Minimum = 1, Maximum = 100, Default = 20,
            Description = "Most deals to return in this page (1-100).",
        },
        new ToolParameter
        {
            Name = "cursor", Kind = ParameterKind.String, Pattern = "^[A-Za-z0-9+/]+={0,2}$", MaxLength = 1000,
            Description = "The next_cursor of the previous page, to continue the same listing.",
        },
    ],
    OutputSchemas.DealPage)
{
    /// <inheritdoc />
    protected override JsonTypeInfo<DealPage> ResultType => McpHostJsonContext.Default.DealPage;

    /// <inheritdoc />
    protected override async ValueTask<(DealPage Result, string Summary)> RunAsync(
        ICrmBackend backend, ToolArguments args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var pipeline = args.String("pipeline");
        var stage = args.String("stage");
        if (pipeline is not null && stage is not null && SodimoSchema.Current.GetPipeline(pipeline).FindStage(stage) is null)
        {
            var valid = SodimoSchema.Current.StagesOf(pipeline).Select(s => s.Name).ToArray();
            throw new CrmToolException(
                CrmErrorKind.Refused,
                $"Stage \"{stage}\" is not a stage of the {pipeline} pipeline. Nothing was sent to the CRM.",
                valid);
        }

        var page = await backend.ListDealsAsync(
            new ListDealsInput(pipeline, stage, args.String("health"), args.String("client_code"), args.Guid("company_id"),
                args.DateTime("updated_since"), args.Int("limit") ?? 20, args.String("cursor")),
            cancellationToken).ConfigureAwait(false);

        var summary = page.Deals.Count == 0
            ? "No deal matches these filters."
            : string.Create(CultureInfo.InvariantCulture, $"{page.Deals.Count} deal(s)")
              + (page.TotalCount is { } total ? string.Create(CultureInfo.InvariantCulture, $" of {total} matching") : string.Empty)
              + (page.NextCursor is null ? "; this is the last page." : "; more match: call again with cursor = next_cursor.");
        return (page, summary);
    }
}
