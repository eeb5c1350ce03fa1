using Sodimo.Crm.Domain.Schema;

namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>An amount of money: Twenty's CURRENCY composite as a decimal (the adapter converts to and from <c>amountMicros</c>).</summary>
/// <param name="Amount">The amount, for example <c>1250.50</c>.</param>
/// <param name="CurrencyCode">The ISO 4217 code, for example <c>EUR</c>.</param>
public sealed record Money(decimal Amount, string CurrencyCode);

/// <summary>Twenty's ADDRESS composite (<c>addressStreet1</c> … <c>addressCountry</c>).</summary>
/// <param name="Street1">First street line.</param>
/// <param name="Street2">Second street line.</param>
/// <param name="City">City.</param>
/// <param name="State">State or region.</param>
/// <param name="Postcode">Post code.</param>
/// <param name="Country">Country.</param>
public sealed record PostalAddress(
    string? Street1 = null,
    string? Street2 = null,
    string? City = null,
    string? State = null,
    string? Postcode = null,
    string? Country = null);

/// <summary>Twenty's FULL_NAME composite.</summary>
/// <param name="FirstName">First name.</param>
/// <param name="LastName">Last name.</param>
public sealed record PersonName(string? FirstName, string? LastName);

/// <summary>Twenty's EMAILS composite.</summary>
/// <param name="PrimaryEmail">The primary address (Person's unique key), lower-case as the SDK writes it.</param>
/// <param name="AdditionalEmails">Further addresses.</param>
public sealed record EmailAddresses(string? PrimaryEmail, IReadOnlyList<string> AdditionalEmails)
{
    /// <summary>Only a primary address.</summary>
    /// <param name="primaryEmail">The address.</param>
    /// <returns>The composite.</returns>
    public static EmailAddresses Of(string primaryEmail) => new(primaryEmail, []);
}

/// <summary>Twenty's PHONES composite, primary phone only (additional phones are left to Twenty).</summary>
/// <param name="PrimaryPhoneNumber">The number without calling code, for example <c>612345678</c>.</param>
/// <param name="PrimaryPhoneCallingCode">The calling code, for example <c>+33</c>.</param>
/// <param name="PrimaryPhoneCountryCode">The ISO country code, for example <c>FR</c>.</param>
public sealed record PhoneNumbers(string? PrimaryPhoneNumber, string? PrimaryPhoneCallingCode = null, string? PrimaryPhoneCountryCode = null);

/// <summary>
/// One field a write sets: the schema field (which carries its Twenty API name <see cref="SodimoField.TwentyName"/>,
/// its write name, its type and, for CURRENCY, its currency) and the value in its canonical CLR type.
/// </summary>
/// <remarks>
/// Canonical value types by <see cref="SodimoField.Type"/> (see <see cref="FieldValues"/>): TEXT <see cref="string"/>,
/// NUMBER <see cref="decimal"/>, CURRENCY <see cref="Money"/>, DATE <see cref="DateOnly"/>, DATE_TIME
/// <see cref="DateTimeOffset"/>, BOOLEAN <see cref="bool"/>, SELECT <see cref="string"/> (the option's value, e.g.
/// <c>GREEN</c>), MULTI_SELECT and ARRAY <see cref="IReadOnlyList{T}"/> of <see cref="string"/>, ADDRESS
/// <see cref="PostalAddress"/>, FULL_NAME <see cref="PersonName"/>, EMAILS <see cref="EmailAddresses"/>, PHONES
/// <see cref="PhoneNumbers"/>, RELATION <see cref="Guid"/> (written to <see cref="SodimoField.WriteName"/>).
/// <see langword="null"/> clears the field.
/// </remarks>
/// <param name="Field">The field, from <see cref="SodimoSchema"/>.</param>
/// <param name="Value">The value in its canonical type, or <see langword="null"/>.</param>
public sealed record FieldWrite(SodimoField Field, object? Value)
{
    /// <summary>The field's Sodimo name (<c>client_code</c>).</summary>
    public string SodimoName => Field.SodimoName;

    /// <summary>The field's Twenty API name (<c>clientCode</c>).</summary>
    public string TwentyName => Field.TwentyName;
}

/// <summary>
/// One page of results with Twenty's cursor passed through: when <see cref="NextCursor"/> is set there are more
/// results, and passing it back returns the next page. Results are never silently truncated.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items of this page, in Twenty's order.</param>
/// <param name="NextCursor">The opaque cursor of the next page, or <see langword="null"/> on the last page.</param>
/// <param name="TotalCount">Twenty's total count of matching records, when it gave one.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor, int? TotalCount = null)
{
    /// <summary>Whether there is a next page.</summary>
    public bool HasMore => NextCursor is not null;
}

/// <summary>The sizes Twenty accepts and the ports promise to respect (API-FACTS §1.4, §1.6, §5).</summary>
public static class TwentyLimits
{
    /// <summary>The most records one list call returns (<c>QUERY_MAX_RECORDS</c>).</summary>
    public const int MaxPageSize = 200;

    /// <summary>The page size used when a caller gives none (<c>QUERY_DEFAULT_LIMIT_RECORDS</c>).</summary>
    public const int DefaultPageSize = 60;

    /// <summary>The most records one batch create or update carries.</summary>
    public const int MaxBatchSize = 60;

    /// <summary>The most results of one search call (GraphQL <c>search</c> limit).</summary>
    public const int MaxSearchLimit = 100;

    /// <summary>The most client codes one <see cref="ITwentyCompanies.FindByClientCodesAsync"/> call looks up.</summary>
    public const int MaxKeysPerLookup = 200;
}
