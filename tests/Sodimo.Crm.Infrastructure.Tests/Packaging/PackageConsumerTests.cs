using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;

namespace Sodimo.Crm.Infrastructure.Tests.Packaging;

/// <summary>
/// The slow one: packs the SDK with build/pack.sh (from the existing build output), then builds and runs a console
/// project outside the repository that consumes the packages from that local feed only — no project references, no
/// central package management — and sends one UpsertContact through the mediator to an in-process TwentyEmulator.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly string[] PackageIds = ["Sodimo.Crm.Domain", "Sodimo.Crm.Application", "Sodimo.Crm.Infrastructure", "Sodimo.Crm.Testing"];

    private readonly string _work = Directory.CreateTempSubdirectory("sodimo-pack-").FullName;

    // A version of its own, so the global NuGet cache never serves a package packed by an earlier run.
    private readonly string _version = $"0.0.0-packtest.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    [Fact]
    public async Task Packages_ConsumedFromLocalFeed_UpsertContactReachesEmulatorAndLedger()
    {
        var root = RepositoryRoot();
        var configuration = typeof(PackageConsumerTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var feed = Path.Combine(_work, "feed");
        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(consumer);

        var pack = await RunAsync("bash", [Path.Combine(root, "build", "pack.sh"), "--no-build", "--configuration", configuration, "--version", _version, "--output", feed], root);
        pack.ExitCode.ShouldBe(0, pack.Output);
        foreach (var id in PackageIds)
        {
            File.Exists(Path.Combine(feed, $"{id}.{_version}.nupkg")).ShouldBeTrue($"{id} was not packed:\n{pack.Output}");
            File.Exists(Path.Combine(feed, $"{id}.{_version}.snupkg")).ShouldBeTrue($"{id} has no symbol package");
        }

        WriteConsumer(root, feed, consumer);
        var ledger = Path.Combine(_work, "ledger.db");
        var run = await RunAsync("dotnet", ["run", "-c", "Release", "--", ledger], consumer);

        run.ExitCode.ShouldBe(0, run.Output);
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var personLine = lines.Single(l => l.StartsWith("person=", StringComparison.Ordinal));
        personLine.ShouldStartWith("person=Created id=");
        var personId = personLine["person=Created id=".Length..];
        lines.ShouldContain($"emulator: {personId} ada@example.com Ada Lovelace");

        await using var connection = new SqliteConnection($"Data Source={ledger};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tool_name, status, idempotency_key, actor, skill FROM ledger_entries WHERE run_id = 'pack-smoke'";
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue("no ledger entry for the run");
        reader.GetString(0).ShouldBe("crm_upsert_contact");
        reader.GetString(1).ShouldBe("succeeded");
        reader.GetString(2).ShouldContain("pack-smoke-1");
        reader.GetString(3).ShouldBe("ai");
        reader.GetString(4).ShouldBe("package-consumer");
        (await reader.ReadAsync()).ShouldBeFalse("one mutation, one ledger entry");
    }

    private void WriteConsumer(string root, string feed, string consumer)
    {
        // Stops MSBuild from picking up a Directory.*.props of some folder above the temp directory.
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(consumer, "Directory.Packages.props"),
            "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");

        // The local feed first, then the repository's own sources (the mirror the rest of the graph comes from).
        var repoSources = XDocument.Load(Path.Combine(root, "nuget.config")).Descendants("packageSources").Elements("add");
        var sources = new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "sodimo-local"), new XAttribute("value", feed)));
        sources.Add(repoSources.Select(e => new XElement(e)));
        new XDocument(new XElement("configuration", sources)).Save(Path.Combine(consumer, "nuget.config"));

        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sodimo.Crm.Application" Version="{_version}" />
                <PackageReference Include="Sodimo.Crm.Infrastructure" Version="{_version}" />
                <PackageReference Include="Sodimo.Crm.Testing" Version="{_version}" />
                <PackageReference Include="Microsoft.Extensions.Configuration" Version="10.0.13" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.13" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using Mediator;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Sodimo.Crm.Application;
            using Sodimo.Crm.Application.UpsertContact;
            using Sodimo.Crm.Domain.Ledger;
            using Sodimo.Crm.Infrastructure;
            using Sodimo.Crm.Infrastructure.Twenty;
            using Sodimo.Crm.Testing;

            await using var emulator = new TwentyEmulator();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sodimo:Twenty:BaseUrl"] = "http://127.0.0.1:3000",
                ["Sodimo:Twenty:ApiKey"] = "dev-key",
                ["Sodimo:Ledger:Provider"] = "Sqlite",
                ["Sodimo:Ledger:SqlitePath"] = args[0],
            }).Build();

            var services = new ServiceCollection();
            services.AddSodimoCrmApplication();
            services.AddSodimoCrmInfrastructure(configuration);
            services.AddHttpClient(TwentyServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => emulator.CreateHandler());
            await using var provider = services.BuildServiceProvider();

            var mediator = provider.GetRequiredService<IMediator>();
            var result = await mediator.Send(new UpsertContactCommand
            {
                Run = new RunContext("pack-smoke", Actor.Ai, "package-consumer"),
                IdempotencyKey = "pack-smoke-1",
                MergePolicy = "all",
                Person = new ContactInput { Email = "Ada@Example.com", FirstName = "Ada", LastName = "Lovelace" },
            });
            Console.WriteLine($"person={result.Person} id={result.PersonId}");

            foreach (var person in emulator.GetRecords("people"))
            {
                Console.WriteLine($"emulator: {person["id"]} {person["emails"]?["primaryEmail"]} {person["name"]?["firstName"]} {person["name"]?["lastName"]}");
            }
            """);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sodimo.Crm.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Sodimo.Crm.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(name);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in 8 minutes.");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }

        // The packages this run put in the global cache are of no use to anyone else.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in PackageIds)
        {
            var dir = Path.Combine(cache, id.ToLowerInvariant(), _version);
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }
}
