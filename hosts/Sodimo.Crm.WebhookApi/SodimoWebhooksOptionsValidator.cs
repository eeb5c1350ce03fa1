using System.Text;
using Microsoft.Extensions.Options;

namespace Sodimo.Crm.WebhookApi;

/// <summary>Checks <see cref="SodimoWebhooksOptions"/> at start, naming the key to fix and never echoing a secret.</summary>
internal sealed class SodimoWebhooksOptionsValidator : IValidateOptions<SodimoWebhooksOptions>
{
    public const int MinSecretBytes = 24;
    public const int MinTokenLength = 32;

    public ValidateOptionsResult Validate(string? name, SodimoWebhooksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = SodimoWebhooksOptions.SectionName;
        var errors = new List<string>();
        if (options.Secrets.Count == 0)
        {
            errors.Add($"{Section}:Secrets needs at least one Twenty webhook secret (environment variable Sodimo__Webhooks__Secrets__0), or set the Sodimo:Webhook:Secret that provision registers.");
        }

        for (var i = 0; i < options.Secrets.Count; i++)
        {
            var secret = options.Secrets[i] ?? string.Empty;
            if (Encoding.UTF8.GetByteCount(secret) < MinSecretBytes)
            {
                errors.Add($"{Section}:Secrets:{i} is too short: at least {MinSecretBytes} bytes.");
            }
            else if (secret.Trim() != secret || secret.Contains('"', StringComparison.Ordinal))
            {
                errors.Add($"{Section}:Secrets:{i} has surrounding spaces or quotes: copy the secret exactly.");
            }
        }

        for (var i = 0; i < options.LedgerTokens.Count; i++)
        {
            var token = options.LedgerTokens[i] ?? string.Empty;
            if (token.Length < MinTokenLength || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                errors.Add($"{Section}:LedgerTokens:{i} must be at least {MinTokenLength} characters without spaces.");
            }
        }

        for (var i = 0; i < options.AdminTokens.Count; i++)
        {
            var token = options.AdminTokens[i] ?? string.Empty;
            if (token.Length < MinTokenLength || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                errors.Add($"{Section}:AdminTokens:{i} must be at least {MinTokenLength} characters without spaces.");
            }
        }

        if (options.TimestampTolerance < TimeSpan.FromSeconds(1) || options.TimestampTolerance > TimeSpan.FromHours(1))
        {
            errors.Add($"{Section}:TimestampTolerance must be between 00:00:01 and 01:00:00 (got {options.TimestampTolerance}).");
        }

        if (options.ClaimDuration < TimeSpan.FromSeconds(1) || options.ClaimDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"{Section}:ClaimDuration must be between 00:00:01 and 01:00:00 (got {options.ClaimDuration}).");
        }

        if (options.ReconcileInterval < TimeSpan.FromMinutes(1) || options.ReconcileInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{Section}:ReconcileInterval must be between 00:01:00 and 1.00:00:00 (got {options.ReconcileInterval}).");
        }

        if (options.MaxBodyBytes is < 1024 or > 10 * 1024 * 1024)
        {
            errors.Add($"{Section}:MaxBodyBytes must be between 1024 and 10485760 (got {options.MaxBodyBytes}).");
        }

        if (options.WorkspaceId is { } workspace && !Guid.TryParseExact(workspace, "D", out _))
        {
            errors.Add($"{Section}:WorkspaceId must be a workspace id (a UUID) or unset.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
