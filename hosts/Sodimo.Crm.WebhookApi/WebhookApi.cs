using Mediator;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Application.Webhooks;
using Sodimo.Crm.Infrastructure;
using Sodimo.Crm.Infrastructure.Ledger;
using Sodimo.Crm.Infrastructure.Sodiwin.Push;
using Sodimo.Crm.WebhookApi.Endpoints;

namespace Sodimo.Crm.WebhookApi;

/// <summary>Wires the webhook API: options, the ledger and inbox, and the endpoints.</summary>
internal static class WebhookApi
{
    /// <summary>The webhook secret the sync worker's <c>provision</c> registers with Twenty; used when <c>Sodimo:Webhooks:Secrets</c> is empty.</summary>
    public const string ProvisionedSecretKey = "Sodimo:Webhook:Secret";

    /// <summary>Registers the services, from the builder's configuration.</summary>
    public static WebApplicationBuilder AddSodimoWebhookApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SodimoWebhooksOptions>()
            .Bind(builder.Configuration.GetSection(SodimoWebhooksOptions.SectionName))
            .PostConfigure(options =>
            {
                // The secret `provision` registers with Twenty (Sodimo:Webhook:Secret) is the one Twenty signs with: without a
                // list of our own, verify with it, so one secret is not kept in two sections.
                if (options.Secrets.Count == 0 && builder.Configuration[ProvisionedSecretKey] is { Length: > 0 } provisioned)
                {
                    options.Secrets.Add(provisioned);
                }
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SodimoWebhooksOptions>, SodimoWebhooksOptionsValidator>();
        // With Twenty configured, the order number Sodiwin returns is written back to the deal through the SDK.
        var writeBack = !string.IsNullOrWhiteSpace(builder.Configuration["Sodimo:Twenty:BaseUrl"]);
        if (writeBack)
        {
            builder.Services.AddSodimoCrmInfrastructure(builder.Configuration);
            builder.Services.AddSodimoCrmApplication();
        }
        else
        {
            builder.Services.AddSodimoLedger(builder.Configuration);
        }

        builder.Services.AddSodimoSodiwinPush(builder.Configuration);
        builder.Services.AddSingleton(sp => new TwentyEventProcessor(
            sp.GetRequiredService<IRunLedger>(),
            sp.GetRequiredService<ISodiwinPush>(),
            builder.Configuration.GetSection("Sodimo:SodiwinPush:Backoff").Get<TimeSpan[]>()
                ?? [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)],
            writeBack ? sp.GetRequiredService<ISender>() : null));
        if (builder.Configuration.GetValue<bool>(SodimoWebhooksOptions.SectionName + ":" + nameof(SodimoWebhooksOptions.ProcessInbox)))
        {
            builder.Services.AddHostedService<InboxProcessorService>();
            if (writeBack)
            {
                builder.Services.AddHostedService<MutationReconcilerService>();
            }
        }

        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>Maps <c>POST /webhooks/twenty</c>, <c>POST /ledger</c>, <c>GET /healthz</c> and <c>GET /readyz</c>.</summary>
    public static WebApplication MapSodimoWebhookApi(this WebApplication app)
    {
        TwentyWebhookEndpoint.Map(app);
        LedgerEndpoint.Map(app);
        AdminEndpoints.Map(app);
        HealthEndpoints.Map(app);
        return app;
    }
}
