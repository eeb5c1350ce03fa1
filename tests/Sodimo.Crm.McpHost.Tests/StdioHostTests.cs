using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Infrastructure.Ledger;
using Sodimo.Crm.McpHost.Tests.Support;

namespace Sodimo.Crm.McpHost.Tests;

/// <summary>
/// The built host over stdio with <c>--sandbox</c>, driven by the SDK's own stdio client (which fails on any line of
/// stdout that is not JSON-RPC): a full round from initialize to a write recorded in the SQLite ledger file.
/// </summary>
public sealed class StdioHostTests
{
    [Fact]
    public async Task Stdio_Sandbox_FullRound_ListReadWriteAndTheLedgerFileHasTheRow()
    {
        var directory = Directory.CreateTempSubdirectory("sodimo-mcp-stdio-");
        var ledgerPath = Path.Combine(directory.FullName, "ledger.db");
        var stderr = new List<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "sodimo-crm",
            Command = "dotnet",
            Arguments = [HostProcess.HostDll, "--sandbox"],
            WorkingDirectory = AppContext.BaseDirectory,
            EnvironmentVariables = HostProcess.CleanEnvironment(("SODIMO__LEDGER__SQLITEPATH", ledgerPath)),
            StandardErrorLines = line => { lock (stderr) { stderr.Add(line); } },
        });

        try
        {
            // The initialize handshake, as desktop clients use it. (Left to probe 2026-07-28 with server/discover, the 2.3.1
            // client can time out the probe on a loaded machine and then send initialize on a session already upgraded.)
            await using (var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" }))
            {
                client.ServerInfo!.Name.ShouldBe("sodimo-crm");
                client.ServerInstructions.ShouldNotBeNull().ShouldContain("<crm_data>");
                (await client.ListToolsAsync()).Count.ShouldBe(6);

                var list = await client.CallJsonAsync("crm_list_deals", """{"pipeline":"Export Clients","stage":"Proforma Sent"}""");
                var deal = list.Structured().GetProperty("deals").EnumerateArray().ShouldHaveSingleItem();
                deal.GetProperty("client_code").GetString().ShouldBe("C100019");

                var refused = await client.CallJsonAsync("crm_list_deals", """{"client_code":"C1\" , or(id[neq]:\"0\")"}""");
                refused.IsError.ShouldBe(true);

                var moved = await client.CallJsonAsync("crm_advance_stage",
                    $$"""{"deal_id":"{{deal.GetProperty("id").GetString()}}","stage":"Proforma confirmed","skill":"stdio-test"}""");
                var runId = moved.Structured().GetProperty("run_id").GetString()!;

                var after = await client.CallJsonAsync("crm_list_deals", """{"pipeline":"Export Clients","stage":"Proforma confirmed"}""");
                after.Structured().GetProperty("deals").EnumerateArray()
                    .ShouldContain(d => d.GetProperty("id").GetString() == deal.GetProperty("id").GetString());

                var entry = (await ReadLedgerAsync(ledgerPath, runId)).ShouldHaveSingleItem();
                entry.Skill.ShouldBe("stdio-test");
                entry.ToolName.ShouldBe("crm_advance_stage");
                entry.Status.ShouldBe(LedgerStatus.Succeeded);
            }

            lock (stderr)
            {
                stderr.ShouldContain(l => l.Contains("sandbox: TwentyEmulator at http://127.0.0.1:", StringComparison.Ordinal));
                stderr.ShouldContain(l => l.Contains("crm_list_deals: arguments refused", StringComparison.Ordinal));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static async Task<IReadOnlyList<LedgerEntry>> ReadLedgerAsync(string path, string runId)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Sodimo:Ledger:SqlitePath", path)])
            .Build();
        await using var services = new ServiceCollection().AddSodimoLedger(configuration).BuildServiceProvider();
        return await services.GetRequiredService<IRunLedger>().QueryAsync(new LedgerQuery { RunId = runId });
    }
}
