using FluentValidation;
using Sodimo.Crm.Application.Common.Validation;

namespace Sodimo.Crm.Application.AddActivity;

/// <summary>Validates <see cref="AddActivityCommand"/>.</summary>
internal sealed class AddActivityValidator : AbstractValidator<AddActivityCommand>
{
    public const int MaxTitleLength = 500;
    public const int MaxBodyLength = 100_000;

    public AddActivityValidator()
    {
        this.AddMutationRules();
        RuleFor(c => c.Kind).Must(k => AddActivityHandler.TryParseKind(k, out _))
            .WithMessage((_, k) => $"Unknown activity kind \"{k}\"; valid: note, task.");
        RuleFor(c => c.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("The title is required.")
            .MaximumLength(MaxTitleLength).WithMessage($"The title is limited to {MaxTitleLength} characters.")
            .Must(t => !CrmRules.HasForbiddenCharacters(t)).WithMessage("The title contains control characters.");
        RuleFor(c => c.Body).MaximumLength(MaxBodyLength).WithMessage($"The body is limited to {MaxBodyLength} characters.")
            .Must(b => !CrmRules.HasForbiddenCharacters(b)).WithMessage("The body contains control characters.");
        RuleFor(c => c.DueAt).Null().When(c => IsNote(c.Kind)).WithMessage("A note has no due date; use kind \"task\".");
        RuleFor(c => c.AssigneeId).Null().When(c => IsNote(c.Kind)).WithMessage("A note has no assignee; use kind \"task\".");
        RuleFor(c => c.AssigneeId).NotEqual(Guid.Empty).WithMessage("The assignee id may not be the empty UUID.");
        RuleFor(c => c).Must(c => c.PersonId.HasValue || c.CompanyId.HasValue || c.DealId.HasValue).WithName("PersonId")
            .WithMessage("Link the activity to at least one of a person, a company or a deal.");
        RuleFor(c => c.PersonId).NotEqual(Guid.Empty).WithMessage("The person id may not be the empty UUID.");
        RuleFor(c => c.CompanyId).NotEqual(Guid.Empty).WithMessage("The company id may not be the empty UUID.");
        RuleFor(c => c.DealId).NotEqual(Guid.Empty).WithMessage("The deal id may not be the empty UUID.");
    }

    private static bool IsNote(string? kind) => AddActivityHandler.TryParseKind(kind, out var k) && k == Common.Ports.ActivityKind.Note;
}
