using Microsoft.Extensions.Configuration;

namespace Sodimo.Crm.SyncWorker.Cli;

/// <summary>What a command gets from the host: configuration, stdout, stderr and a way to make HTTP clients.</summary>
/// <param name="Configuration">appsettings.json, then environment variables (<c>Sodimo__Twenty__BaseUrl</c>).</param>
/// <param name="Out">Where the command's report goes.</param>
/// <param name="Error">Where errors go: one line each, never a stack trace.</param>
/// <param name="CreateHttpClient">Makes the HTTP client a command talks to Twenty with (tests point it at the emulator).</param>
internal sealed record CliContext(IConfiguration Configuration, TextWriter Out, TextWriter Error, Func<HttpClient> CreateHttpClient)
{
    /// <summary>The context of a real run: appsettings.json next to the executable, then the environment.</summary>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <returns>The context.</returns>
    public static CliContext FromEnvironment(TextWriter stdout, TextWriter stderr)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        return new CliContext(configuration, stdout, stderr, () => new HttpClient());
    }
}
