using FluentValidation;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Common.Validation;
using Sodimo.Crm.Domain.Merge;
using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.UpsertContact;

/// <summary>
/// Validates <see cref="UpsertContactCommand"/>: the merge policy, the client code and e-mail, every company field (known,
/// inside the policy, value of the right type) and the person's fields (inside the policy).
/// </summary>
internal sealed class UpsertContactValidator : AbstractValidator<UpsertContactCommand>
{
    public const int MaxNameLength = 200;
    public const int MaxFields = 50;

    public UpsertContactValidator()
    {
        this.AddMutationRules();
        RuleFor(c => c.MergePolicy).Must(p => MergePolicy.TryParse(p, out _))
            .WithMessage((_, p) => $"Unknown merge policy \"{p}\"; valid: sodimo-fields-only, twenty-fields-only, all.");
        RuleFor(c => c).Must(c => c.Company is not null || c.Person is not null).WithName("Company")
            .WithMessage("Give a company, a person, or both.");

        RuleFor(c => c.Company!.ClientCode).Must(CrmRules.IsValidClientCode)
            .WithMessage((_, code) => CrmRules.ClientCodeMessage(code))
            .OverridePropertyName("Company.ClientCode")
            .When(c => c.Company is not null);
        RuleFor(c => c).Custom((c, context) => CheckCompanyFields(c, c.Company?.Fields, context));

        RuleFor(c => c.Person!.Email).Must(e => CrmRules.IsValidEmail(e?.Trim()))
            .WithMessage((_, e) => $"\"{e}\" is not a valid e-mail address.")
            .OverridePropertyName("Person.Email")
            .When(c => c.Person is not null);
        RuleFor(c => c.Person!.FirstName).MaximumLength(MaxNameLength).Must(n => !CrmRules.HasForbiddenCharacters(n))
            .WithMessage($"The first name must have at most {MaxNameLength} characters and no control characters.")
            .OverridePropertyName("Person.FirstName").When(c => c.Person is not null);
        RuleFor(c => c.Person!.LastName).MaximumLength(MaxNameLength).Must(n => !CrmRules.HasForbiddenCharacters(n))
            .WithMessage($"The last name must have at most {MaxNameLength} characters and no control characters.")
            .OverridePropertyName("Person.LastName").When(c => c.Person is not null);
        RuleFor(c => c.Person!.Phone).Matches(@"^\+?[0-9][0-9 ().-]{2,39}$")
            .WithMessage((_, p) => $"\"{p}\" is not a phone number (digits, spaces, dots, dashes, parentheses and a leading +; 3 to 40 characters).")
            .OverridePropertyName("Person.Phone").When(c => c.Person?.Phone is not null);
        RuleFor(c => c).Custom((c, context) => CheckPersonPolicy(c, context));
    }

    private static void CheckCompanyFields(UpsertContactCommand command, IReadOnlyDictionary<string, object?>? fields, ValidationContext<UpsertContactCommand> context)
    {
        if (fields is null || !MergePolicy.TryParse(command.MergePolicy, out var kind))
        {
            return;
        }

        if (fields.Count > MaxFields)
        {
            context.AddFailure("Company.Fields", $"At most {MaxFields} company fields may be written in one call.");
            return;
        }

        if (fields.ContainsKey(SodimoFieldNames.ClientCode))
        {
            context.AddFailure("Company.Fields", "client_code identifies the company: give it as Company.ClientCode, not among the fields.");
        }

        // The create decision is the widest a policy allows; the handler re-checks once it knows whether the company exists.
        var decision = new MergePolicy(kind).Decide(SodimoObjectNames.Company, fields.Keys.Where(k => k != SodimoFieldNames.ClientCode), MergeOperation.Create);
        foreach (var refused in decision.Refused)
        {
            var message = refused.Reason == RefusalReason.UnknownField
                ? $"{refused.Message} Known company fields: {string.Join(", ", SodimoSchema.Current.GetObject(SodimoObjectNames.Company).Fields.Select(f => f.SodimoName))}."
                : refused.Message;
            context.AddFailure($"Company.Fields.{refused.FieldName}", message);
        }

        foreach (var field in decision.Allowed)
        {
            if (!FieldValues.TryNormalize(field, fields[field.SodimoName], out _, out var error))
            {
                context.AddFailure($"Company.Fields.{field.SodimoName}", error);
            }
        }
    }

    private static void CheckPersonPolicy(UpsertContactCommand command, ValidationContext<UpsertContactCommand> context)
    {
        if (command.Person is null || !MergePolicy.TryParse(command.MergePolicy, out var kind))
        {
            return;
        }

        var decision = new MergePolicy(kind).Decide(SodimoObjectNames.Person, UpsertContactHandler.PersonFieldNames(command.Person!), MergeOperation.Create);
        foreach (var refused in decision.Refused)
        {
            context.AddFailure($"Person.{refused.FieldName}", refused.Message);
        }
    }
}
