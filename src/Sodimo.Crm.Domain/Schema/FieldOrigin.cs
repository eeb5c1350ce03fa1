namespace Sodimo.Crm.Domain.Schema;

/// <summary>Which system is authoritative for a field's value (brief, "Objects and custom fields").</summary>
public enum FieldOrigin
{
    /// <summary>Sodiwin, the ERP: overwritten by the nightly sync; read-only from Twenty's point of view.</summary>
    Sodiwin,

    /// <summary>Twenty: edited by people in Twenty; the sync never touches it.</summary>
    Twenty,

    /// <summary>Automation: set by a workflow or the worker's evaluators (health, time entered stage).</summary>
    Workflow,
}
