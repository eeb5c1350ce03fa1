namespace Sodimo.Crm.Domain.Provisioning;

/// <summary>What provisioning does with one object of Sodimo's schema.</summary>
public enum ObjectAction
{
    /// <summary>The object exists and is active: only its fields are looked at.</summary>
    Exists,

    /// <summary>A custom object that does not exist yet: it is created, then its fields.</summary>
    Create,

    /// <summary>The object is missing (a standard one) or deactivated: drift, nothing is created.</summary>
    Drift,
}
