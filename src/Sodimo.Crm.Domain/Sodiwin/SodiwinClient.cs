namespace Sodimo.Crm.Domain.Sodiwin;

/// <summary>
/// One client of a Sodiwin client dump, parsed and typed: what the sync compares with the company in Twenty.
/// Text values are trimmed, and an empty cell is <see langword="null"/>; lists keep Sodiwin's order.
/// </summary>
public sealed record SodiwinClient
{
    /// <summary>The 1-based line of the dump on which the client's record starts.</summary>
    public required int LineNumber { get; init; }

    /// <summary>The client code (<c>CODE_CLIENT</c>), normalised by <see cref="SodiwinClientCode.Normalize"/>: the join key.</summary>
    public required string ClientCode { get; init; }

    /// <summary>The raison sociale (<c>RAISON_SOCIALE</c>).</summary>
    public string? Name { get; init; }

    /// <summary>The account category (<c>CATEGORIE</c>).</summary>
    public string? Category { get; init; }

    /// <summary>The account type (<c>TYPE_COMPTE</c>): CLIENT, PROSPECT, DIVERS.</summary>
    public string? AccountType { get; init; }

    /// <summary>First billing address line (<c>ADRESSE_1</c>).</summary>
    public string? AddressStreet1 { get; init; }

    /// <summary>Second billing address line (<c>ADRESSE_2</c>).</summary>
    public string? AddressStreet2 { get; init; }

    /// <summary>Billing postcode (<c>CODE_POSTAL</c>), kept as text (leading zeros, foreign formats).</summary>
    public string? AddressPostcode { get; init; }

    /// <summary>Billing city (<c>VILLE</c>).</summary>
    public string? AddressCity { get; init; }

    /// <summary>Billing country as Sodiwin writes it (<c>PAYS</c>, e.g. <c>FRANCE</c>).</summary>
    public string? AddressCountry { get; init; }

    /// <summary>The client's e-mail (<c>EMAIL</c>); read but not synced (no Company field owns it yet).</summary>
    public string? Email { get; init; }

    /// <summary>The client's phone (<c>TELEPHONE</c>); read but not synced (no Company field owns it yet).</summary>
    public string? Phone { get; init; }

    /// <summary>Accounts receivable balance in euros (<c>SOLDE</c>); may be negative.</summary>
    public decimal? ArBalance { get; init; }

    /// <summary>Sodiwin's aging bucket code (<c>TRANCHE_AGE</c>): NON_ECHU, 0-30, 31-60, 61-90, 90+.</summary>
    public string? ArAgingBucket { get; init; }

    /// <summary>Date of the last payment received (<c>DATE_DERNIER_REGLEMENT</c>).</summary>
    public DateOnly? ArLastPaymentAt { get; init; }

    /// <summary>Brands the client has exclusively (<c>EXCLUSIVITES</c>).</summary>
    public IReadOnlyList<string> BrandExclusivity { get; init; } = [];

    /// <summary>When the exclusivity contract ends (<c>DATE_FIN_CONTRAT</c>).</summary>
    public DateOnly? BrandContractExpiry { get; init; }

    /// <summary>Date of the last order (<c>DATE_DERNIERE_CDE</c>).</summary>
    public DateOnly? LastOrderDate { get; init; }

    /// <summary>Amount of the last order in euros (<c>MONTANT_DERNIERE_CDE</c>).</summary>
    public decimal? LastOrderAmount { get; init; }

    /// <summary>Top article codes of the last order (<c>TOP_ARTICLES</c>).</summary>
    public IReadOnlyList<string> LastOrderTopSkus { get; init; } = [];
}
