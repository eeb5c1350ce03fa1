using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Infrastructure.Twenty.Metadata;
using Sodimo.Crm.SyncWorker.Cli;

namespace Sodimo.Crm.SyncWorker.Provisioning;

/// <summary>
/// <c>provision [--dry-run]</c>: prints the plan that gives the configured Twenty workspace Sodimo's schema, then
/// (without <c>--dry-run</c>) applies it through the metadata API. Idempotent; never deletes; stops on drift.
/// </summary>
internal sealed class ProvisionCommand : IWorkerCommand
{
    private const string Prefix = "provision: ";

    /// <inheritdoc />
    public string Name => "provision";

    /// <inheritdoc />
    public string Usage =>
        "provision [--dry-run]   Create Sodimo's objects, fields, select options and webhook in Twenty (metadata API).\n"
        + "                        --dry-run prints the plan and changes nothing. Needs Sodimo:Twenty:BaseUrl and ApiKey.";

    /// <inheritdoc />
    public async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        var dryRun = false;
        foreach (var arg in args)
        {
            if (arg == "--dry-run")
            {
                dryRun = true;
            }
            else
            {
                await context.Error.WriteLineAsync($"{Prefix}unknown option \"{arg}\"; usage: provision [--dry-run]").ConfigureAwait(false);
                return ExitCodes.BadConfiguration;
            }
        }

        var config = ProvisioningConfiguration.Read(context.Configuration, out var problems);
        if (problems.Count > 0)
        {
            await context.Error.WriteLineAsync($"{Prefix}bad configuration: {string.Join("; ", problems)}.").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        using var http = context.CreateHttpClient();
        var client = new TwentyMetadataClient(http, config.Twenty);
        var provisioner = new WorkspaceProvisioner(client, SodimoSchema.Current, config.Webhook);
        try
        {
            var plan = await provisioner.PlanAsync(cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(plan.Render()).ConfigureAwait(false);
            await context.Out.WriteLineAsync().ConfigureAwait(false);
            if (plan.HasDrift)
            {
                await context.Error.WriteLineAsync(
                    $"{Prefix}drift: {string.Join(" | ", plan.Drift)}. Nothing was changed.").ConfigureAwait(false);
                return ExitCodes.Drift;
            }

            if (dryRun)
            {
                await context.Out.WriteLineAsync($"Dry run: nothing was changed ({plan.ChangeCount} change(s) planned).").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (!plan.HasChanges)
            {
                await context.Out.WriteLineAsync("Nothing to do: the workspace already matches Sodimo's schema.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var applied = await provisioner.ApplyAsync(plan, step => context.Out.WriteLine("applied: " + step.Description), cancellationToken)
                .ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Done: {applied.Count} change(s) applied.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (TwentyMetadataException ex)
        {
            await context.Error.WriteLineAsync(Prefix + ex.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
            return ex.Failure is TwentyMetadataFailure.Unreachable or TwentyMetadataFailure.AccessDenied
                ? ExitCodes.Unreachable
                : ExitCodes.Rejected;
        }
    }
}
