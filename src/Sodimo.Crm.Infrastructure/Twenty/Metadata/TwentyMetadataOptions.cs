namespace Sodimo.Crm.Infrastructure.Twenty.Metadata;

/// <summary>
/// Where Twenty is and how to authenticate, for the metadata API. Bound from the <c>Sodimo:Twenty</c> configuration
/// section (environment: <c>Sodimo__Twenty__BaseUrl</c>, <c>Sodimo__Twenty__ApiKey</c>).
/// </summary>
public sealed class TwentyMetadataOptions
{
    /// <summary>The configuration section: <c>Sodimo:Twenty</c>.</summary>
    public const string SectionName = "Sodimo:Twenty";

    /// <summary>Twenty's origin, e.g. <c>https://crm.sodimo.eu/</c>; the metadata endpoint is <c>{BaseUrl}/metadata</c>. Required.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>An API key whose role has the data-model settings permission (and API keys and webhooks, for the webhook). Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one metadata call may take before it is abandoned. Default: 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the options; returns one line per problem, empty when they are usable.</summary>
    /// <returns>The problems, naming the configuration keys.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is null)
        {
            problems.Add($"{SectionName}:BaseUrl is missing (Twenty's URL, e.g. https://crm.example.com)");
        }
        else if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{SectionName}:BaseUrl \"{BaseUrl}\" is not an absolute http(s) URL");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add($"{SectionName}:ApiKey is missing (a Twenty API key)");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:Timeout must be positive");
        }

        return problems;
    }
}
