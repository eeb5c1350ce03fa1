using FluentValidation;
using Sodimo.Crm.Application.Common.Validation;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.AdvanceStage;

/// <summary>Validates <see cref="AdvanceStageCommand"/>: the stage must be a known stage (of the pipeline, when given).</summary>
internal sealed class AdvanceStageValidator : AbstractValidator<AdvanceStageCommand>
{
    public AdvanceStageValidator()
    {
        this.AddMutationRules();
        RuleFor(c => c.DealId).NotEqual(Guid.Empty).WithMessage("The deal id is required (not the empty UUID).");
        RuleFor(c => c.Stage).NotEmpty().WithMessage((_, _) =>
            "The stage is required; valid stages: " + string.Join("; ", SodimoSchema.Current.Pipelines.Select(p => $"{p.Name}: {string.Join(", ", p.Stages.Select(s => s.Name))}")) + ".");
        this.AddDealFilterRules(SodimoSchema.Current, c => c.Pipeline, c => string.IsNullOrWhiteSpace(c.Stage) ? null : c.Stage, _ => null);
    }
}
