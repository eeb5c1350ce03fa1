using FluentValidation;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Common.Validation;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Search;

/// <summary>Validates <see cref="SearchCrmQuery"/>.</summary>
internal sealed class SearchCrmValidator : AbstractValidator<SearchCrmQuery>
{
    /// <summary>The longest free text accepted.</summary>
    public const int MaxTextLength = 200;

    public SearchCrmValidator()
    {
        RuleFor(q => q).Must(HasCriterion).WithName("Text")
            .WithMessage("Give a search text or at least one filter (client_code, email, pipeline, stage, health, company_id, updated_since).");
        RuleFor(q => q.Text).Must(t => t is null || t.Trim().Length is > 0 and <= MaxTextLength)
            .WithMessage($"The search text must have 1 to {MaxTextLength} characters.")
            .Must(t => !CrmRules.HasForbiddenCharacters(t)).WithMessage("The search text contains control characters.");
        RuleForEach(q => q.Objects).Must(o => SearchCrmHandler.TryParseKind(o, out _))
            .WithMessage((_, o) => $"Unknown object \"{o}\"; valid: person, company, deal.");
        RuleFor(q => q.ClientCode).ValidClientCode();
        RuleFor(q => q.Email).ValidEmail();
        this.AddDealFilterRules(SodimoSchema.Current, q => q.Pipeline, q => q.Stage, q => q.Health);
        RuleFor(q => q.Limit).InclusiveBetween(1, TwentyLimits.MaxSearchLimit)
            .WithMessage($"The limit must be between 1 and {TwentyLimits.MaxSearchLimit}.");
        RuleFor(q => q.Cursor).MaximumLength(2000).WithMessage("The cursor is limited to 2000 characters.")
            .Must(c => !CrmRules.HasForbiddenCharacters(c)).WithMessage("The cursor contains control characters.");
    }

    private static bool HasCriterion(SearchCrmQuery q) =>
        !string.IsNullOrWhiteSpace(q.Text) || q.ClientCode is not null || q.Email is not null || q.Pipeline is not null
        || q.Stage is not null || q.Health is not null || q.CompanyId is not null || q.UpdatedSince is not null;
}
