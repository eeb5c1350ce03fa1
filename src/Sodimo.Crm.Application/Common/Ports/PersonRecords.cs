namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>A Twenty person (a contact) in Sodimo's shape.</summary>
public sealed record PersonRecord
{
    /// <summary>Twenty's record id.</summary>
    public required Guid Id { get; init; }

    /// <summary>First and last name.</summary>
    public PersonName Name { get; init; } = new(null, null);

    /// <summary>E-mail addresses; the primary one is the person's unique key.</summary>
    public EmailAddresses Emails { get; init; } = new(null, []);

    /// <summary>The primary phone, when there is one.</summary>
    public PhoneNumbers? Phones { get; init; }

    /// <summary>Twenty's <c>jobTitle</c> (read only here).</summary>
    public string? JobTitle { get; init; }

    /// <summary>Twenty's <c>city</c> (read only here).</summary>
    public string? City { get; init; }

    /// <summary>The linked company's id (<c>companyId</c>), if any.</summary>
    public Guid? CompanyId { get; init; }

    /// <summary>When Twenty created the record.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When Twenty last changed the record.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A person to create, with a client-generated id.</summary>
/// <param name="Id">The id the record must be created with.</param>
/// <param name="Fields">The fields to set (Person fields of the schema: <c>name</c>, <c>emails</c>, <c>phones</c>).</param>
/// <param name="CompanyId">The company to link the person to (<c>companyId</c>), or <see langword="null"/>.</param>
public sealed record PersonCreate(Guid Id, IReadOnlyList<FieldWrite> Fields, Guid? CompanyId);

/// <summary>Fields to set on an existing person; fields not listed are left as they are.</summary>
/// <param name="Id">The person's id.</param>
/// <param name="Fields">The fields to set.</param>
/// <param name="CompanyId">The company to link the person to; <see langword="null"/> leaves the link unchanged.</param>
public sealed record PersonUpdate(Guid Id, IReadOnlyList<FieldWrite> Fields, Guid? CompanyId);
