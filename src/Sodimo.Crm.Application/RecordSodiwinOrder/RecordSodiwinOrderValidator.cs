using FluentValidation;
using Sodimo.Crm.Application.Common.Validation;

namespace Sodimo.Crm.Application.RecordSodiwinOrder;

/// <summary>Validates <see cref="RecordSodiwinOrderCommand"/>: a deal id and a non-blank order number of at most 100 characters.</summary>
internal sealed class RecordSodiwinOrderValidator : AbstractValidator<RecordSodiwinOrderCommand>
{
    public RecordSodiwinOrderValidator()
    {
        this.AddMutationRules();
        RuleFor(c => c.DealId).NotEqual(Guid.Empty).WithMessage("The deal id is required (not the empty UUID).");
        RuleFor(c => c.NumeroCommande).NotEmpty().WithMessage("The order number is required.")
            .MaximumLength(100).WithMessage("The order number is limited to 100 characters.");
    }
}
