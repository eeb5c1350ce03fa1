using System.Diagnostics;
using System.Text;

namespace Sodimo.Crm.McpHost.Tests.Support;

/// <summary>The built host (Sodimo.Crm.McpHost.dll next to the tests) run as a child process.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private HostProcess(Process process) => _process = process;

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
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (k, v) in values)
        {
            env[k] = v;
        }

        return env;
    }

    public static HostProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(HostDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            if (v is null)
            {
                psi.Environment.Remove(k);
            }
            else
            {
                psi.Environment[k] = v;
            }
        }

        var process = new Process { StartInfo = psi };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.Append(host._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(host._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flush the redirected streams
        return _process.ExitCode;
    }

    /// <summary>Waits until stderr holds a line matching <paramref name="predicate"/>, and returns it.</summary>
    public async Task<string> WaitForStderrLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = Stderr.Split('\n').FirstOrDefault(predicate);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited ({_process.ExitCode}): {Stderr}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No matching stderr line within {timeout}: {Stderr}");
    }

    private void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            sb.Append(line).Append('\n');
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
