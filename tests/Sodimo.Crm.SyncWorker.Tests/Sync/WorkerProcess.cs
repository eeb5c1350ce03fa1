using System.Diagnostics;
using System.Text;

namespace Sodimo.Crm.SyncWorker.Tests.Sync;

/// <summary>The built worker (Sodimo.Crm.SyncWorker.dll next to the tests) run as a child process, configured by environment only.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private WorkerProcess(Process process) => _process = process;

    /// <summary>
    /// The worker as built in its own output folder (hosts/Sodimo.Crm.SyncWorker/bin/&lt;configuration&gt;/&lt;tfm&gt;), which holds
    /// every assembly its deps.json names; the copy next to the tests lacks those the test project does not use.
    /// </summary>
    public static string WorkerDll { get; } = FindWorker();

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

    /// <summary>Starts <c>dotnet Sodimo.Crm.SyncWorker.dll args…</c> with the given <c>Sodimo__*</c> settings and no inherited ones.</summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(WorkerDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("SODIMO__", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            psi.Environment.Remove(key);
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in settings)
        {
            psi.Environment[k] = v;
        }

        var process = new Process { StartInfo = psi };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Append(worker._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(worker._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    private static string FindWorker()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!;
        for (var dir = configuration.Parent; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sodimo.Crm.sln")))
            {
                var dll = Path.Combine(dir.FullName, "hosts", "Sodimo.Crm.SyncWorker", "bin", configuration.Name, tfm.Name, "Sodimo.Crm.SyncWorker.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException("Build hosts/Sodimo.Crm.SyncWorker first.", dll);
            }
        }

        throw new InvalidOperationException("Sodimo.Crm.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>SIGKILL: the worker gets no chance to answer, log, complete a ledger entry or release its lease.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flush the redirected streams
        return _process.ExitCode;
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
