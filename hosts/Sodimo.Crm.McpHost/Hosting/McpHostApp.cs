using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sodimo.Crm.McpHost.Hosting;

/// <summary>The host's start-up: arguments, configuration checks, the backend, then stdio or Streamable HTTP.</summary>
internal static class McpHostApp
{
    /// <summary>The prefix of every line the host writes to stderr itself.</summary>
    public const string Name = "Sodimo.Crm.McpHost";

    /// <summary>Runs the host until stdin closes (stdio) or the process is stopped (HTTP).</summary>
    /// <param name="args">The process arguments.</param>
    /// <returns>The exit code: 0 on a clean stop, 2 on a configuration error.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var commandLine = CommandLine.Parse(args, out var argumentError);
        if (commandLine is null)
        {
            return Fail(argumentError!);
        }

        if (commandLine.Help)
        {
            await Console.Error.WriteLineAsync(CommandLine.Usage).ConfigureAwait(false);
            return 0;
        }

        var configuration = new ConfigurationManager();
        configuration.SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        var options = new SodimoMcpOptions();
        configuration.GetSection(SodimoMcpOptions.Section).Bind(options);
        var readOnly = commandLine.ReadOnly || options.ReadOnly;

        if (!commandLine.Sandbox && TwentySettingsCheck.Problem(configuration) is { } twentyProblem)
        {
            return Fail(twentyProblem);
        }

        string? token = null;
        if (commandLine.Http)
        {
            var address = commandLine.Address ?? options.Address;
            if (!IPAddress.TryParse(address, out var ip))
            {
                return Fail($"--address \"{address}\" is not an IP address (use 127.0.0.1).");
            }

            token = string.IsNullOrWhiteSpace(options.BearerToken) ? null : options.BearerToken.Trim();
            if (token is null && !IPAddress.IsLoopback(ip))
            {
                return Fail($"refusing to serve HTTP on non-loopback address {ip} without a bearer token: set Sodimo:Mcp:BearerToken (environment SODIMO__MCP__BEARERTOKEN).");
            }

            if (token is null && commandLine.Sandbox)
            {
                token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
                await Console.Error.WriteLineAsync($"{Name}: sandbox bearer token (send as Authorization: Bearer …): {token}").ConfigureAwait(false);
            }

            if (token is null)
            {
                return Fail("--http needs a bearer token: set Sodimo:Mcp:BearerToken (environment SODIMO__MCP__BEARERTOKEN) to a secret of at least 32 characters.");
            }

            if (token.Length < SodimoMcpOptions.MinTokenLength)
            {
                return Fail($"Sodimo:Mcp:BearerToken is too short: at least {SodimoMcpOptions.MinTokenLength} characters.");
            }

            return await RunHttpAsync(configuration, readOnly, commandLine.Sandbox, ip, commandLine.Port ?? options.Port, token).ConfigureAwait(false);
        }

        return await RunStdioAsync(configuration, readOnly, commandLine.Sandbox).ConfigureAwait(false);
    }

    // The CRM backend on the host's services, or (null and) the exit code of a configuration the options refuse.
    private static async Task<(IAsyncDisposable? Backend, int Refused)> AddBackendAsync(IServiceCollection services, IConfiguration configuration, bool sandbox)
    {
        try
        {
            return (await BackendSetup.AddAsync(services, configuration, sandbox, Console.Error).ConfigureAwait(false), 0);
        }
        catch (OptionsValidationException ex)
        {
            return (null, Fail(string.Join(" ", ex.Failures)));
        }
    }

    private static async Task<int> RunStdioAsync(IConfiguration configuration, bool readOnly, bool sandbox)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(configuration);
        ConfigureLogging(builder.Logging, configuration);
        var (backend, refused) = await AddBackendAsync(builder.Services, configuration, sandbox).ConfigureAwait(false);
        if (backend is null)
        {
            return refused;
        }

        await using var backendResources = backend.ConfigureAwait(false);
        builder.Services.AddSodimoCrmMcpServer(readOnly).WithStdioServerTransport();
        using var host = builder.Build();
        try
        {
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            return Fail(string.Join(" ", ex.Failures));
        }

        return 0;
    }

    private static async Task<int> RunHttpAsync(IConfiguration configuration, bool readOnly, bool sandbox, IPAddress ip, int port, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        ConfigureLogging(builder.Logging, configuration);
        builder.WebHost.ConfigureKestrel(k => k.Listen(ip, port));
        var (backend, refused) = await AddBackendAsync(builder.Services, configuration, sandbox).ConfigureAwait(false);
        if (backend is null)
        {
            return refused;
        }

        await using var backendResources = backend.ConfigureAwait(false);
        builder.Services.AddSodimoCrmMcpServer(readOnly).WithHttpTransport(o => o.Stateless = true);
        await using var app = builder.Build();
        app.UseMiddleware<BearerTokenMiddleware>(Encoding.UTF8.GetBytes(token));
        app.MapMcp("/mcp");
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            return Fail(string.Join(" ", ex.Failures));
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            await Console.Error.WriteLineAsync($"{Name}: listening on {address}/mcp").ConfigureAwait(false);
        }

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.Warning);
        // stdout carries JSON-RPC only: every log line goes to stderr.
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"{Name}: {message}");
        return 2;
    }
}
