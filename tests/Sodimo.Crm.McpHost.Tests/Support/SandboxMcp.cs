using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Infrastructure;
using Sodimo.Crm.McpHost.Hosting;
using Sodimo.Crm.McpHost.Sandbox;

namespace Sodimo.Crm.McpHost.Tests.Support;

/// <summary>The host's <c>--sandbox</c> back end (emulator on loopback, provisioned, seeded; SQLite ledger) behind an in-process MCP client.</summary>
public sealed class SandboxMcp : IAsyncLifetime
{
    internal SandboxEnvironment Sandbox { get; private set; } = null!;

    internal InProcessMcp Mcp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxEnvironment.StartAsync(TimeProvider.System);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Sandbox.Settings(null)).Build();
        Mcp = await InProcessMcp.StartAsync(services =>
        {
            services.AddSodimoCrmInfrastructure(configuration);
            services.AddSodimoCrmToolBackend();
        });
    }

    public async Task DisposeAsync()
    {
        await Mcp.DisposeAsync();
        await Sandbox.DisposeAsync();
        try
        {
            Directory.Delete(Sandbox.Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
