using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.Infrastructure.Tests.Twenty.Adapters;

/// <summary>The client over real sockets on 127.0.0.1: the emulator on a loopback port, and a port nobody listens on.</summary>
public sealed class LoopbackTests
{
    private static ServiceProvider Client(string baseUrl, TimeProvider? time = null, Dictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Sodimo:Twenty:BaseUrl"] = baseUrl,
            ["Sodimo:Twenty:ApiKey"] = "dev-key",
            ["Sodimo:Ledger:SqlitePath"] = Path.Combine(Path.GetTempPath(), $"sodimo-loopback-{Guid.NewGuid():N}.db"),
        };
        foreach (var (k, v) in extra ?? [])
            values[k] = v;
        var services = new ServiceCollection();
        if (time is not null)
            services.AddSingleton(time);
        services.AddSodimoCrmInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task EmulatorOnLoopbackPort_AdaptersWorkOverHttp()
    {
        await using var emulator = new TwentyEmulator();
        await emulator.StartAsync(0);
        emulator.BaseAddress.IsLoopback.ShouldBeTrue();
        await using var provider = Client(emulator.BaseAddress.ToString());
        var id = Guid.Parse("11111111-1111-4111-8111-111111111111");
        var companies = provider.GetRequiredService<ITwentyCompanies>();

        await companies.CreateAsync(new CompanyCreate(id, [new FieldWrite(Sodimo.Crm.Domain.Schema.SodimoSchema.Current.GetField("Company", "name"), "Over HTTP")]));
        var read = await companies.GetAsync(id);

        read!.Name.ShouldBe("Over HTTP");
        emulator.Journal.Entries.Select(e => e.Headers["Authorization"]).Distinct().ShouldBe(["Bearer dev-key"]);
    }

    [Fact]
    public async Task NothingListening_RetriedThenBreakerOpens_FastFailuresAreUnavailable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var provider = Client($"http://127.0.0.1:{port}", time, new()
        {
            ["Sodimo:Twenty:MaxRetryAttempts"] = "1",
            ["Sodimo:Twenty:RetryBaseDelay"] = "00:00:00.010",
            ["Sodimo:Twenty:CircuitMinimumThroughput"] = "4",
        });
        var records = provider.GetRequiredService<ITwentyRecordsClient>();
        var failures = new List<TwentyTransportException>();

        for (var i = 0; i < 4; i++)
        {
            var call = records.FindManyAsync(TwentyObjectName.Company);
            while (!call.IsCompleted)
            {
                await Task.Delay(5);
                time.Advance(TimeSpan.FromMilliseconds(50));
            }

            failures.Add(await Should.ThrowAsync<TwentyTransportException>(call));
        }

        failures.Take(2).ShouldAllBe(f => f.Failure == TwentyTransportFailure.ConnectionFailed && !f.MayHaveBeenApplied);
        failures.Last().Failure.ShouldBe(TwentyTransportFailure.CircuitOpen);
        var unavailable = await Should.ThrowAsync<TwentyUnavailableException>(
            provider.GetRequiredService<ITwentyCompanies>().CreateAsync(new CompanyCreate(Guid.NewGuid(), [])));
        unavailable.Message.ShouldContain("CircuitOpen");
    }
}
