using Sodimo.Crm.Tests.Shared;

namespace Sodimo.Crm.SyncWorker.Tests.Sync;

/// <summary>The built worker run as a child process, configured by environment only.</summary>
internal static class WorkerProcess
{
    /// <summary>
    /// The worker as built in its own output folder (hosts/Sodimo.Crm.SyncWorker/bin/&lt;configuration&gt;/&lt;tfm&gt;), which holds
    /// every assembly its deps.json names; the copy next to the tests lacks those the test project does not use.
    /// </summary>
    public static string WorkerDll { get; } = FindWorker();

    /// <summary>Starts <c>dotnet Sodimo.Crm.SyncWorker.dll args…</c> with the given <c>Sodimo__*</c> settings and no inherited ones.</summary>
    public static ChildProcess Start(IReadOnlyDictionary<string, string> settings, params string[] args) =>
        ChildProcess.Start(WorkerDll, settings.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)), args, removePrefix: "SODIMO__");

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
}
