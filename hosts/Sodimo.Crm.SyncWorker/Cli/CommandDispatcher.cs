namespace Sodimo.Crm.SyncWorker.Cli;

/// <summary>
/// Picks the command named by the first argument and runs it. Prints usage for <c>help</c> or no argument; turns an
/// unknown command or an unexpected exception into one line on stderr and an exit code, never a stack trace.
/// </summary>
internal sealed class CommandDispatcher
{
    private readonly IReadOnlyList<IWorkerCommand> _commands;

    /// <summary>Creates a dispatcher over <paramref name="commands"/>.</summary>
    /// <param name="commands">The commands; names must be unique.</param>
    public CommandDispatcher(IReadOnlyList<IWorkerCommand> commands) => _commands = commands;

    /// <summary>The dispatcher over <see cref="WorkerCommands.All"/>.</summary>
    public static CommandDispatcher Default { get; } = new(WorkerCommands.All);

    /// <summary>Runs the command named by <c>args[0]</c>.</summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="context">Configuration, writers and HTTP.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl+C.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "help" or "--help" or "-h")
        {
            await (args.Count == 0 ? context.Error : context.Out).WriteAsync(UsageText()).ConfigureAwait(false);
            return args.Count == 0 ? ExitCodes.BadConfiguration : ExitCodes.Ok;
        }

        var command = _commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            await context.Error.WriteLineAsync(
                $"sodimo-worker: unknown command \"{args[0]}\"; commands: {string.Join(", ", _commands.Select(c => c.Name))}.").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        try
        {
            return await command.RunAsync(args.Skip(1).ToArray(), context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync($"sodimo-worker {command.Name}: cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // The last line of defence: one line, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync(
                $"sodimo-worker {command.Name}: unexpected error: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.Unexpected;
        }
    }

    private string UsageText() =>
        "Usage: Sodimo.Crm.SyncWorker <command> [options]\n\nCommands:\n"
        + string.Concat(_commands.Select(c => "  " + c.Usage.ReplaceLineEndings("\n  ") + "\n"))
        + "\nExit codes: 0 ok, 1 bad configuration, usage or a failed run, 70 unexpected error, 130 cancelled; and per command:\n"
        + "  provision: 2 Twenty unreachable or key refused, 3 drift, 4 Twenty rejected a change part-way\n"
        + "  sync, health: 2 done, with rejected rows reported\n";
}
