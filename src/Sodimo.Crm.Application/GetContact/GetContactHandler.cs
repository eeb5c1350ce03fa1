using Mediator;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Common.Validation;

namespace Sodimo.Crm.Application.GetContact;

/// <summary>Handles <see cref="GetContactQuery"/>: the person, then the linked company.</summary>
internal sealed class GetContactHandler : IQueryHandler<GetContactQuery, ContactResult>
{
    private readonly ITwentyPeople _people;
    private readonly ITwentyCompanies _companies;

    public GetContactHandler(ITwentyPeople people, ITwentyCompanies companies)
    {
        _people = people;
        _companies = companies;
    }

    public async ValueTask<ContactResult> Handle(GetContactQuery query, CancellationToken cancellationToken)
    {
        PersonRecord? person;
        if (query.PersonId is { } id)
        {
            person = await _people.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new RecordNotFoundException("person", id.ToString());
        }
        else
        {
            var email = CrmRules.NormalizeEmail(query.Email!);
            person = await _people.FindByEmailAsync(email, cancellationToken).ConfigureAwait(false)
                ?? throw new RecordNotFoundException("person", email);
        }

        var company = person.CompanyId is { } companyId
            ? await _companies.GetAsync(companyId, cancellationToken).ConfigureAwait(false)
            : null;
        return new ContactResult(person, company);
    }
}
