using Microsoft.Extensions.Configuration;
using Sodimo.Crm.Domain.Provisioning;
using Sodimo.Crm.Infrastructure.Twenty.Metadata;

namespace Sodimo.Crm.SyncWorker.Provisioning;

/// <summary>
/// Reads what <c>provision</c> needs from configuration: <c>Sodimo:Twenty</c> (BaseUrl, ApiKey, Timeout) and
/// <c>Sodimo:Webhook</c> (TargetUrl, Secret, Operations, Description). Every problem is a line naming its key.
/// </summary>
/// <param name="Twenty">Where Twenty is and the API key.</param>
/// <param name="Webhook">The webhook to register, or <see langword="null"/> when <c>Sodimo:Webhook:TargetUrl</c> is not set.</param>
internal sealed record ProvisioningConfiguration(TwentyMetadataOptions Twenty, WebhookSpec? Webhook)
{
    /// <summary>The webhook configuration section.</summary>
    public const string WebhookSection = "Sodimo:Webhook";

    /// <summary>Reads and checks the configuration.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="problems">One line per problem (empty when the result is usable).</param>
    /// <returns>The configuration, meaningful only when <paramref name="problems"/> is empty.</returns>
    public static ProvisioningConfiguration Read(IConfiguration configuration, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var twentySection = configuration.GetSection(TwentyMetadataOptions.SectionName);
        var twenty = new TwentyMetadataOptions { ApiKey = twentySection["ApiKey"] };
        var baseUrl = twentySection["BaseUrl"];
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            if (Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
            {
                twenty.BaseUrl = uri;
            }
            else
            {
                found.Add($"{TwentyMetadataOptions.SectionName}:BaseUrl \"{baseUrl}\" is not an absolute URL");
            }
        }

        if (twentySection["Timeout"] is { Length: > 0 } timeout)
        {
            if (TimeSpan.TryParse(timeout, System.Globalization.CultureInfo.InvariantCulture, out var t))
            {
                twenty.Timeout = t;
            }
            else
            {
                found.Add($"{TwentyMetadataOptions.SectionName}:Timeout \"{timeout}\" is not a duration (hh:mm:ss)");
            }
        }

        if (found.Count == 0)
        {
            found.AddRange(twenty.Validate());
        }

        var webhook = ReadWebhook(configuration.GetSection(WebhookSection), found);
        problems = found;
        return new ProvisioningConfiguration(twenty, webhook);
    }

    private static WebhookSpec? ReadWebhook(IConfigurationSection section, List<string> problems)
    {
        var target = section["TargetUrl"];
        if (string.IsNullOrWhiteSpace(target))
        {
            return null;
        }

        if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"{WebhookSection}:TargetUrl \"{target}\" is not an absolute http(s) URL");
            return null;
        }

        var secret = section["Secret"];
        if (string.IsNullOrWhiteSpace(secret))
        {
            problems.Add($"{WebhookSection}:Secret is missing (Twenty signs each webhook call with it)");
            return null;
        }

        // Operations: an array (Sodimo:Webhook:Operations:0, …) or one comma-separated string.
        var operations = section.GetSection("Operations").GetChildren().Select(c => c.Value).ToList();
        if (operations.Count == 0 && section["Operations"] is { Length: > 0 } list)
        {
            operations = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList<string?>();
        }

        var ops = operations.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o!.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        var bad = ops.Where(o => o.Split('.') is not [{ Length: > 0 }, { Length: > 0 }]).ToArray();
        if (bad.Length > 0)
        {
            problems.Add($"{WebhookSection}:Operations: \"{string.Join("\", \"", bad)}\" is not <object>.<action> (e.g. opportunity.updated, *.*)");
        }

        var description = section["Description"];
        return new WebhookSpec(
            url,
            ops.Length == 0 ? WebhookSpec.DefaultOperations : ops,
            secret,
            string.IsNullOrWhiteSpace(description) ? WebhookSpec.DefaultDescription : description);
    }
}
