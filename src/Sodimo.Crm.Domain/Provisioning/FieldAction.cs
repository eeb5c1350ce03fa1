namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>What provisioning does with one field of Sodimo's schema.</summary>
public enum FieldAction
{
    /// <summary>The field exists with the right type (and every option): nothing to do.</summary>
    UpToDate,

    /// <summary>A standard field that Twenty creates with its object: nothing to do.</summary>
    ComesWithObject,

    /// <summary>The field is missing: it is created.</summary>
    Create,

    /// <summary>A SELECT field missing some options: they are added, existing options and their ids are kept.</summary>
    AddOptions,

    /// <summary>The field exists but differs in a way provisioning will not repair (wrong type, deactivated, …).</summary>
    Drift,
}
