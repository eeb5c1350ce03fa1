using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Infrastructure.Twenty.Metadata;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.McpHost.Sandbox;

/// <summary>
/// <c>--sandbox</c>: a TwentyEmulator on a loopback port, given Sodimo's schema through the same WorkspaceProvisioner
/// used on a real Twenty, seeded with a small demo, and a SQLite ledger in a temporary directory. Nothing else is
/// needed on the machine.
/// </summary>
internal sealed class SandboxEnvironment : IAsyncDisposable
{
    /// <summary>The API key the sandbox's emulator accepts.</summary>
    public const string ApiKey = "sandbox-key";

    private SandboxEnvironment(TwentyEmulator emulator, string directory, int dealCount)
    {
        Emulator = emulator;
        Directory = directory;
        DealCount = dealCount;
    }

    /// <summary>The running emulator (its journal and records are what tests assert on).</summary>
    public TwentyEmulator Emulator { get; }

    /// <summary>The sandbox's own directory (the ledger file lives here unless configured elsewhere).</summary>
    public string Directory { get; }

    /// <summary>How many demo deals were seeded.</summary>
    public int DealCount { get; }

    /// <summary>The ledger file used when none is configured.</summary>
    public string LedgerPath => Path.Combine(Directory, "sodimo-ledger.db");

    /// <summary>The configuration that points the SDK at the sandbox.</summary>
    /// <param name="ledgerPath">The configured ledger path, if any (kept); otherwise <see cref="LedgerPath"/>.</param>
    /// <returns>Configuration keys and values.</returns>
    public IEnumerable<KeyValuePair<string, string?>> Settings(string? ledgerPath) =>
    [
        new("Sodimo:Twenty:BaseUrl", Emulator.BaseAddress.ToString().TrimEnd('/')),
        new("Sodimo:Twenty:ApiKey", ApiKey),
        new("Sodimo:Ledger:Provider", "Sqlite"),
        new("Sodimo:Ledger:SqlitePath", ledgerPath ?? LedgerPath),
    ];

    /// <summary>Starts the emulator, provisions Sodimo's schema and seeds the demo.</summary>
    /// <param name="timeProvider">The clock (deal ages are relative to it).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running sandbox.</returns>
    public static async Task<SandboxEnvironment> StartAsync(TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        var options = new TwentyEmulatorOptions();
        options.ApiKeys.Clear();
        options.ApiKeys.Add(ApiKey);
        // A sandbox serves one person's AI: Twenty's 100-per-minute budget would only get in the way of trying it out.
        options.RateLimit.Enabled = false;
        var emulator = new TwentyEmulator(options);
        try
        {
            await emulator.StartAsync(0, cancellationToken).ConfigureAwait(false);
            using (var http = new HttpClient())
            {
                var client = new TwentyMetadataClient(http, new TwentyMetadataOptions { BaseUrl = emulator.BaseAddress, ApiKey = ApiKey }, timeProvider);
                var provisioner = new WorkspaceProvisioner(client, SodimoSchema.Current, webhook: null);
                var plan = await provisioner.PlanAsync(cancellationToken).ConfigureAwait(false);
                await provisioner.ApplyAsync(plan, progress: null, cancellationToken).ConfigureAwait(false);
            }

            var deals = SandboxDemoData.Seed(emulator, timeProvider.GetUtcNow());
            emulator.Journal.Clear();
            var directory = Path.Combine(Path.GetTempPath(), "sodimo-crm-sandbox-" + Guid.NewGuid().ToString("N")[..12]);
            System.IO.Directory.CreateDirectory(directory);
            return new SandboxEnvironment(emulator, directory, deals);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync().ConfigureAwait(false);
}
