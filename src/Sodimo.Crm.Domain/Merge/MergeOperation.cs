namespace Sodimo.Crm.Domain.Merge;

/// <summary>Whether a write creates the record or updates an existing one.</summary>
public enum MergeOperation
{
    /// <summary>The record is being created.</summary>
    Create,

    /// <summary>The record exists and is being updated.</summary>
    Update,
}
