namespace Sodimo.Crm.Domain.Schema;

/// <summary>The names of Sodimo's two pipelines, exactly as the brief spells them.</summary>
public static class PipelineNames
{
    /// <summary>The 8-stage acquisition funnel.</summary>
    public const string NewLeadsWine = "New Leads - Wine";

    /// <summary>The 5-stage closing motion, mapped to Sodiwin devis → commande → facture.</summary>
    public const string ExportClients = "Export Clients";
}
