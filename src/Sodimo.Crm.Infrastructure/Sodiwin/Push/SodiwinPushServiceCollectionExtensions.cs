using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Sodiwin.Push;

/// <summary>Registers <see cref="ISodiwinPush"/>: the API adapter when an API base address is set, else the FTP one.</summary>
public static class SodiwinPushServiceCollectionExtensions
{
    /// <summary>Registers the push from the <c>Sodimo:SodiwinPush</c> section (<see cref="SodimoSodiwinPushOptions"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSodimoSodiwinPush(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SodimoSodiwinPushOptions>().Bind(configuration.GetSection(SodimoSodiwinPushOptions.SectionName));
        services.AddHttpClient<SodiwinHttpPush>((sp, http) =>
        {
            var settings = sp.GetRequiredService<IOptions<SodimoSodiwinPushOptions>>().Value;
            if (settings.ApiBaseUrl is { } address)
            {
                http.BaseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
            }

            http.Timeout = settings.Timeout;
            if (!string.IsNullOrEmpty(settings.ApiToken))
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiToken);
            }
        });
        services.TryAddSingleton<SodiwinFtpPush>();
        services.TryAddTransient<ISodiwinPush>(sp =>
            sp.GetRequiredService<IOptions<SodimoSodiwinPushOptions>>().Value.ApiBaseUrl is null
                ? sp.GetRequiredService<SodiwinFtpPush>()
                : sp.GetRequiredService<SodiwinHttpPush>());
        return services;
    }
}
