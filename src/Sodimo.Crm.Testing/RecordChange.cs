using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing;

/// <summary>What happened to a record (Twenty's DatabaseEventAction names, API-FACTS §7.1).</summary>
public enum RecordChangeAction
{
    /// <summary>A record was inserted (also an upsert that inserted).</summary>
    Created,
    /// <summary>A record was updated (also an upsert that matched).</summary>
    Updated,
    /// <summary>A record was soft-deleted (<c>deletedAt</c> set).</summary>
    Deleted,
    /// <summary>A record was permanently removed.</summary>
    Destroyed,
    /// <summary>A soft-deleted record was restored.</summary>
    Restored,
}

/// <summary>A committed change to one record, raised by <see cref="TwentyEmulator.RecordChanged"/>.</summary>
/// <param name="ObjectMetadataId">Id of the object's metadata.</param>
/// <param name="ObjectNameSingular">The object's singular name, e.g. <c>person</c>.</param>
/// <param name="Action">What happened.</param>
/// <param name="RecordId">The record's id.</param>
/// <param name="Before">The stored record before the change (null for <see cref="RecordChangeAction.Created"/>).</param>
/// <param name="After">The stored record after the change (null for <see cref="RecordChangeAction.Destroyed"/>).</param>
/// <param name="UpdatedFields">Names of the fields whose value changed (updates only; empty otherwise).</param>
/// <param name="OccurredAt">When the change was committed (the emulator's clock).</param>
public sealed record RecordChange(
    Guid ObjectMetadataId,
    string ObjectNameSingular,
    RecordChangeAction Action,
    Guid RecordId,
    JsonObject? Before,
    JsonObject? After,
    IReadOnlyList<string> UpdatedFields,
    DateTimeOffset OccurredAt)
{
    /// <summary>Twenty's event name, e.g. <c>person.created</c>.</summary>
    public string EventName => ObjectNameSingular + "." + Action.ToString().ToLowerInvariant();
}
