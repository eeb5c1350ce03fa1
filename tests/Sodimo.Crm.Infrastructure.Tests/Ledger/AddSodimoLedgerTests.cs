using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;
using Sodimo.Crm.Domain.Ledger;
using Sodimo.Crm.Infrastructure.Ledger;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

public sealed class AddSodimoLedgerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sodimo-ledger-di-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSodimoLedger(configuration).BuildServiceProvider();
    }

    private static string StartupError(Dictionary<string, string?> settings)
    {
        using var provider = Build(settings);
        return Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate()).Message;
    }

    [Fact]
    public async Task AddSodimoLedger_SqliteFileFromConfiguration_CommitsEntriesToThatFile()
    {
        var path = Path.Combine(directory, "ledger.db");
        await using (var provider = Build(new() { ["Sodimo:Ledger:SqlitePath"] = path }))
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            var ledger = provider.GetRequiredService<IRunLedger>();
            var json = "{}";
            var result = await ledger.BeginAsync(new LedgerBeginRequest(
                new RunContext("run-1", Actor.Human, "cli"), "crm_add_note", new LedgerTarget("note"), "k1", json, LedgerRequestHash.Of(json)));
            result.IsStarted.ShouldBeTrue();
            (await provider.GetRequiredService<ILeaseStore>().TryAcquireAsync("sync", "me", TimeSpan.FromMinutes(1))).ShouldNotBeNull();
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT idempotency_key || ':' || status FROM ledger_entries";
        (await command.ExecuteScalarAsync()).ShouldBe("k1:pending");
    }

    [Fact]
    public async Task AddSodimoLedger_ProviderDisposedSynchronously_ClosesTheLedger()
    {
        var provider = Build(new() { ["Sodimo:Ledger:SqlitePath"] = Path.Combine(directory, "ledger.db") });
        (await provider.GetRequiredService<ILedgerHealth>().IsReadyAsync()).ShouldBeTrue();

        Should.NotThrow(provider.Dispose);
    }

    [Fact]
    public void AddSodimoLedger_NoSection_DefaultsToSqliteFileInWorkingDirectory()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<SodimoLedgerOptions>>().Value;

        options.Provider.ShouldBe(LedgerProvider.Sqlite);
        options.SqlitePath.ShouldBe("sodimo-ledger.db");
        options.BusyTimeout.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void AddSodimoLedger_PostgresWithoutConnectionString_FailsAtStartNamingTheKey() =>
        StartupError(new() { ["Sodimo:Ledger:Provider"] = "Postgres" })
            .ShouldContain("Sodimo:Ledger:PostgresConnectionString is required when the provider is Postgres");

    [Fact]
    public void AddSodimoLedger_PostgresConnectionStringWithoutHost_Fails() =>
        StartupError(new() { ["Sodimo:Ledger:Provider"] = "Postgres", ["Sodimo:Ledger:PostgresConnectionString"] = "Database=x" })
            .ShouldContain("names no Host");

    [Fact]
    public void AddSodimoLedger_SqlitePathInMissingDirectory_FailsNamingTheDirectory() =>
        StartupError(new() { ["Sodimo:Ledger:SqlitePath"] = Path.Combine(directory, "missing", "ledger.db") })
            .ShouldContain($"the directory '{Path.Combine(directory, "missing")}' does not exist");

    [Theory]
    [InlineData(":memory:", "not durable")]
    [InlineData("  ", "is required")]
    public void AddSodimoLedger_SqlitePathNotAFile_Fails(string path, string message) =>
        StartupError(new() { ["Sodimo:Ledger:SqlitePath"] = path }).ShouldContain(message);

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.05")]
    [InlineData("01:00:00")]
    public void AddSodimoLedger_ImpossibleBusyTimeout_Fails(string value) =>
        StartupError(new() { ["Sodimo:Ledger:BusyTimeout"] = value }).ShouldContain("Sodimo:Ledger:BusyTimeout must be between");

    [Fact]
    public void AddSodimoLedger_UnknownProvider_Fails()
    {
        using var provider = Build(new() { ["Sodimo:Ledger:Provider"] = "Mongo" });

        Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<IStartupValidator>().Validate())
            .Message.ShouldContain("Sodimo:Ledger:Provider");
    }
}
