using System.Diagnostics;
using System.Text;

namespace Sodimo.Crm.Tests.Shared;

/// <summary>
/// A built host run as <c>dotnet host.dll args…</c> in a child process, its stdout and stderr collected line by line.
/// Shared by the host test projects (linked into each), so that every process-level test starts, reads, kills and
/// disposes its child the same way.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

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

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> args…</c> from the tests' folder. An environment value of <c>null</c>
    /// removes the variable; <paramref name="removePrefix"/>, when given, first removes every inherited variable
    /// whose name starts with it (case-insensitive).
    /// </summary>
    public static ChildProcess Start(
        string dll, IEnumerable<KeyValuePair<string, string?>> environment, IEnumerable<string> args, string? removePrefix = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (removePrefix is not null)
        {
            foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith(removePrefix, StringComparison.OrdinalIgnoreCase)).ToArray())
            {
                psi.Environment.Remove(key);
            }
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
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
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(child._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL: the child gets no chance to answer, log, complete a ledger entry or release a lease.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

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
                throw new InvalidOperationException($"The process exited ({_process.ExitCode}): {Stderr}");
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
