using Xunit.Sdk;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>
/// A fact of a contract suite. In a class marked <see cref="RequiresPostgresAttribute"/> it is skipped when
/// SODIMO_TEST_POSTGRES is unset, unless SODIMO_REQUIRE_SERVICES=1 (CI), where it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Sodimo.Crm.Infrastructure.Tests.Ledger.ContractFactDiscoverer", "Sodimo.Crm.Infrastructure.Tests")]
public sealed class ContractFactAttribute : FactAttribute;
