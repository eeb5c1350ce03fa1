using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Application.Tests.Sync;

/// <summary>An in-memory lease store following the ILeaseStore contract, on a given clock.</summary>
internal sealed class FakeLeaseStore(TimeProvider time) : ILeaseStore
{
    private readonly Dictionary<string, Lease> _leases = [];

    public List<string> Calls { get; } = [];

    public IReadOnlyDictionary<string, Lease> Held => _leases;

    public Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Calls.Add("acquire");
        var now = time.GetUtcNow();
        if (_leases.TryGetValue(name, out var held) && held.Owner != owner && held.ExpiresAt > now)
        {
            return Task.FromResult<Lease?>(null);
        }

        return Task.FromResult<Lease?>(_leases[name] = new Lease(name, owner, now, now + duration));
    }

    public Task<Lease?> RenewAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Calls.Add("renew");
        if (!_leases.TryGetValue(name, out var held) || held.Owner != owner)
        {
            return Task.FromResult<Lease?>(null);
        }

        return Task.FromResult<Lease?>(_leases[name] = held with { ExpiresAt = time.GetUtcNow() + duration });
    }

    public Task<bool> ReleaseAsync(string name, string owner, CancellationToken cancellationToken = default)
    {
        Calls.Add("release");
        if (_leases.TryGetValue(name, out var held) && held.Owner == owner)
        {
            _leases.Remove(name);
            return Task.FromResult(true);
        }

        return Task.FromResult(false);
    }
}
