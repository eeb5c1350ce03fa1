using ModelContextProtocol.Client;
using Sodimo.Crm.McpHost.Tests.Support;

namespace Sodimo.Crm.McpHost.Tests;

/// <summary>The built host as a process: fail-fast configuration checks (RELIABILITY C1, C2) and the HTTP transport's guard.</summary>
public sealed class HostStartupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string?, string?, string> BadTwentySettings() => new()
    {
        { null, null, "Twenty is not configured: set Sodimo:Twenty:BaseUrl and Sodimo:Twenty:ApiKey" },
        { "https://crm.sodimo.eu", null, "Sodimo:Twenty:ApiKey is not set" },
        { null, "key", "Sodimo:Twenty:BaseUrl is not set" },
        { "crm.sodimo.eu", "key", "must be an absolute http(s) URL" },
        { "file:///etc/passwd", "key", "must be an absolute http(s) URL" },
        { "http://crm.sodimo.eu", "key", "must use https for a non-loopback host" },
        { "https://user:pass@crm.sodimo.eu", "key", "must not carry credentials" },
    };

    [Theory]
    [MemberData(nameof(BadTwentySettings))]
    public async Task Start_BadTwentySettings_FailsWithOneClearLineOnStderrAndNothingOnStdout(string? baseUrl, string? apiKey, string expected)
    {
        var env = HostProcess.CleanEnvironment();
        env["SODIMO__TWENTY__BASEURL"] = baseUrl;
        env["SODIMO__TWENTY__APIKEY"] = apiKey;
        await using var host = HostProcess.Start(env);

        (await host.WaitForExitAsync(Timeout)).ShouldBe(2);

        host.Stdout.ShouldBeEmpty();
        var line = host.Stderr.TrimEnd('\n').ShouldHaveSingleItemLine();
        line.ShouldStartWith("Sodimo.Crm.McpHost: ");
        line.ShouldContain(expected);
        if (apiKey is not null)
        {
            line.ShouldNotContain(apiKey == "key" ? "key\"" : apiKey);
        }
    }

    [Theory]
    [InlineData("SODIMO__TWENTY__REQUESTSPERMINUTE", "-1", "Sodimo:Twenty:RequestsPerMinute is -1")]
    [InlineData("SODIMO__TWENTY__ATTEMPTTIMEOUT", "00:10:00", "Sodimo:Twenty:AttemptTimeout (00:10:00) is longer than Sodimo:Twenty:TotalTimeout")]
    [InlineData("SODIMO__TWENTY__PAGESIZE", "many", "Sodimo:Twenty:PageSize")]
    [InlineData("SODIMO__LEDGER__SQLITEPATH", "/nonexistent-sodimo-dir/ledger.db", "the directory '/nonexistent-sodimo-dir' does not exist")]
    public async Task Start_BadSdkSettings_FailBeforeServing_WithOneLine(string key, string value, string expected)
    {
        // The SDK itself is built on the first tool call; its settings are still checked before the host serves anything.
        var env = HostProcess.CleanEnvironment(("SODIMO__TWENTY__BASEURL", "http://127.0.0.1:9"), ("SODIMO__TWENTY__APIKEY", "k"), (key, value));
        await using var host = HostProcess.Start(env);

        (await host.WaitForExitAsync(Timeout)).ShouldBe(2);

        host.Stdout.ShouldBeEmpty();
        var line = host.Stderr.TrimEnd('\n').ShouldHaveSingleItemLine();
        line.ShouldStartWith("Sodimo.Crm.McpHost: ");
        line.ShouldContain(expected);
    }

    [Theory]
    [InlineData(new[] { "--frobnicate" }, "unknown argument \"--frobnicate\"")]
    [InlineData(new[] { "--http", "--port", "http" }, "--port needs a TCP port number")]
    [InlineData(new[] { "--port", "5000" }, "--port and --address apply to --http only.")]
    [InlineData(new[] { "--sandbox", "--http", "--address", "0.0.0.0" }, "refusing to serve HTTP on non-loopback address 0.0.0.0 without a bearer token")]
    [InlineData(new[] { "--sandbox", "--http", "--address", "localhost" }, "is not an IP address")]
    public async Task Start_BadArguments_FailsWithOneLine(string[] args, string expected)
    {
        await using var host = HostProcess.Start(HostProcess.CleanEnvironment(), args);

        (await host.WaitForExitAsync(Timeout)).ShouldBe(2);

        host.Stdout.ShouldBeEmpty();
        host.Stderr.TrimEnd('\n').ShouldHaveSingleItemLine().ShouldContain(expected);
    }

    [Fact]
    public async Task Start_HttpWithoutToken_IsRefusedEvenOnLoopback()
    {
        await using var host = HostProcess.Start(
            HostProcess.CleanEnvironment(("SODIMO__TWENTY__BASEURL", "http://127.0.0.1:9"), ("SODIMO__TWENTY__APIKEY", "k")), "--http", "--port", "0");

        (await host.WaitForExitAsync(Timeout)).ShouldBe(2);
        host.Stderr.ShouldContain("--http needs a bearer token");
    }

    [Fact]
    public async Task Http_RequiresTheBearerToken_AndServesTheToolsWithIt()
    {
        var token = new string('t', 40);
        await using var host = HostProcess.Start(
            HostProcess.CleanEnvironment(
                ("SODIMO__TWENTY__BASEURL", "http://127.0.0.1:9"), ("SODIMO__TWENTY__APIKEY", "k"), ("SODIMO__MCP__BEARERTOKEN", token)),
            "--http", "--port", "0", "--read-only");
        var line = await host.WaitForStderrLineAsync(l => l.Contains("listening on http://127.0.0.1:", StringComparison.Ordinal), Timeout);
        var endpoint = new Uri(line[(line.IndexOf("http://", StringComparison.Ordinal))..].Trim());

        using (var http = new HttpClient())
        {
            using var anonymous = await http.PostAsync(endpoint, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            ((int)anonymous.StatusCode).ShouldBe(401);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent("{}") };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token + "x");
            using var wrong = await http.SendAsync(request);
            ((int)wrong.StatusCode).ShouldBe(401);
        }

        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        }), new McpClientOptions { ProtocolVersion = "2025-11-25" });
        var tools = await client.ListToolsAsync();
        tools.Select(t => t.Name).ShouldBe(["crm_list_deals", "crm_get_contact", "crm_search"], ignoreOrder: true);
        host.Stderr.ShouldNotContain(token);
    }
}

internal static class LineAssertions
{
    public static string ShouldHaveSingleItemLine(this string text) => text.Split('\n').ShouldHaveSingleItem();
}
