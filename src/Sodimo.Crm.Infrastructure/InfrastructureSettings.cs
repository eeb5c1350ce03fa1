using Microsoft.Extensions.Configuration;
using Sodimo.Crm.Infrastructure.Ledger;
using Sodimo.Crm.Infrastructure.Twenty;

namespace Sodimo.Crm.Infrastructure;

/// <summary>
/// The checks <see cref="InfrastructureServiceCollectionExtensions.AddSodimoCrmInfrastructure"/> runs when a host
/// starts, without building anything: for a host that builds the SDK only when it is first used but must still refuse
/// to start on bad settings.
/// </summary>
public static class InfrastructureSettings
{
    /// <summary>
    /// Binds the <c>Sodimo:Twenty</c> and <c>Sodimo:Ledger</c> sections as the SDK does and returns what its option
    /// validators reject (the same messages a host's start would report), or an empty list when the settings are usable.
    /// </summary>
    /// <param name="configuration">The configuration holding the <c>Sodimo</c> sections.</param>
    /// <returns>One message per problem.</returns>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var twenty = new SodimoTwentyOptions();
        configuration.GetSection(SodimoTwentyOptions.SectionName).Bind(twenty);
        var ledger = new SodimoLedgerOptions();
        configuration.GetSection(SodimoLedgerOptions.SectionName).Bind(ledger);

        var problems = new List<string>();
        if (new SodimoTwentyOptionsValidator().Validate(null, twenty).Failures is { } twentyFailures)
        {
            problems.AddRange(twentyFailures);
        }

        if (new SodimoLedgerOptionsValidator().Validate(null, ledger).Failures is { } ledgerFailures)
        {
            problems.AddRange(ledgerFailures);
        }

        return problems;
    }
}
