namespace Sodimo.Crm.Domain.Sodiwin;

/// <summary>Why a row of a Sodiwin dump, or a client of it, was rejected.</summary>
public enum SodiwinRowErrorKind
{
    /// <summary>The row has fewer fields than the header.</summary>
    ShortRow = 1,

    /// <summary>The row has more fields than the header (an unquoted separator, most likely).</summary>
    LongRow = 2,

    /// <summary>The client code is empty.</summary>
    MissingKey = 3,

    /// <summary>The client code has characters or a length a code cannot have.</summary>
    InvalidKey = 4,

    /// <summary>A number cell could not be read (decimal comma, optional thousands separators).</summary>
    InvalidNumber = 5,

    /// <summary>A date cell could not be read in the configured format (<c>dd/MM/yyyy</c>).</summary>
    InvalidDate = 6,

    /// <summary>A value is not one Sodimo's schema knows (e.g. an aging bucket without a matching option).</summary>
    InvalidValue = 7,

    /// <summary>The record is malformed CSV (an unbalanced quote); the reader cannot go on past it.</summary>
    MalformedRecord = 8,

    /// <summary>The same client code appears on several rows of the dump; every one of them is rejected.</summary>
    DuplicateKey = 9,

    /// <summary>The client code matches more than one company in Twenty; nothing is written for it.</summary>
    AmbiguousMatch = 10,

    /// <summary>Twenty refused the write for this client.</summary>
    WriteRejected = 11,
}
