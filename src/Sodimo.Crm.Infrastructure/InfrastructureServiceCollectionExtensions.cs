using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Infrastructure.Ledger;
using Sodimo.Crm.Infrastructure.Sodiwin;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.Infrastructure.Twenty.Adapters;

namespace Sodimo.Crm.Infrastructure;

/// <summary>Registers Sodimo.Crm's adapters.</summary>
public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>
    /// Adds every port Application needs: the Twenty client (<see cref="TwentyServiceCollectionExtensions.AddSodimoTwentyClient"/>,
    /// section <c>Sodimo:Twenty</c>) with the ports over it — <see cref="ITwentyCompanies"/>, <see cref="ITwentyPeople"/>,
    /// <see cref="ITwentyDeals"/>, <see cref="ITwentyActivities"/>, <see cref="ITwentySearch"/> — and the run ledger and
    /// lease store (<see cref="LedgerServiceCollectionExtensions.AddSodimoLedger"/>, section <c>Sodimo:Ledger</c>), and the
    /// Sodiwin staging table in the ledger's database (<see cref="SodiwinStagingSource"/>).
    /// Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding the <c>Sodimo</c> sections.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSodimoCrmInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSodimoTwentyClient(configuration);
        services.AddSodimoLedger(configuration);
        services.TryAddTransient<ITwentyCompanies, TwentyCompaniesAdapter>();
        services.TryAddTransient<ITwentyPeople, TwentyPeopleAdapter>();
        services.TryAddTransient<ITwentyDeals, TwentyDealsAdapter>();
        services.TryAddTransient<ITwentyActivities, TwentyActivitiesAdapter>();
        services.TryAddSingleton<ITwentySearch, TwentySearchAdapter>();
        services.TryAddSingleton(sp => new SodiwinStagingSource(
            sp.GetRequiredService<LedgerDatabase>(), sp.GetService<IOptions<SodimoSodiwinCsvOptions>>()?.Value));
        return services;
    }
}
