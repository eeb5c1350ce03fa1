using FluentValidation;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Common.Validation;

/// <summary>FluentValidation rules shared by the use cases' validators.</summary>
internal static class CrmValidatorExtensions
{
    /// <summary>The run context and idempotency key of a mutation.</summary>
    public static void AddMutationRules<T>(this AbstractValidator<T> validator)
        where T : IMutationRequest
    {
        validator.RuleFor(r => r.Run).NotNull().WithMessage("A run context (run id, actor, skill) is required.");
        validator.RuleFor(r => r.Run.RunId).NotEmpty().WithMessage("The run id is required.")
            .MaximumLength(RunContext.MaxLength).WithMessage($"The run id is limited to {RunContext.MaxLength} characters.")
            .When(r => r.Run is not null);
        validator.RuleFor(r => r.Run.Skill).NotEmpty().WithMessage("The skill (or job name) is required.")
            .MaximumLength(RunContext.MaxLength).WithMessage($"The skill is limited to {RunContext.MaxLength} characters.")
            .When(r => r.Run is not null);
        validator.RuleFor(r => r.Run.CallerId).MaximumLength(RunContext.MaxLength)
            .WithMessage($"The caller id is limited to {RunContext.MaxLength} characters.")
            .When(r => r.Run is not null);
        // Enum.IsDefined<T> rather than IsInEnum(), which reads the enum's values by reflection on every call.
        validator.RuleFor(r => r.Run.Actor).Must(a => Enum.IsDefined(a)).WithMessage("The actor must be ai, sync, webhook, workflow or human.")
            .When(r => r.Run is not null);
        validator.RuleFor(r => r.IdempotencyKey).NotEmpty().WithMessage("An idempotency key is required.")
            .MaximumLength(MutationLimits.MaxIdempotencyKeyLength)
            .WithMessage($"The idempotency key is limited to {MutationLimits.MaxIdempotencyKeyLength} characters.")
            .Must(k => !CrmRules.HasForbiddenCharacters(k) && !k.Any(char.IsWhiteSpace))
            .WithMessage("The idempotency key may not contain spaces or control characters.");
    }

    /// <summary>An optional client code must match the pattern.</summary>
    public static IRuleBuilderOptions<T, string?> ValidClientCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => c is null || CrmRules.IsValidClientCode(c)).WithMessage((_, c) => CrmRules.ClientCodeMessage(c));

    /// <summary>An optional e-mail must be plausible.</summary>
    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(e => e is null || CrmRules.IsValidEmail(e.Trim())).WithMessage((_, e) => $"\"{e}\" is not a valid e-mail address.");

    /// <summary>Pipeline, stage and health filters must be known, with the valid values listed.</summary>
    public static void AddDealFilterRules<T>(this AbstractValidator<T> validator, SodimoSchema schema, Func<T, string?> pipeline, Func<T, string?> stage, Func<T, string?> health)
    {
        validator.RuleFor(r => r).Custom((r, context) =>
        {
            var value = pipeline(r);
            if (value is not null && !CrmRules.TryResolvePipeline(schema, value, out _, out var error))
            {
                context.AddFailure("Pipeline", error);
            }
        });
        validator.RuleFor(r => r).Custom((r, context) =>
        {
            var value = stage(r);
            if (value is null)
            {
                return;
            }

            var p = pipeline(r);
            Pipeline? resolved = null;
            if (p is not null && !CrmRules.TryResolvePipeline(schema, p, out resolved, out _))
            {
                return; // already reported on Pipeline
            }

            if (!CrmRules.TryResolveStage(schema, resolved, value, out _, out _, out var error))
            {
                context.AddFailure("Stage", error);
            }
        });
        validator.RuleFor(r => r).Custom((r, context) =>
        {
            var value = health(r);
            if (value is not null && !CrmRules.TryParseHealth(schema, value, out _, out var error))
            {
                context.AddFailure("Health", error);
            }
        });
    }
}
