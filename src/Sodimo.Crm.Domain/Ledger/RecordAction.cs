namespace Sodimo.Crm.Domain.Ledger;

/// <summary>What a mutation did to one Twenty record. Stored as its lower-case code.</summary>
public enum RecordAction
{
    /// <summary>The record was created (<c>created</c>).</summary>
    Created = 1,

    /// <summary>The record was updated, including a link set on one of its relation fields (<c>updated</c>).</summary>
    Updated = 2,

    /// <summary>The record was deleted (<c>deleted</c>).</summary>
    Deleted = 3,
}
