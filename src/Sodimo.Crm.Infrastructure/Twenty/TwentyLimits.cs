namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>Twenty's limits the client works within (API-FACTS §1.4, §1.6).</summary>
public static class TwentyLimits
{
    /// <summary>Records per batch create: Twenty's documented 60.</summary>
    public const int MaxBatchSize = 60;

    /// <summary>Records per list page: Twenty's <c>QUERY_MAX_RECORDS</c>, 200.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Results per global search: Twenty's maximum <c>limit</c>, 100.</summary>
    public const int MaxSearchLimit = 100;
}
