using Mediator;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Common.Validation;
using Sodimo.Crm.Domain.Health;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.ListDeals;

/// <summary>Handles <see cref="ListDealsQuery"/>: resolves the filters against the schema and reads one page.</summary>
internal sealed class ListDealsHandler : IQueryHandler<ListDealsQuery, ListDealsResult>
{
    private readonly ITwentyDeals _deals;

    public ListDealsHandler(ITwentyDeals deals) => _deals = deals;

    public async ValueTask<ListDealsResult> Handle(ListDealsQuery query, CancellationToken cancellationToken)
    {
        var schema = SodimoSchema.Current;
        var (pipeline, stage, health) = DealFilters.Resolve(schema, query.Pipeline, query.Stage, query.Health);
        var page = await _deals.ListAsync(
            new DealQuery
            {
                Pipeline = pipeline,
                Stage = stage,
                Health = health,
                ClientCode = query.ClientCode,
                CompanyId = query.CompanyId,
                UpdatedSince = query.UpdatedSince,
                Limit = query.Limit ?? TwentyLimits.DefaultPageSize,
                Cursor = string.IsNullOrEmpty(query.Cursor) ? null : query.Cursor,
            },
            cancellationToken).ConfigureAwait(false);
        return new ListDealsResult(page.Items, page.NextCursor, page.TotalCount);
    }
}

/// <summary>Resolves validated pipeline, stage and health filters.</summary>
internal static class DealFilters
{
    public static (Pipeline? Pipeline, PipelineStage? Stage, DealHealth? Health) Resolve(SodimoSchema schema, string? pipelineName, string? stageName, string? healthName)
    {
        Pipeline? pipeline = null;
        PipelineStage? stage = null;
        DealHealth? health = null;
        if (pipelineName is not null && !CrmRules.TryResolvePipeline(schema, pipelineName, out pipeline, out var error))
        {
            throw new Common.Errors.RequestRefusedException([new("Pipeline", error)]);
        }

        if (stageName is not null)
        {
            if (!CrmRules.TryResolveStage(schema, pipeline, stageName, out var stagePipeline, out stage, out var stageError))
            {
                throw new Common.Errors.RequestRefusedException([new("Stage", stageError)]);
            }

            pipeline = stagePipeline;
        }

        if (healthName is not null)
        {
            if (!CrmRules.TryParseHealth(schema, healthName, out var h, out var healthError))
            {
                throw new Common.Errors.RequestRefusedException([new("Health", healthError)]);
            }

            health = h;
        }

        return (pipeline, stage, health);
    }
}
