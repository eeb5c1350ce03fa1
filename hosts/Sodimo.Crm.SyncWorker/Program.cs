using Sodimo.Crm.SyncWorker.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await CommandDispatcher.Default.RunAsync(args, CliContext.FromEnvironment(Console.Out, Console.Error), cancellation.Token);
