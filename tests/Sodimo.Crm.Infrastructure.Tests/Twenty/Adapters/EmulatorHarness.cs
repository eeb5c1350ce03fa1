using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty.Adapters;

/// <summary>The production registration (AddSodimoCrmInfrastructure) talking to an in-process TwentyEmulator.</summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _directory = Directory.CreateTempSubdirectory("sodimo-gateway-").FullName;

    public EmulatorHarness(bool rateLimit = false, Dictionary<string, string?>? settings = null, Action<TwentyEmulatorOptions>? configure = null, bool withApplication = false)
    {
        var options = new TwentyEmulatorOptions { TimeProvider = Time };
        options.RateLimit.Enabled = rateLimit;
        configure?.Invoke(options);
        Emulator = new TwentyEmulator(options);

        var values = new Dictionary<string, string?>
        {
            ["Sodimo:Twenty:BaseUrl"] = "http://127.0.0.1:3000",
            ["Sodimo:Twenty:ApiKey"] = "dev-key",
            ["Sodimo:Twenty:RetryBaseDelay"] = "00:00:00.050",
            ["Sodimo:Ledger:SqlitePath"] = Path.Combine(_directory, "ledger.db"),
        };
        foreach (var (k, v) in settings ?? [])
            values[k] = v;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        if (withApplication)
            services.AddSodimoCrmApplication();
        services.AddSodimoCrmInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddHttpClient(TwentyServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Emulator.CreateHandler());
        _provider = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public TwentyEmulator Emulator { get; }

    public IServiceProvider Services => _provider;

    public ITwentyCompanies Companies => _provider.GetRequiredService<ITwentyCompanies>();

    public ITwentyPeople People => _provider.GetRequiredService<ITwentyPeople>();

    public ITwentyDeals Deals => _provider.GetRequiredService<ITwentyDeals>();

    public ITwentyActivities Activities => _provider.GetRequiredService<ITwentyActivities>();

    public ITwentySearch Search => _provider.GetRequiredService<ITwentySearch>();

    public ITwentyGraphQLClient GraphQL => _provider.GetRequiredService<ITwentyGraphQLClient>();

    /// <summary>Creates Sodimo's custom fields through the metadata API, then forgets those requests in the journal.</summary>
    public async Task ProvisionSodimoFieldsAsync()
    {
        await EmulatorProvisioning.ProvisionAsync(GraphQL);
        Emulator.Journal.Clear();
    }

    /// <summary>The requests the emulator saw, as a snapshot-friendly list: method, path, decoded query, body.</summary>
    public IReadOnlyList<object> Wire() => Emulator.Journal.Entries
        .Select(e => (object)new
        {
            e.Method,
            e.Path,
            Query = Uri.UnescapeDataString(e.Query.TrimStart('?')),
            Body = string.IsNullOrEmpty(e.Body) ? null : JsonNode.Parse(e.Body),
            e.Status,
        })
        .ToArray();

    /// <summary>Advances the fake clock in small steps until <paramref name="task"/> completes (bounded).</summary>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan step, int maxSteps = 1000)
    {
        for (var i = 0; i < maxSteps && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            Time.Advance(step);
        }

        return await task;
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
