using System.Text.RegularExpressions;

namespace Sodimo.Crm.Domain.Schema;

/// <summary>
/// Twenty's rules for metadata API names (API-FACTS §6.2, <c>validateMetadataNameOrThrow</c> in Twenty's source):
/// camelCase, starts with a lower-case letter, letters and digits only, at most 63 characters, not a reserved keyword.
/// </summary>
public static partial class TwentyNameRules
{
    /// <summary>Twenty's maximum name length.</summary>
    public const int MaxLength = 63;

    /// <summary>
    /// Names Twenty refuses for objects and fields (<c>RESERVED_METADATA_NAME_KEYWORDS</c> in twenty-shared). The
    /// UI appends <c>Custom</c> to them; the API rejects them.
    /// </summary>
    public static IReadOnlySet<string> ReservedNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "approvedAccessDomain", "approvedAccessDomains", "appToken", "appTokens", "billingCustomer",
        "billingCustomers", "billingEntitlement", "billingEntitlements", "billingMeter", "billingMeters",
        "billingProduct", "billingProducts", "billingSubscription", "billingSubscriptions",
        "billingSubscriptionItem", "billingSubscriptionItems", "featureFlag", "featureFlags", "job", "jobs",
        "keyValuePair", "keyValuePairs", "pageLayout", "pageLayouts", "pageLayoutTab", "pageLayoutTabs",
        "pageLayoutWidget", "pageLayoutWidgets", "postgresCredential", "postgresCredentials", "twoFactorMethod",
        "twoFactorMethods", "user", "users", "userWorkspace", "userWorkspaces", "workspace", "workspaces", "role",
        "roles", "userWorkspaceRole", "userWorkspaceRoles", "plan", "plans", "event", "events", "field", "fields",
        "link", "links", "currency", "currencies", "fullNames", "address", "addresses", "type", "types", "object",
        "objects", "index", "relation", "relations", "aggregate",
    };

    /// <summary>Checks a name Sodimo wants to create in Twenty.</summary>
    /// <param name="name">The candidate API name.</param>
    /// <param name="problem">Why the name is refused, or <see langword="null"/> when it is valid.</param>
    /// <returns><see langword="true"/> when Twenty would accept the name for a new field or object.</returns>
    public static bool IsValidName(string? name, out string? problem)
    {
        problem = name switch
        {
            null or "" => "the name is empty",
            { Length: > MaxLength } => $"\"{name}\" is longer than {MaxLength} characters",
            _ when !CamelCase().IsMatch(name) =>
                $"\"{name}\" must start with a lower-case letter and contain only ASCII letters and digits (camelCase)",
            _ when ReservedNames.Contains(name) => $"\"{name}\" is reserved by Twenty",
            _ => null,
        };
        return problem is null;
    }

    /// <summary>Whether a SELECT option value is UPPER_SNAKE_CASE, as Twenty requires.</summary>
    /// <param name="value">The option value.</param>
    /// <returns><see langword="true"/> when Twenty would accept it.</returns>
    public static bool IsValidOptionValue(string? value) => value is not null && UpperSnake().IsMatch(value);

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CamelCase();

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex UpperSnake();
}
