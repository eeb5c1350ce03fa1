using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Sodimo.Crm.McpHost.Backend;
using Sodimo.Crm.McpHost.Hosting;

namespace Sodimo.Crm.McpHost.Tests.Support;

/// <summary>The host's MCP server and a real <see cref="McpClient"/> in one process, talking over in-memory pipes.</summary>
internal sealed class InProcessMcp : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessMcp(IHost host, McpClient client)
    {
        _host = host;
        Client = client;
    }

    public McpClient Client { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<InProcessMcp> StartAsync(ICrmBackend backend, bool readOnly = false) =>
        await StartAsync(services => services.AddSingleton(backend), readOnly);

    public static async Task<InProcessMcp> StartAsync(Action<IServiceCollection> addBackend, bool readOnly = false)
    {
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        addBackend(builder.Services);
        builder.Services.AddSodimoCrmMcpServer(readOnly)
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        var host = builder.Build();
        await host.StartAsync();
        var client = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()),
            new McpClientOptions { ClientInfo = new Implementation { Name = "sodimo-tests", Version = "1.0" } });
        return new InProcessMcp(host, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
    }
}
