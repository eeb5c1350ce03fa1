namespace Sodimo.Crm.SyncWorker.Cli;

/// <summary>
/// One command of the worker's command line (<c>provision</c>, <c>sync</c>, …). To add one: implement this in its
/// own file and list it in <see cref="WorkerCommands.All"/>.
/// </summary>
internal interface IWorkerCommand
{
    /// <summary>The command's name, the first command-line argument (<c>provision</c>).</summary>
    string Name { get; }

    /// <summary>The usage line(s) shown by <c>help</c>, e.g. <c>provision [--dry-run]  Give Twenty Sodimo's schema</c>.</summary>
    string Usage { get; }

    /// <summary>Runs the command.</summary>
    /// <param name="args">The arguments after the command name.</param>
    /// <param name="context">Configuration, output writers and HTTP.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <returns>The process exit code (<see cref="ExitCodes"/>).</returns>
    Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken);
}
