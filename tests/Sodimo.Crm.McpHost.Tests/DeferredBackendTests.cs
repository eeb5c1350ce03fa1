using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Sodimo.Crm.McpHost.Backend;
using Sodimo.Crm.McpHost.Tests.Support;

namespace Sodimo.Crm.McpHost.Tests;

/// <summary>The SDK behind the tools is built on the first tool call, once, and not before (cold start).</summary>
public sealed class DeferredBackendTests
{
    private static readonly ListDealsInput AnyDeals = new(null, null, null, null, null, null, 5, null);

    [Fact]
    public async Task FirstCall_BuildsTheBackendOnce_AndLaterCallsReuseIt()
    {
        var registrations = 0;
        var fake = new FakeCrmBackend();
        await using var backend = new DeferredCrmBackend(
            services =>
            {
                Interlocked.Increment(ref registrations);
                services.AddSingleton<ICrmBackend>(fake);
            },
            NullLoggerFactory.Instance);

        backend.IsBuilt.ShouldBeFalse();
        registrations.ShouldBe(0);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () => await backend.ListDealsAsync(AnyDeals, CancellationToken.None))));

        backend.IsBuilt.ShouldBeTrue();
        registrations.ShouldBe(1);
        fake.Calls.Count.ShouldBe(8);
    }

    [Fact]
    public async Task ToolsList_OverStdio_DoesNotBuildTheSdk_AndTheFirstCallDoes()
    {
        var registrations = 0;
        var fake = new FakeCrmBackend();
        await using var deferred = new DeferredCrmBackend(
            services =>
            {
                Interlocked.Increment(ref registrations);
                services.AddSingleton<ICrmBackend>(fake);
            },
            NullLoggerFactory.Instance);
        await using var client = await InProcessMcp.StartAsync(deferred);

        (await client.Client.ListToolsAsync()).Count.ShouldBe(6);
        registrations.ShouldBe(0);

        var result = await client.Client.CallJsonAsync("crm_list_deals", """{"limit":5}""");

        result.IsError.ShouldNotBe(true);
        registrations.ShouldBe(1);
        fake.Calls.ShouldHaveSingleItem().ShouldBeOfType<ListDealsInput>().Limit.ShouldBe(5);
    }
}
