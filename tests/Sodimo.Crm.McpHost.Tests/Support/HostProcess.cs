using Sodimo.Crm.Tests.Shared;

namespace Sodimo.Crm.McpHost.Tests.Support;

/// <summary>The built host (Sodimo.Crm.McpHost.dll next to the tests) run as a child process.</summary>
internal static class HostProcess
{
    public static string HostDll { get; } = Path.Combine(AppContext.BaseDirectory, "Sodimo.Crm.McpHost.dll");

    /// <summary>Environment that clears any Twenty or MCP settings inherited from the machine.</summary>
    public static Dictionary<string, string?> CleanEnvironment(params (string Key, string Value)[] values)
    {
        var env = new Dictionary<string, string?>
        {
            ["SODIMO__TWENTY__BASEURL"] = null,
            ["SODIMO__TWENTY__APIKEY"] = null,
            ["SODIMO__MCP__BEARERTOKEN"] = null,
            ["SODIMO__MCP__READONLY"] = null,
        };
        foreach (var (k, v) in values)
        {
            env[k] = v;
        }

        return env;
    }

    public static ChildProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        ChildProcess.Start(HostDll, environment, args);
}
