using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sodimo.Crm.Testing.Tests;

public enum Transport
{
    InProcess,
    Loopback,
}

/// <summary>An emulator plus a client on either transport; dispose to stop.</summary>
public sealed class Harness : IAsyncDisposable
{
    private Harness(TwentyEmulator emulator, HttpClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public TwentyEmulator Emulator { get; }
    public HttpClient Client { get; }

    public static async Task<Harness> StartAsync(Transport transport = Transport.InProcess, Action<TwentyEmulatorOptions>? configure = null)
    {
        var options = new TwentyEmulatorOptions();
        options.RateLimit.Enabled = false;
        configure?.Invoke(options);
        var emulator = new TwentyEmulator(options);
        HttpClient client;
        if (transport == Transport.Loopback)
        {
            await emulator.StartAsync();
            client = new HttpClient { BaseAddress = emulator.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKeys[0]);
        }
        else
        {
            client = emulator.CreateClient();
        }

        return new Harness(emulator, client);
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string url, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string url, JsonNode body) => SendAsync(HttpMethod.Post, url, body);

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PatchAsync(string url, JsonNode body) => SendAsync(HttpMethod.Patch, url, body);

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> DeleteAsync(string url) => SendAsync(HttpMethod.Delete, url);

    /// <summary>The REST suites' usual seed (PEER-CASES intro): one company with a trailing-slash domain, four people at positions 0..3 linked to it.</summary>
    public (string CompanyId, string[] PeopleIds) SeedPeople()
    {
        var company = Emulator.Seed("companies", new JsonObject
        {
            ["name"] = "Acme",
            ["domainName"] = new JsonObject { ["primaryLinkUrl"] = "https://acme.test/" },
        })[0];
        var companyId = company["id"]!.GetValue<string>();
        var people = Enumerable.Range(0, 4).Select(i => new JsonObject
        {
            ["name"] = new JsonObject { ["firstName"] = "P" + i, ["lastName"] = "Test" },
            ["emails"] = new JsonObject { ["primaryEmail"] = $"p{i}@acme.test" },
            ["position"] = i,
            ["city"] = i % 2 == 0 ? "Paris" : "Lyon",
            ["companyId"] = companyId,
        }).ToArray();
        var ids = Emulator.Seed("people", people).Select(p => p["id"]!.GetValue<string>()).ToArray();
        return (companyId, ids);
    }

    public static JsonObject Person(string first, string last, string? email = null) => new()
    {
        ["name"] = new JsonObject { ["firstName"] = first, ["lastName"] = last },
        ["emails"] = new JsonObject { ["primaryEmail"] = email ?? $"{first}.{last}@example.test".ToLowerInvariant() },
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
