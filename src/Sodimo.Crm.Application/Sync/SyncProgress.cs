namespace Sodimo.Crm.Application.Sync;

/// <summary>Where a sync run stands, reported after each call.</summary>
/// <param name="Phase"><c>read</c>, <c>create</c> or <c>update</c>.</param>
/// <param name="Done">Items of the phase done so far (codes looked up, companies written).</param>
/// <param name="Total">Items of the phase in all.</param>
public sealed record SyncProgress(string Phase, int Done, int Total);
