using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Ledger;

/// <summary>Registers the run ledger and the lease store.</summary>
public static class LedgerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IRunLedger"/>, <see cref="ILeaseStore"/>, <see cref="IWebhookInbox"/> and
    /// <see cref="ILedgerHealth"/> over the database configured in the
    /// <c>Sodimo:Ledger</c> section (<see cref="SodimoLedgerOptions"/>), validated when the host starts.
    /// The schema is created or upgraded on first use. Registers <see cref="TimeProvider.System"/> unless a
    /// <see cref="TimeProvider"/> is already registered.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root (the section is read from it).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSodimoLedger(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SodimoLedgerOptions>()
            .Bind(configuration.GetSection(SodimoLedgerOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SodimoLedgerOptions>, SodimoLedgerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => LedgerDatabase.Create(
            sp.GetRequiredService<IOptions<SodimoLedgerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IRunLedger, SqlRunLedger>();
        services.TryAddSingleton<ILeaseStore, SqlLeaseStore>();
        services.TryAddSingleton<IWebhookInbox, SqlWebhookInbox>();
        services.TryAddSingleton<ILedgerHealth, LedgerHealth>();
        return services;
    }
}
