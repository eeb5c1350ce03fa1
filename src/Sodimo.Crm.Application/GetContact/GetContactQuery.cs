using Mediator;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Application.GetContact;

/// <summary>
/// Reads a person by id or by e-mail (exactly one of the two), with the linked company and its Sodimo fields
/// (<c>crm_get_contact</c>). Read-only. Throws <see cref="RecordNotFoundException"/> when there is no such person.
/// </summary>
public sealed record GetContactQuery : IQuery<ContactResult>
{
    /// <summary>The person's id.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>The person's primary e-mail (matched case-insensitively).</summary>
    public string? Email { get; init; }
}

/// <summary>A person and the company linked to them.</summary>
/// <param name="Person">The person.</param>
/// <param name="Company">The linked company with every Sodimo field, or <see langword="null"/> when the person has none.</param>
public sealed record ContactResult(PersonRecord Person, CompanyRecord? Company);
