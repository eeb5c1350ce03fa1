using System.Text.Json.Serialization.Metadata;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Tools;

/// <summary><c>crm_advance_stage</c>: move a deal to a stage of its pipeline.</summary>
internal sealed class CrmAdvanceStageTool() : CrmTool<AdvanceStageResult>(
    "crm_advance_stage",
    "Move a deal to a stage",
    "Move a deal to another stage of its own pipeline and record when it entered that stage (which resets its health clock). "
    + "Stages by pipeline: " + CommonParameters.StagesByPipeline + ". "
    + "Writes to the CRM: one deal's stage; recorded in Sodimo's run ledger (run_id, skill) before the CRM is touched. Not destructive. "
    + "Safe to repeat: moving a deal to the stage it is already in changes nothing. A stage of the other pipeline is refused with the valid list. "
    + "Moving an Export Clients deal also triggers its push to Sodiwin. Cost: two Twenty API calls.",
    ToolAccess.Write,
    idempotent: true,
    [
        CommonParameters.Id("deal_id", "The deal's CRM record id (from crm_list_deals or crm_search).", required: true),
        new ToolParameter
        {
            Name = "stage", Kind = ParameterKind.String, Enum = CommonParameters.StageNames, Required = true,
            Description = "The stage to move the deal to; it must belong to the deal's pipeline.",
        },
        CommonParameters.RunId,
        CommonParameters.Skill,
        CommonParameters.IdempotencyKey,
    ],
    OutputSchemas.AdvanceStage)
{
    /// <inheritdoc />
    protected override JsonTypeInfo<AdvanceStageResult> ResultType => McpHostJsonContext.Default.AdvanceStageResult;

    /// <inheritdoc />
    protected override async ValueTask<(AdvanceStageResult Result, string Summary)> RunAsync(
        ICrmBackend backend, ToolArguments args, IServiceProvider services, CancellationToken cancellationToken)
    {
        var run = CommonParameters.Attribution(args);
        var result = await backend.AdvanceStageAsync(new AdvanceStageInput(args.Guid("deal_id")!.Value, args.String("stage")!, run), cancellationToken)
            .ConfigureAwait(false);
        var what = result.Replayed
            ? "This idempotency_key was already used: returning the first call's result, nothing written again."
            : result.Changed
                ? $"Moved the deal to \"{result.ToStage}\" in {result.Pipeline}."
                : $"The deal was already in \"{result.ToStage}\"; nothing changed.";
        return (result, what + " " + CommonParameters.AttributionSentence(result.RunId, result.RunIdAssigned));
    }
}
