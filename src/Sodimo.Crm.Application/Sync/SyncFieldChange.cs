namespace Sodimo.Crm.Application.Sync;

/// <summary>One Sodiwin-owned field a sync write sets: its Sodimo and Twenty names, the value in Twenty, the value sent.</summary>
/// <param name="Field">The Sodimo name (<c>ar_balance</c>).</param>
/// <param name="TwentyName">The Twenty API name (<c>arBalance</c>).</param>
/// <param name="Old">The value Twenty holds (canonical type, see <see cref="Common.Ports.FieldWrite"/>); <see langword="null"/> on create.</param>
/// <param name="New">The value written.</param>
public sealed record SyncFieldChange(string Field, string TwentyName, object? Old, object? New);
