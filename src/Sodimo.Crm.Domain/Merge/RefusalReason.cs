namespace Sodimo.Crm.Domain.Merge;

/// <summary>Why a merge policy refused a field.</summary>
public enum RefusalReason
{
    /// <summary>The object has no field by that Sodimo name.</summary>
    UnknownField,

    /// <summary>Another origin owns the field.</summary>
    OwnedByAnotherOrigin,

    /// <summary>Sodiwin sets the field only when the record is created; Twenty's value wins afterwards.</summary>
    OnlyAtCreation,
}
