using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Registers the Twenty client.</summary>
public static class TwentyServiceCollectionExtensions
{
    /// <summary>
    /// The name of the <see cref="HttpClient"/> every Twenty call goes through (REST and GraphQL share it, and so
    /// share one circuit). Tests replace its primary handler with <c>AddHttpClient(HttpClientName).ConfigurePrimaryHttpMessageHandler(…)</c>.
    /// </summary>
    public const string HttpClientName = "Sodimo.Twenty";

    /// <summary>
    /// Registers <see cref="ITwentyRecordsClient"/> and <see cref="ITwentyGraphQLClient"/>, with
    /// <see cref="SodimoTwentyOptions"/> bound from <c>Sodimo:Twenty</c> and validated when the host starts, and the
    /// resilience pipeline (timeouts, retries for idempotent calls honouring <c>Retry-After</c>, circuit breaker).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration holding the <c>Sodimo:Twenty</c> section.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSodimoTwentyClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ITwentyGraphQLClient)))
            return services;

        services.AddOptions<SodimoTwentyOptions>()
            .Bind(configuration.GetSection(SodimoTwentyOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SodimoTwentyOptions>, SodimoTwentyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var settings = new RefitSettings(SystemTextJsonContentSerializer.ForContext(TwentyJsonContext.Default));
        services.AddRefitGeneratedClient<ITwentyRestApi>(settings, HttpClientName)
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<SodimoTwentyOptions>>().Value;
                var baseUrl = options.BaseUrl!;
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
                http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                // The resilience pipeline bounds every call; HttpClient's own 100 s timeout would only hide it.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.MaxResponseContentBufferSize = 64 * 1024 * 1024;
            })
            .AddResilienceHandler("Twenty", (builder, context) =>
                TwentyResilience.Configure(builder, context.ServiceProvider.GetRequiredService<IOptions<SodimoTwentyOptions>>().Value));

        services.TryAddTransient<ITwentyRecordsClient, TwentyRecordsClient>();
        services.TryAddSingleton<ITwentyGraphQLClient, TwentyGraphQLClient>();
        return services;
    }
}
