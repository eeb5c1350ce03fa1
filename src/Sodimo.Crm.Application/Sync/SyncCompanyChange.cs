namespace Sodimo.Crm.Application.Sync;

/// <summary>A company the sync creates or updates, with the fields it writes.</summary>
/// <param name="ClientCode">The normalised client code.</param>
/// <param name="LineNumber">The dump line of the client's row.</param>
/// <param name="CompanyId">The company's id: Twenty's for an update, the client-generated one for a create.</param>
/// <param name="Changes">The fields written (for an update, only those whose value changed).</param>
public sealed record SyncCompanyChange(string ClientCode, int LineNumber, Guid CompanyId, IReadOnlyList<SyncFieldChange> Changes);
