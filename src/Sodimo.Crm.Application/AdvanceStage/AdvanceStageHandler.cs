using Mediator;
using Sodimo.Crm.Application.Common.Errors;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Common.Validation;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.AdvanceStage;

/// <summary>
/// Handles <see cref="AdvanceStageCommand"/>: reads the deal, checks the stage against the deal's own pipeline, then
/// writes the pipeline's stage field, <c>stage_entered_at</c> and <c>health</c> in one update.
/// </summary>
internal sealed class AdvanceStageHandler : ICommandHandler<AdvanceStageCommand, AdvanceStageResult>
{
    private readonly ITwentyDeals _deals;
    private readonly TimeProvider _time;

    public AdvanceStageHandler(ITwentyDeals deals, TimeProvider time)
    {
        _deals = deals;
        _time = time;
    }

    public async ValueTask<AdvanceStageResult> Handle(AdvanceStageCommand command, CancellationToken cancellationToken)
    {
        var schema = SodimoSchema.Current;
        var deal = await _deals.GetAsync(command.DealId, cancellationToken).ConfigureAwait(false)
            ?? throw new RecordNotFoundException("opportunity", command.DealId.ToString());
        var (pipeline, stage) = Resolve(schema, command, deal);

        if (string.Equals(deal.Stage, stage.Name, StringComparison.Ordinal))
        {
            return new AdvanceStageResult
            {
                DealId = deal.Id,
                Pipeline = pipeline.Name,
                FromStage = deal.Stage,
                ToStage = stage.Name,
                StageEnteredAt = deal.StageEnteredAt,
                Changed = false,
            };
        }

        var now = _time.GetUtcNow();
        var health = new HealthEvaluator(schema).Evaluate(pipeline.Value, stage.Value, now, now);
        const string opportunity = SodimoObjectNames.Opportunity;
        await MutationJournal.SendingAsync().ConfigureAwait(false);
        await _deals.UpdateAsync(
            new DealUpdate(deal.Id,
            [
                new FieldWrite(schema.GetField(opportunity, pipeline.StageFieldSodimoName), stage.Value),
                new FieldWrite(schema.GetField(opportunity, SodimoFieldNames.StageEnteredAt), now),
                new FieldWrite(schema.GetField(opportunity, SodimoFieldNames.Health), schema.HealthOption(health).Value),
            ]),
            cancellationToken).ConfigureAwait(false);
        var touched = new TouchedRecord("opportunity", deal.Id.ToString(), RecordAction.Updated);
        MutationJournal.Record(touched);
        return new AdvanceStageResult
        {
            DealId = deal.Id,
            Pipeline = pipeline.Name,
            FromStage = deal.Stage,
            ToStage = stage.Name,
            StageEnteredAt = now,
            Changed = true,
            Records = [touched],
        };
    }

    internal static (Pipeline Pipeline, PipelineStage Stage) Resolve(SodimoSchema schema, AdvanceStageCommand command, DealRecord deal)
    {
        if (deal.Pipeline is null || schema.FindPipeline(deal.Pipeline) is not { } pipeline)
        {
            throw new RequestRefusedException([new RequestProblem("DealId",
                $"Deal {deal.Id} is in no known pipeline (\"{deal.Pipeline}\"); valid pipelines: {string.Join(", ", schema.Pipelines.Select(p => p.Name))}. Set its pipeline in Twenty first.")]);
        }

        if (command.Pipeline is not null && CrmRules.TryResolvePipeline(schema, command.Pipeline, out var claimed, out _) && claimed != pipeline)
        {
            throw new RequestRefusedException([new RequestProblem("Pipeline",
                $"Deal {deal.Id} is in pipeline {pipeline.Name}, not {claimed.Name}; valid stages of {pipeline.Name}: {string.Join(", ", pipeline.Stages.Select(s => s.Name))}.")]);
        }

        if (!CrmRules.TryResolveStage(schema, pipeline, command.Stage, out _, out var stage, out var error))
        {
            throw new RequestRefusedException([new RequestProblem("Stage", error)]);
        }

        return (pipeline, stage);
    }
}
