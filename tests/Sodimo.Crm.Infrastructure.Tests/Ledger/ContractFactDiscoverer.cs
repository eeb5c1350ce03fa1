using Xunit.Abstractions;
using Xunit.Sdk;

namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>Discovers <see cref="ContractFactAttribute"/> tests, skipping PostgreSQL ones when no server is given.</summary>
public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer inner = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        if (needsPostgres && TestServices.Postgres is null && !TestServices.Required)
        {
            return
            [
                new XunitSkippedDataRowTestCase(
                    diagnosticMessageSink,
                    discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(),
                    testMethod,
                    "SODIMO_TEST_POSTGRES is not set (source build/services.sh; start_services)"),
            ];
        }

        return inner.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
