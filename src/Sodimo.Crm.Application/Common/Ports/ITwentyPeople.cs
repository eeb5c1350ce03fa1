namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>People (contacts) in Twenty. Throws the port exceptions described on <see cref="ITwentyCompanies"/>.</summary>
public interface ITwentyPeople
{
    /// <summary>Reads one person.</summary>
    /// <param name="id">The person's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The person, or <see langword="null"/> when Twenty has none with this id.</returns>
    Task<PersonRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finds the person whose primary e-mail is <paramref name="email"/>, compared case-insensitively (people edited in
    /// Twenty may have mixed-case addresses).
    /// </summary>
    /// <param name="email">A validated, lower-case e-mail address (sent as a typed GraphQL variable or a validated REST value).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The person, or <see langword="null"/>.</returns>
    Task<PersonRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Creates a person with its client-generated id, linked to a company when one is given.</summary>
    /// <param name="person">The id, fields and company.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created person.</returns>
    Task<PersonRecord> CreateAsync(PersonCreate person, CancellationToken cancellationToken = default);

    /// <summary>Sets fields and, when given, the company link of a person, in one call.</summary>
    /// <param name="update">The id, fields and company.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated person.</returns>
    /// <exception cref="RecordNotFoundException">No person has this id.</exception>
    Task<PersonRecord> UpdateAsync(PersonUpdate update, CancellationToken cancellationToken = default);
}
