using Mediator;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.UpsertContact;

/// <summary>
/// Finds or creates a company by client code, finds or creates a person by e-mail, and links them
/// (<c>crm_upsert_contact</c>): one ledger entry listing every record touched. Fields are written under a merge policy;
/// a field outside it is refused with a message naming it, never silently dropped.
/// </summary>
/// <remarks>
/// Under <c>sodimo-fields-only</c> only Sodiwin-owned Company fields are written (<c>name</c> and <c>billing_address</c>
/// only when the company is created) and the person is never written, so a request carrying a person is refused.
/// Under <c>twenty-fields-only</c> only Twenty-owned fields are written; a company that does not exist yet is not
/// created (that would write its Sodiwin-owned <c>client_code</c>). Under <c>all</c> every schema field may be written.
/// </remarks>
public sealed record UpsertContactCommand : ICommand<UpsertContactResult>, IMutationRequest
{
    /// <summary>The ledger tool name.</summary>
    public const string Tool = "crm_upsert_contact";

    /// <inheritdoc />
    public required RunContext Run { get; init; }

    /// <inheritdoc />
    public required string IdempotencyKey { get; init; }

    /// <summary>The merge policy: <c>sodimo-fields-only</c>, <c>twenty-fields-only</c> or <c>all</c>.</summary>
    public required string MergePolicy { get; init; }

    /// <summary>The company to find or create, or <see langword="null"/> to touch only the person.</summary>
    public CompanyInput? Company { get; init; }

    /// <summary>The person to find or create, or <see langword="null"/> to touch only the company.</summary>
    public ContactInput? Person { get; init; }

    /// <summary>When both are given: link the person to the company (default <see langword="true"/>).</summary>
    public bool LinkPersonToCompany { get; init; } = true;

    /// <inheritdoc />
    public string ToolName => Tool;

    /// <inheritdoc />
    public LedgerTarget Target => Person is not null
        ? new LedgerTarget("person", null, Person.Email?.Trim().ToLowerInvariant())
        : new LedgerTarget("company", null, Company?.ClientCode);
}

/// <summary>The company part of an upsert.</summary>
public sealed record CompanyInput
{
    /// <summary>The Sodiwin client code that identifies the company (e.g. <c>C00042</c>).</summary>
    public required string ClientCode { get; init; }

    /// <summary>
    /// Company fields to write, by Sodimo name (<c>ar_balance</c>, <c>halal_cert</c>), each in its canonical type or as
    /// a <see cref="System.Text.Json.JsonElement"/> (see <see cref="Common.Ports.FieldValues"/>). <c>client_code</c> is
    /// taken from <see cref="ClientCode"/> and may not be repeated here.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Fields { get; init; } = new Dictionary<string, object?>();
}

/// <summary>The person part of an upsert.</summary>
public sealed record ContactInput
{
    /// <summary>The person's primary e-mail: how they are found, and written when they are created (stored lower-case).</summary>
    public required string Email { get; init; }

    /// <summary>The first name to write (Person <c>name</c>), or <see langword="null"/> to leave it.</summary>
    public string? FirstName { get; init; }

    /// <summary>The last name to write (Person <c>name</c>), or <see langword="null"/> to leave it.</summary>
    public string? LastName { get; init; }

    /// <summary>The primary phone number to write (Person <c>phones</c>), or <see langword="null"/> to leave it.</summary>
    public string? Phone { get; init; }
}

/// <summary>What an upsert did to one record.</summary>
public enum UpsertOutcome
{
    /// <summary>The request did not name this record.</summary>
    NotRequested = 0,

    /// <summary>Found, and nothing needed writing.</summary>
    Unchanged = 1,

    /// <summary>Created.</summary>
    Created = 2,

    /// <summary>Found and updated (fields or link).</summary>
    Updated = 3,
}

/// <summary>The result of an upsert.</summary>
public sealed record UpsertContactResult : IMutationResult
{
    /// <summary>The company's id, when the request named one.</summary>
    public Guid? CompanyId { get; init; }

    /// <summary>What was done to the company.</summary>
    public UpsertOutcome Company { get; init; }

    /// <summary>The person's id, when the request named one.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>What was done to the person.</summary>
    public UpsertOutcome Person { get; init; }

    /// <summary>Whether the person is linked to the company after the call.</summary>
    public bool Linked { get; init; }

    /// <summary>The Sodimo names of the fields written, per object (<c>Company</c>, <c>Person</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldsWritten { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <inheritdoc />
    public IReadOnlyList<TouchedRecord> Records { get; init; } = [];

    /// <inheritdoc />
    public bool Replayed { get; init; }
}
