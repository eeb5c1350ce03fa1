namespace Sodimo.Crm.Application.Common.Ports;

/// <summary>A lease held by an owner until it expires (see <see cref="ILeaseStore"/>).</summary>
/// <param name="Name">The lease name.</param>
/// <param name="Owner">Who holds it.</param>
/// <param name="AcquiredAt">When this owner took it.</param>
/// <param name="ExpiresAt">When it expires unless renewed.</param>
public sealed record Lease(string Name, string Owner, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
