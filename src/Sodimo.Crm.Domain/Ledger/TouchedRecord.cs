namespace Sodimo.Crm.Domain.Ledger;

/// <summary>One Twenty record a mutation created, updated or deleted.</summary>
/// <param name="ObjectName">The Twenty object's singular API name, for example <c>company</c> or <c>person</c>.</param>
/// <param name="Id">The Twenty record id.</param>
/// <param name="Action">What the mutation did to the record.</param>
public sealed record TouchedRecord(string ObjectName, string Id, RecordAction Action)
{
    /// <summary>Throws when a part is empty or the action is not defined.</summary>
    /// <exception cref="ArgumentException">A part is missing.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ObjectName, nameof(ObjectName));
        ArgumentException.ThrowIfNullOrWhiteSpace(Id, nameof(Id));
        if (!Enum.IsDefined(Action))
        {
            throw new ArgumentException($"Unknown record action {(int)Action}.", nameof(Action));
        }
    }
}
