using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.SyncWorker.Cli;
using Sodimo.Crm.SyncWorker.Sync;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.SyncWorker.Tests.Sync;

/// <summary>The health command against a provisioned TwentyEmulator, on a fake clock.</summary>
public sealed class HealthEmulatorTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
    private readonly ProvisionedWorkspace _workspace = new("sodimo-health-");
    private readonly FakeTimeProvider _time = new(Now);

    public Task InitializeAsync() => _workspace.ProvisionAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        await _workspace.DisposeAsync();
    }

    private CliContext Context(out StringWriter stdout, out StringWriter stderr) => _workspace.Context(out stdout, out stderr);

    private async Task<(int Exit, string Out)> Health(params string[] args)
    {
        var command = new HealthCommand
        {
            ConfigureServices = s =>
            {
                s.AddSingleton<TimeProvider>(_time);
                _workspace.UseEmulator(s);
            },
        };
        var context = Context(out var stdout, out var stderr);
        var exit = await command.RunAsync(args, context, CancellationToken.None);
        return (exit, stdout + stderr.ToString());
    }

    private async Task<string> Deal(string name, string stage, TimeSpan inStage, string? health)
    {
        using var http = _workspace.Emulator.CreateClient();
        var body = new JsonObject
        {
            ["name"] = name,
            ["pipeline"] = "EXPORT_CLIENTS",
            ["exportClientsStage"] = stage,
            ["stageEnteredAt"] = (Now - inStage).ToString("O"),
            ["health"] = health,
        };
        var response = await http.PostAsJsonAsync("rest/opportunities", body);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        response.IsSuccessStatusCode.ShouldBeTrue(json.ToJsonString());
        return json["data"]!["createOpportunity"]!["id"]!.GetValue<string>();
    }

    private async Task<string?> HealthOf(string id)
    {
        using var http = _workspace.Emulator.CreateClient();
        var json = await http.GetFromJsonAsync<JsonObject>($"rest/opportunities/{id}");
        return json!["data"]!["opportunity"]!["health"]?.GetValue<string>();
    }

    [Fact]
    public async Task Health_DealsOfKnownAges_WritesOnlyTheChangedOnesInOneBatch()
    {
        var onTime = await Deal("On time", "PAYMENT", TimeSpan.FromDays(1), "GREEN");
        var late = await Deal("Late", "PAYMENT", TimeSpan.FromDays(4), "GREEN");
        var stale = await Deal("Stale", "ORDER_RECEIVED", TimeSpan.FromDays(3), null);
        _workspace.Emulator.Journal.Clear();

        var (exit, output) = await Health();

        exit.ShouldBe(0, output);
        (await HealthOf(onTime)).ShouldBe("GREEN");
        (await HealthOf(late)).ShouldBe("YELLOW");
        (await HealthOf(stale)).ShouldBe("RED");
        output.ShouldContain("3 read, 3 evaluated, 0 skipped, 2 changed, 2 written");
        _workspace.Emulator.Journal.Entries.Count(e => e.Method is "POST" or "PATCH").ShouldBe(1);

        _workspace.Emulator.Journal.Clear();
        (await Health()).Exit.ShouldBe(0);
        _workspace.Emulator.Journal.Entries.Count(e => e.Method is "POST" or "PATCH").ShouldBe(0);

        _time.Advance(TimeSpan.FromDays(2.5));
        var (_, later) = await Health();
        later.ShouldContain("2 changed, 2 written"); // On time → yellow, Late → red
        (await HealthOf(onTime)).ShouldBe("YELLOW");
        (await HealthOf(late)).ShouldBe("RED");
    }
}
