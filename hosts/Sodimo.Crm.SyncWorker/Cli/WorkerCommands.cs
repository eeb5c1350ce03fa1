using Sodimo.Crm.SyncWorker.Provisioning;
using Sodimo.Crm.SyncWorker.Scheduling;
using Sodimo.Crm.SyncWorker.Sync;

namespace Sodimo.Crm.SyncWorker.Cli;

/// <summary>The commands the worker knows, in the order <c>help</c> lists them.</summary>
internal static class WorkerCommands
{
    /// <summary>Every command; add new ones here.</summary>
    public static IReadOnlyList<IWorkerCommand> All { get; } =
    [
        new ProvisionCommand(),
        new SyncCommand(),
        new HealthCommand(),
        new RunCommand(),
    ];
}
