using FluentValidation;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Common.Validation;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.ListDeals;

/// <summary>Validates <see cref="ListDealsQuery"/>.</summary>
internal sealed class ListDealsValidator : AbstractValidator<ListDealsQuery>
{
    public ListDealsValidator()
    {
        this.AddDealFilterRules(SodimoSchema.Current, q => q.Pipeline, q => q.Stage, q => q.Health);
        RuleFor(q => q.ClientCode).ValidClientCode();
        RuleFor(q => q.Limit).InclusiveBetween(1, TwentyLimits.MaxPageSize)
            .WithMessage($"The limit must be between 1 and {TwentyLimits.MaxPageSize}.");
        RuleFor(q => q.Cursor).MaximumLength(2000).WithMessage("The cursor is limited to 2000 characters.")
            .Must(c => !CrmRules.HasForbiddenCharacters(c)).WithMessage("The cursor contains control characters.");
    }
}
