using System.Diagnostics;
using Sodimo.Crm.McpHost.Tests.Support;

namespace Sodimo.Crm.McpHost.Tests;

/// <summary>A third-party client: build/mcp-inspector-check.sh drives the host with the MCP Inspector CLI from npm.</summary>
public sealed class InspectorCheckTests
{
    [NpmFact]
    public async Task McpInspector_ListsTheToolsOfTheSandboxAndCallsCrmListDeals()
    {
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../build/mcp-inspector-check.sh"));
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.Environment["HOST_DLL"] = HostProcess.HostDll;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(cts.Token);

        process.ExitCode.ShouldBe(0, await stderr);
        (await stdout).ShouldContain("listed the 6 tools of --sandbox and crm_list_deals returned 3 Export Clients deals: ok");
    }
}

/// <summary>A fact that is skipped when npm is not on the PATH.</summary>
public sealed class NpmFactAttribute : FactAttribute
{
    public NpmFactAttribute()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        if (!path.Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "npm"))))
        {
            Skip = "npm is not installed: the MCP Inspector check needs it.";
        }
    }
}
