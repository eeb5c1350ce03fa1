using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sodimo.Crm.Infrastructure.Twenty;
using Sodimo.Crm.SyncWorker.Cli;
using Sodimo.Crm.Testing;

namespace Sodimo.Crm.SyncWorker.Tests;

/// <summary>
/// A TwentyEmulator (rate limit off) provisioned with Sodimo's schema by the worker's own <c>provision</c> command,
/// a temp folder holding the SQLite ledger, and the worker's configuration pointed at both. The journal is cleared
/// after provisioning, so a test sees only its own calls.
/// </summary>
internal sealed class ProvisionedWorkspace : IAsyncDisposable
{
    public ProvisionedWorkspace(string prefix)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory(prefix).FullName;
        var options = new TwentyEmulatorOptions();
        options.RateLimit.Enabled = false;
        Emulator = new TwentyEmulator(options);
        Config = new Dictionary<string, string?>
        {
            ["Sodimo:Twenty:BaseUrl"] = "http://localhost",
            ["Sodimo:Twenty:ApiKey"] = "dev-key",
            ["Sodimo:Ledger:SqlitePath"] = Path.Combine(Directory, "ledger.db"),
        };
    }

    public string Directory { get; }

    public TwentyEmulator Emulator { get; }

    /// <summary>The worker's configuration; tests add or change keys before building a context.</summary>
    public Dictionary<string, string?> Config { get; }

    public IConfiguration Configuration() => new ConfigurationBuilder().AddInMemoryCollection(Config).Build();

    /// <summary>A command-line context over <see cref="Config"/>, with its HTTP going to the emulator.</summary>
    public CliContext Context(out StringWriter stdout, out StringWriter stderr)
    {
        stdout = new StringWriter();
        stderr = new StringWriter();
        return new CliContext(Configuration(), TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr),
            () => new HttpClient(Emulator.CreateHandler()));
    }

    /// <summary>Points the SDK's Twenty client, in a command's own service collection, at the emulator.</summary>
    public void UseEmulator(IServiceCollection services) =>
        services.AddHttpClient(TwentyServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Emulator.CreateHandler());

    public async Task ProvisionAsync()
    {
        var context = Context(out _, out var err);
        (await CommandDispatcher.Default.RunAsync(["provision"], context, CancellationToken.None)).ShouldBe(0, err.ToString());
        Emulator.Journal.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
