using FluentValidation;
using Sodimo.Crm.Application.Common.Validation;

namespace Sodimo.Crm.Application.GetContact;

/// <summary>Validates <see cref="GetContactQuery"/>: exactly one of id and e-mail.</summary>
internal sealed class GetContactValidator : AbstractValidator<GetContactQuery>
{
    public GetContactValidator()
    {
        RuleFor(q => q).Must(q => q.PersonId.HasValue ^ q.Email is not null)
            .WithName("PersonId").WithMessage("Give exactly one of the person's id and e-mail.");
        RuleFor(q => q.PersonId).NotEqual(Guid.Empty).WithMessage("The person id may not be the empty UUID.");
        RuleFor(q => q.Email).ValidEmail();
    }
}
