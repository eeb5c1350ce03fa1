namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>
/// Which header column of a Sodiwin dump holds each value (matched trimmed and case-insensitive). The defaults are
/// the column names of Sodiwin's client export; docs/sodiwin-csv.md describes each one.
/// </summary>
public sealed class SodiwinCsvColumns
{
    /// <summary>The client code, the join key. Default <c>CODE_CLIENT</c>.</summary>
    public string ClientCode { get; set; } = "CODE_CLIENT";

    /// <summary>The raison sociale (company name). Default <c>RAISON_SOCIALE</c>.</summary>
    public string Name { get; set; } = "RAISON_SOCIALE";

    /// <summary>The account category. Default <c>CATEGORIE</c>.</summary>
    public string Category { get; set; } = "CATEGORIE";

    /// <summary>The account type. Default <c>TYPE_COMPTE</c>.</summary>
    public string AccountType { get; set; } = "TYPE_COMPTE";

    /// <summary>First billing address line. Default <c>ADRESSE_1</c>.</summary>
    public string AddressStreet1 { get; set; } = "ADRESSE_1";

    /// <summary>Second billing address line. Default <c>ADRESSE_2</c>.</summary>
    public string AddressStreet2 { get; set; } = "ADRESSE_2";

    /// <summary>Billing postcode. Default <c>CODE_POSTAL</c>.</summary>
    public string AddressPostcode { get; set; } = "CODE_POSTAL";

    /// <summary>Billing city. Default <c>VILLE</c>.</summary>
    public string AddressCity { get; set; } = "VILLE";

    /// <summary>Billing country. Default <c>PAYS</c>.</summary>
    public string AddressCountry { get; set; } = "PAYS";

    /// <summary>E-mail (read, not synced). Default <c>EMAIL</c>.</summary>
    public string Email { get; set; } = "EMAIL";

    /// <summary>Phone (read, not synced). Default <c>TELEPHONE</c>.</summary>
    public string Phone { get; set; } = "TELEPHONE";

    /// <summary>Accounts receivable balance (number). Default <c>SOLDE</c>.</summary>
    public string ArBalance { get; set; } = "SOLDE";

    /// <summary>Aging bucket code. Default <c>TRANCHE_AGE</c>.</summary>
    public string ArAgingBucket { get; set; } = "TRANCHE_AGE";

    /// <summary>Date of the last payment (date). Default <c>DATE_DERNIER_REGLEMENT</c>.</summary>
    public string ArLastPaymentAt { get; set; } = "DATE_DERNIER_REGLEMENT";

    /// <summary>Exclusive brands (list). Default <c>EXCLUSIVITES</c>.</summary>
    public string BrandExclusivity { get; set; } = "EXCLUSIVITES";

    /// <summary>End of the exclusivity contract (date). Default <c>DATE_FIN_CONTRAT</c>.</summary>
    public string BrandContractExpiry { get; set; } = "DATE_FIN_CONTRAT";

    /// <summary>Date of the last order (date). Default <c>DATE_DERNIERE_CDE</c>.</summary>
    public string LastOrderDate { get; set; } = "DATE_DERNIERE_CDE";

    /// <summary>Amount of the last order (number). Default <c>MONTANT_DERNIERE_CDE</c>.</summary>
    public string LastOrderAmount { get; set; } = "MONTANT_DERNIERE_CDE";

    /// <summary>Top article codes of the last order (list). Default <c>TOP_ARTICLES</c>.</summary>
    public string LastOrderTopSkus { get; set; } = "TOP_ARTICLES";
}
