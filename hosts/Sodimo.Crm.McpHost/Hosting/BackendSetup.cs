using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application;
using Sodimo.Crm.Infrastructure;
using Sodimo.Crm.McpHost.Backend;
using Sodimo.Crm.McpHost.Sandbox;

namespace Sodimo.Crm.McpHost.Hosting;

/// <summary>Registers the CRM backend the tools call: the SDK's use cases over the configured Twenty, or over the sandbox.</summary>
internal static class BackendSetup
{
    private const string LedgerPathKey = "Sodimo:Ledger:SqlitePath";

    /// <summary>Adds the SDK's use cases and the mediator-backed tool backend; the ports come from the caller.</summary>
    /// <param name="services">The host's services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddSodimoCrmToolBackend(this IServiceCollection services)
    {
        services.AddSodimoCrmApplication();
        services.AddSingleton<ICrmBackend, MediatorCrmBackend>();
        return services;
    }

    /// <summary>
    /// Checks the SDK's settings and adds the tool backend, which builds the SDK (use cases, Twenty client, ledger) on
    /// the first tool call. With <paramref name="sandbox"/>, first starts the sandbox and points the SDK at it.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="sandbox">Start the in-process sandbox instead of using the configured Twenty.</param>
    /// <param name="log">Where the host's own start-up lines go (stderr).</param>
    /// <returns>What to dispose when the host stops.</returns>
    /// <exception cref="OptionsValidationException">The SDK's settings are unusable (nothing was started).</exception>
    public static async Task<IAsyncDisposable> AddAsync(IServiceCollection services, IConfiguration configuration, bool sandbox, TextWriter log)
    {
        var overrides = new List<KeyValuePair<string, string?>>();
        IAsyncDisposable resources = new NoResources();
        if (sandbox)
        {
            var environment = await SandboxEnvironment.StartAsync(TimeProvider.System).ConfigureAwait(false);
            resources = environment;
            overrides.AddRange(environment.Settings(configuration[LedgerPathKey]));
            await log.WriteLineAsync(
                $"{McpHostApp.Name}: sandbox: TwentyEmulator at {environment.Emulator.BaseAddress} with Sodimo's schema and {environment.DealCount} demo deals; "
                + $"ledger {configuration[LedgerPathKey] ?? environment.LedgerPath}").ConfigureAwait(false);
        }
        else if (string.IsNullOrWhiteSpace(configuration[LedgerPathKey]))
        {
            // A host started by a desktop client has no useful working directory: keep the ledger in the user's data folder.
            var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "Sodimo");
            Directory.CreateDirectory(folder);
            overrides.Add(new(LedgerPathKey, Path.Combine(folder, "sodimo-ledger.db")));
        }

        var effective = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build();
        IReadOnlyList<string> problems;
        try
        {
            problems = InfrastructureSettings.Problems(effective);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value that is not a number, a duration, etc.
            problems = [ex.Message];
        }

        if (problems.Count > 0)
        {
            await resources.DisposeAsync().ConfigureAwait(false);
            throw new OptionsValidationException("Sodimo", typeof(InfrastructureSettings), problems);
        }

        // Checked now, built on the first tool call: initialize and tools/list need none of the SDK.
        services.AddSingleton<ICrmBackend>(sp => new DeferredCrmBackend(
            inner =>
            {
                inner.AddSodimoCrmInfrastructure(effective);
                inner.AddSodimoCrmToolBackend();
            },
            sp.GetRequiredService<ILoggerFactory>()));
        return resources;
    }

    private sealed class NoResources : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
