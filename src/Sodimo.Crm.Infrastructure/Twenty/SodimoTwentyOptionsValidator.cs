using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Start-up checks of <see cref="SodimoTwentyOptions"/>, each failure named with its configuration key.</summary>
internal sealed class SodimoTwentyOptionsValidator : IValidateOptions<SodimoTwentyOptions>
{
    private const string S = SodimoTwentyOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SodimoTwentyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateBaseUrl(options.BaseUrl, failures);

        if (string.IsNullOrWhiteSpace(options.ApiKey))
            failures.Add($"{S}:ApiKey is missing: set it to the Twenty workspace API key (environment variable Sodimo__Twenty__ApiKey).");
        else if (options.ApiKey.Trim() != options.ApiKey || options.ApiKey.Any(char.IsWhiteSpace) || options.ApiKey.Contains('"', StringComparison.Ordinal))
            failures.Add($"{S}:ApiKey contains spaces or quotes: paste the key alone.");

        Positive(options.TotalTimeout, "TotalTimeout", failures);
        Positive(options.AttemptTimeout, "AttemptTimeout", failures);
        Positive(options.CircuitSamplingDuration, "CircuitSamplingDuration", failures);
        Positive(options.CircuitBreakDuration, "CircuitBreakDuration", failures);
        if (options.RetryBaseDelay < TimeSpan.Zero)
            failures.Add($"{S}:RetryBaseDelay is {Show(options.RetryBaseDelay)}: it cannot be negative.");
        if (options.MaxRetryAfter < TimeSpan.Zero)
            failures.Add($"{S}:MaxRetryAfter is {Show(options.MaxRetryAfter)}: it cannot be negative.");

        if (options.AttemptTimeout > options.TotalTimeout)
            failures.Add($"{S}:AttemptTimeout ({Show(options.AttemptTimeout)}) is longer than {S}:TotalTimeout ({Show(options.TotalTimeout)}): one attempt cannot outlast the whole call.");
        if (options.MaxRetryAfter >= options.TotalTimeout && options.TotalTimeout > TimeSpan.Zero)
            failures.Add($"{S}:MaxRetryAfter ({Show(options.MaxRetryAfter)}) must be shorter than {S}:TotalTimeout ({Show(options.TotalTimeout)}), or a honoured Retry-After would always time out.");
        if (options.CircuitSamplingDuration < 2 * options.AttemptTimeout)
            failures.Add($"{S}:CircuitSamplingDuration ({Show(options.CircuitSamplingDuration)}) must be at least twice {S}:AttemptTimeout ({Show(options.AttemptTimeout)}).");

        if (options.MaxRetryAttempts is < 0 or > 10)
            failures.Add($"{S}:MaxRetryAttempts is {options.MaxRetryAttempts}: use 0 (no retry) to 10.");
        if (options.CircuitFailureRatio is <= 0 or > 1 || double.IsNaN(options.CircuitFailureRatio))
            failures.Add($"{S}:CircuitFailureRatio is {options.CircuitFailureRatio.ToString(CultureInfo.InvariantCulture)}: use a share above 0 and at most 1 (e.g. 0.5).");
        if (options.CircuitMinimumThroughput < 2)
            failures.Add($"{S}:CircuitMinimumThroughput is {options.CircuitMinimumThroughput}: use 2 or more.");
        if (options.RequestsPerMinute is < 0 or > 100_000)
            failures.Add($"{S}:RequestsPerMinute is {options.RequestsPerMinute}: use 0 (no budget) or a positive number of calls per minute (Twenty's default bucket is 100).");
        if (options.RateLimitQueue is < 0 or > 100_000)
            failures.Add($"{S}:RateLimitQueue is {options.RateLimitQueue}: use 0 to 100000.");
        if (options.BatchSize is < 1 or > TwentyLimits.MaxBatchSize)
            failures.Add($"{S}:BatchSize is {options.BatchSize}: Twenty takes 1 to {TwentyLimits.MaxBatchSize} records per batch.");
        if (options.PageSize is < 1 or > TwentyLimits.MaxPageSize)
            failures.Add($"{S}:PageSize is {options.PageSize}: Twenty returns 1 to {TwentyLimits.MaxPageSize} records per page.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateBaseUrl(string? baseUrl, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            failures.Add($"{S}:BaseUrl is missing: set it to Twenty's address, e.g. https://crm.example.com/.");
            return;
        }

        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{S}:BaseUrl \"{baseUrl}\" is not an absolute http(s) address, e.g. https://crm.example.com/.");
            return;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
            failures.Add($"{S}:BaseUrl must not carry a user name or password; put the API key in {S}:ApiKey.");
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            failures.Add($"{S}:BaseUrl must not have a query or fragment.");
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            failures.Add($"{S}:BaseUrl \"{baseUrl}\" uses http to a remote host: use https (http is allowed for loopback only).");
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) && IsLinkLocal(ip))
            failures.Add($"{S}:BaseUrl \"{baseUrl}\" points at a link-local or cloud metadata address.");
        if (uri.Port == 0)
            failures.Add($"{S}:BaseUrl \"{baseUrl}\" has port 0.");
    }

    private static bool IsLinkLocal(IPAddress ip)
    {
        if (ip.IsIPv6LinkLocal)
            return true;
        var bytes = ip.MapToIPv4().GetAddressBytes();
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && bytes[0] == 169 && bytes[1] == 254;
    }

    private static void Positive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
            failures.Add($"{S}:{key} is {Show(value)}: it must be more than zero.");
    }

    private static string Show(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
