using System.Net;
using Microsoft.Extensions.Configuration;

namespace Sodimo.Crm.McpHost.Hosting;

/// <summary>Checks, before anything starts, that the Twenty connection is configured, so the host fails with one clear line.</summary>
internal static class TwentySettingsCheck
{
    /// <summary>The base URL key.</summary>
    public const string BaseUrlKey = "Sodimo:Twenty:BaseUrl";

    /// <summary>The API key key.</summary>
    public const string ApiKeyKey = "Sodimo:Twenty:ApiKey";

    /// <summary>Returns what is wrong with the Twenty settings, in one line, or <see langword="null"/> when they are usable.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? Problem(IConfiguration configuration)
    {
        var baseUrl = configuration[BaseUrlKey];
        var apiKey = configuration[ApiKeyKey];
        if (string.IsNullOrWhiteSpace(baseUrl) && string.IsNullOrWhiteSpace(apiKey))
        {
            return $"Twenty is not configured: set {BaseUrlKey} and {ApiKeyKey} (environment SODIMO__TWENTY__BASEURL and SODIMO__TWENTY__APIKEY), or run with --sandbox.";
        }

        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            return $"{BaseUrlKey} is not set (environment SODIMO__TWENTY__BASEURL): the URL of your Twenty, e.g. https://crm.sodimo.eu.";
        }

        if (!Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return $"{BaseUrlKey} must be an absolute http(s) URL such as https://crm.sodimo.eu.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"{BaseUrlKey} must not carry credentials; put the API key in {ApiKeyKey}.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            return $"{BaseUrlKey} must use https for a non-loopback host (the API key would travel in clear).";
        }

        if (string.IsNullOrWhiteSpace(apiKey))
        {
            return $"{ApiKeyKey} is not set (environment SODIMO__TWENTY__APIKEY): create an API key in Twenty under Settings > APIs & Webhooks.";
        }

        return null;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
}
