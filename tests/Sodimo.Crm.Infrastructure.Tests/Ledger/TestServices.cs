namespace Sodimo.Crm.Infrastructure.Tests.Ledger;

/// <summary>The loopback services the tests use, as build/services.sh exports them.</summary>
public static class TestServices
{
    /// <summary>The PostgreSQL connection string, or null when no server was started.</summary>
    public static string? Postgres => Environment.GetEnvironmentVariable("SODIMO_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    /// <summary>In CI (SODIMO_REQUIRE_SERVICES=1) a missing service fails the tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("SODIMO_REQUIRE_SERVICES") == "1";
}
