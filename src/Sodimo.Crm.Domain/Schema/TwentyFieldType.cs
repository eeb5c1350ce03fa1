namespace Sodimo.Crm.Domain.Schema;

/// <summary>
/// The Twenty field types (FieldMetadataType) Sodimo's schema uses. <see cref="TwentyFieldTypeNames"/> gives the
/// wire spelling (<c>DATE_TIME</c>, <c>MULTI_SELECT</c>, …).
/// </summary>
public enum TwentyFieldType
{
    /// <summary><c>TEXT</c>: a single string.</summary>
    Text,

    /// <summary><c>NUMBER</c>: a number (float).</summary>
    Number,

    /// <summary><c>CURRENCY</c>: composite <c>{ amountMicros, currencyCode }</c>.</summary>
    Currency,

    /// <summary><c>DATE</c>: a calendar date without time.</summary>
    Date,

    /// <summary><c>DATE_TIME</c>: an instant (ISO 8601).</summary>
    DateTime,

    /// <summary><c>BOOLEAN</c>.</summary>
    Boolean,

    /// <summary><c>SELECT</c>: one option value out of a fixed list.</summary>
    Select,

    /// <summary><c>MULTI_SELECT</c>: several option values out of a fixed list.</summary>
    MultiSelect,

    /// <summary><c>ARRAY</c>: a list of free strings.</summary>
    Array,

    /// <summary><c>ADDRESS</c>: composite street / city / postcode / country / coordinates.</summary>
    Address,

    /// <summary><c>FULL_NAME</c>: composite <c>{ firstName, lastName }</c>.</summary>
    FullName,

    /// <summary><c>EMAILS</c>: composite <c>{ primaryEmail, additionalEmails }</c>.</summary>
    Emails,

    /// <summary><c>PHONES</c>: composite primary phone plus additional phones.</summary>
    Phones,

    /// <summary><c>LINKS</c>: composite primary link plus secondary links.</summary>
    Links,

    /// <summary><c>RELATION</c>: a link to another object (many-to-one on this side).</summary>
    Relation,
}
