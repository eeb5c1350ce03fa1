using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Infrastructure.Twenty;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty;

/// <summary>The real client registration, with the network replaced by a <see cref="ScriptedHandler"/> and time by a fake clock.</summary>
public sealed class TwentyClientHarness : IDisposable
{
    public const string ApiKey = "test-key-123";

    private readonly ServiceProvider _provider;

    public TwentyClientHarness(Dictionary<string, string?>? settings = null, bool fakeTime = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["Sodimo:Twenty:BaseUrl"] = "http://127.0.0.1:3000",
            ["Sodimo:Twenty:ApiKey"] = ApiKey,
            ["Sodimo:Twenty:RetryBaseDelay"] = "00:00:00.100",
        };
        foreach (var (k, v) in settings ?? [])
            values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection();
        if (fakeTime)
            services.AddSingleton<TimeProvider>(Time);
        services.AddSodimoTwentyClient(configuration);
        services.AddHttpClient(TwentyServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => Handler);
        _provider = services.BuildServiceProvider();
    }

    public ScriptedHandler Handler { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => _provider;

    public ITwentyRecordsClient Records => _provider.GetRequiredService<ITwentyRecordsClient>();

    public ITwentyGraphQLClient GraphQL => _provider.GetRequiredService<ITwentyGraphQLClient>();

    public SodimoTwentyOptions Options => _provider.GetRequiredService<IOptions<SodimoTwentyOptions>>().Value;

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

    public void Dispose()
    {
        _provider.Dispose();
        Handler.Dispose();
    }
}
