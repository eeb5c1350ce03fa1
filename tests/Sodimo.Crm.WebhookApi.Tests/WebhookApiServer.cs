using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.WebhookApi.Tests;

/// <summary>The webhook API, wired as Program.cs wires it, listening on 127.0.0.1 with an SQLite ledger in a temp directory.</summary>
internal sealed class WebhookApiServer : IAsyncDisposable
{
    public const string Secret = TwentyVectors.Secret;
    public const string Token = "ledger-token-0123456789-abcdefghijklmnop";

    private WebhookApiServer(WebApplication app, string directory, HttpClient client)
    {
        App = app;
        Directory = directory;
        Client = client;
    }

    public WebApplication App { get; }

    public string Directory { get; }

    public HttpClient Client { get; }

    public static async Task<WebhookApiServer> StartAsync(
        TimeProvider time, Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("sodimo-webhook-tests-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Sodimo:Ledger:SqlitePath"] = Path.Combine(directory, "ledger.db"),
            ["Sodimo:Webhooks:Secrets:0"] = Secret,
            ["Sodimo:Webhooks:LedgerTokens:0"] = Token,
        };
        configure?.Invoke(settings);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddSodimoWebhookApi();
        builder.Services.AddSingleton(time);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapSodimoWebhookApi();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new WebhookApiServer(app, directory, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>What the inbox holds (read through the store, as the processor will).</summary>
    public Task<IReadOnlyList<WebhookInboxEntry>> InboxAsync() => App.Services.GetRequiredService<IWebhookInbox>().ListReceivedAsync(1000);

    /// <summary>Takes the ledger database away: its directory is deleted and pooled connections dropped.</summary>
    public void BreakLedger()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
