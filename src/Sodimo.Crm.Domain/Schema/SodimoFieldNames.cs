namespace Sodimo.Crm.Domain.Schema;

/// <summary>The Sodimo names of the fields other code refers to by name (the full list is in <see cref="SodimoSchema"/>).</summary>
public static class SodimoFieldNames
{
    /// <summary>Sodiwin's client code: the join key on Company (unique) and a denormalised copy on Opportunity.</summary>
    public const string ClientCode = "client_code";

    /// <summary>Opportunity: which pipeline the deal is in.</summary>
    public const string Pipeline = "pipeline";

    /// <summary>Opportunity: the stage in New Leads - Wine.</summary>
    public const string NewLeadsStage = "new_leads_stage";

    /// <summary>Opportunity: the stage in Export Clients.</summary>
    public const string ExportClientsStage = "export_clients_stage";

    /// <summary>Opportunity: when the deal entered its current stage.</summary>
    public const string StageEnteredAt = "stage_entered_at";

    /// <summary>Opportunity: green / yellow / red, set by the rotting evaluation.</summary>
    public const string Health = "health";

    /// <summary>Opportunity: Sodiwin's order number, set once a commande is issued.</summary>
    public const string SodiwinNumeroCommande = "sodiwin_numero_commande";

    /// <summary>DeltaAlert: the company the alert is about.</summary>
    public const string CompanyId = "company_id";
}
