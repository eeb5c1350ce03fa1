using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Infrastructure.Sodiwin.Push;

namespace Sodimo.Crm.WebhookApi.Tests;

public sealed class SodiwinPushTests
{
    private static readonly SodiwinOrder Order = new(
        "sodiwin:deal-1:PROFORMA_CONFIRMED", "deal-1", "Caves Müller; export", "C00042", "PROFORMA_CONFIRMED",
        SodiwinDocumentKind.Commande, 1234.5m, "EUR", null);

    [Fact]
    public async Task Api_adapter_posts_the_contract_and_returns_the_order_number()
    {
        await using var sodiwin = await FakeSodiwin.StartAsync();
        var push = Push(new() { ["Sodimo:SodiwinPush:ApiBaseUrl"] = sodiwin.BaseUrl, ["Sodimo:SodiwinPush:ApiToken"] = "t0ken" });

        var result = await push.PushAsync(Order);

        result.NumeroCommande.ShouldBe("CMD-0001");
        var request = sodiwin.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/api/orders");
        request.IdempotencyKey.ShouldBe(Order.IdempotencyKey);
        request.Authorization.ShouldBe("Bearer t0ken");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("document").GetString().ShouldBe("commande");
        body.RootElement.GetProperty("clientCode").GetString().ShouldBe("C00042");
        body.RootElement.GetProperty("dealId").GetString().ShouldBe("deal-1");
        body.RootElement.GetProperty("amount").GetDecimal().ShouldBe(1234.5m);
        body.RootElement.GetProperty("idempotencyKey").GetString().ShouldBe(Order.IdempotencyKey);
    }

    [Fact]
    public async Task Api_adapter_maps_5xx_to_unavailable_and_4xx_to_rejected()
    {
        await using var sodiwin = await FakeSodiwin.StartAsync();
        var push = Push(new() { ["Sodimo:SodiwinPush:ApiBaseUrl"] = sodiwin.BaseUrl });

        sodiwin.Status = StatusCodes.Status503ServiceUnavailable;
        await Should.ThrowAsync<SodiwinUnavailableException>(() => push.PushAsync(Order));
        sodiwin.Status = StatusCodes.Status422UnprocessableEntity;
        await Should.ThrowAsync<SodiwinRejectedException>(() => push.PushAsync(Order));
        sodiwin.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Api_adapter_reports_a_closed_port_as_unavailable()
    {
        string url;
        await using (var gone = await FakeSodiwin.StartAsync())
        {
            url = gone.BaseUrl;
        }

        var push = Push(new() { ["Sodimo:SodiwinPush:ApiBaseUrl"] = url });
        await Should.ThrowAsync<SodiwinUnavailableException>(() => push.PushAsync(Order));
    }

    [VsftpdFact]
    public async Task Ftp_adapter_uploads_a_windows_1252_csv_and_renames_it_once_complete()
    {
        using var ftp = VsftpdServer.Start();
        var push = FtpPush(ftp);

        var result = await push.PushAsync(Order);
        await push.PushAsync(Order); // a retry replaces the same file

        result.NumeroCommande.ShouldBeNull();
        var file = System.IO.Directory.GetFiles(ftp.Directory, "*", SearchOption.AllDirectories).ShouldHaveSingleItem();
        Path.GetFileName(file).ShouldBe("commande_sodiwin_deal-1_PROFORMA_CONFIRMED.csv");
        result.Reference.ShouldBe("commande_sodiwin_deal-1_PROFORMA_CONFIRMED.csv");
        var bytes = await File.ReadAllBytesAsync(file);
        bytes.ShouldContain((byte)0xFC); // ü in Windows-1252
        Encoding.UTF8.GetString(bytes).ShouldNotContain("ü");
        var text = Encoding.Latin1.GetString(bytes);
        text.ShouldBe(
            "cle_idempotence;document;code_client;id_affaire;nom_affaire;etape;montant;devise;numero_commande\r\n" +
            "sodiwin:deal-1:PROFORMA_CONFIRMED;commande;C00042;deal-1;\"Caves Müller; export\";PROFORMA_CONFIRMED;1234,50;EUR;\r\n");
    }

    [VsftpdFact]
    public async Task Ftp_adapter_reports_a_wrong_password_and_a_closed_port_as_unavailable()
    {
        using var ftp = VsftpdServer.Start();
        var wrong = Push(new()
        {
            ["Sodimo:SodiwinPush:FtpHost"] = "127.0.0.1",
            ["Sodimo:SodiwinPush:FtpPort"] = ftp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Sodimo:SodiwinPush:FtpUser"] = VsftpdServer.User,
            ["Sodimo:SodiwinPush:FtpPassword"] = "not-the-password",
        });
        await Should.ThrowAsync<SodiwinUnavailableException>(() => wrong.PushAsync(Order));
        System.IO.Directory.GetFiles(ftp.Directory).ShouldBeEmpty();
        ftp.Dispose();
        await Should.ThrowAsync<SodiwinUnavailableException>(() => FtpPush(ftp).PushAsync(Order));
    }

    private static ISodiwinPush FtpPush(VsftpdServer ftp) => Push(new()
    {
        ["Sodimo:SodiwinPush:FtpHost"] = "127.0.0.1",
        ["Sodimo:SodiwinPush:FtpPort"] = ftp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sodimo:SodiwinPush:FtpUser"] = VsftpdServer.User,
        ["Sodimo:SodiwinPush:FtpPassword"] = VsftpdServer.Password,
        ["Sodimo:SodiwinPush:Timeout"] = "00:00:10",
    });

    private static ISodiwinPush Push(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSodimoSodiwinPush(configuration).BuildServiceProvider().GetRequiredService<ISodiwinPush>();
    }
}

/// <summary>A fake Sodiwin order API on 127.0.0.1: records each request, answers <see cref="Status"/>.</summary>
internal sealed class FakeSodiwin : IAsyncDisposable
{
    private readonly WebApplication app;
    private int next;
    private int inFlight;

    private FakeSodiwin(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public int Status { get; set; } = StatusCodes.Status201Created;

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>The orders made, by idempotency key: a repeated key answers the first order's number and makes none.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Orders { get; } = new();

    /// <summary>How long each request takes before the order is made and answered.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Requests received and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    public static async Task<FakeSodiwin> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSodiwin(app);
        app.MapPost("/api/orders", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            lock (fake.Requests)
            {
                fake.Requests.Add(new RecordedRequest(context.Request.Path, key, context.Request.Headers.Authorization.ToString(), body));
            }

            Interlocked.Increment(ref fake.inFlight);
            try
            {
                if (fake.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(fake.Delay, CancellationToken.None); // the order is made even if the caller is gone meanwhile
                }

                if (fake.Status is not (>= 200 and < 300))
                {
                    return Results.Problem(statusCode: fake.Status);
                }

                // As docs/sodiwin-push.md asks of Sodiwin: a repeated idempotency key is the same document, not a new one.
                var number = fake.Orders.GetOrAdd(key, _ => $"CMD-{Interlocked.Increment(ref fake.next):0000}");
                return Results.Json(new { numeroCommande = number }, statusCode: fake.Status);
            }
            finally
            {
                Interlocked.Decrement(ref fake.inFlight);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address + "/api/";
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    internal sealed record RecordedRequest(string Path, string IdempotencyKey, string Authorization, string Body);
}
