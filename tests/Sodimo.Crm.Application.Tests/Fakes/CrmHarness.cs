using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Mutations;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;

namespace Sodimo.Crm.Application.Tests.Fakes;

/// <summary>The application wired as a host would wire it, over the fakes, with a fake clock.</summary>
internal sealed class CrmHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    public CrmHarness()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
        Ledger = new FakeRunLedger(Events, Time);
        Twenty = new FakeTwenty(Events);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IRunLedger>(Ledger);
        services.AddSingleton<ITwentyCompanies>(Twenty);
        services.AddSingleton<ITwentyPeople>(Twenty);
        services.AddSingleton<ITwentyDeals>(Twenty);
        services.AddSingleton<ITwentyActivities>(Twenty);
        services.AddSingleton<ITwentySearch>(Twenty);
        services.AddSodimoCrmApplication();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        Mediator = _provider.GetRequiredService<IMediator>();
        Reconciler = _provider.GetRequiredService<IMutationReconciler>();
    }

    public static RunContext Run { get; } = new("run-42", Actor.Ai, "crm-skill", "member-1");

    public List<string> Events { get; } = [];

    public FakeTimeProvider Time { get; }

    public FakeRunLedger Ledger { get; }

    public FakeTwenty Twenty { get; }

    public IMediator Mediator { get; }

    public IMutationReconciler Reconciler { get; }

    public void Dispose() => _provider.Dispose();
}
