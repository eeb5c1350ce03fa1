namespace Sodimo.Crm.Domain.Schema;

/// <summary>The Sodimo names of the objects in <see cref="SodimoSchema"/>.</summary>
public static class SodimoObjectNames
{
    /// <summary>Twenty's standard Company object.</summary>
    public const string Company = "Company";

    /// <summary>Twenty's standard Person object.</summary>
    public const string Person = "Person";

    /// <summary>Twenty's standard Opportunity object (a deal).</summary>
    public const string Opportunity = "Opportunity";

    /// <summary>Sodimo's DeltaAlert custom object.</summary>
    public const string DeltaAlert = "DeltaAlert";
}
