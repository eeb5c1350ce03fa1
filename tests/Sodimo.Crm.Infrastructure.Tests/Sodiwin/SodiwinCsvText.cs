using System.Text;

namespace Sodimo.Crm.Infrastructure.Tests.Sodiwin;

/// <summary>Builds small Sodiwin dumps in the export's format for tests.</summary>
internal static class SodiwinCsvText
{
    public const string Header =
        "CODE_CLIENT;RAISON_SOCIALE;CATEGORIE;TYPE_COMPTE;ADRESSE_1;ADRESSE_2;CODE_POSTAL;VILLE;PAYS;EMAIL;TELEPHONE;SOLDE;"
        + "TRANCHE_AGE;DATE_DERNIER_REGLEMENT;EXCLUSIVITES;DATE_FIN_CONTRAT;DATE_DERNIERE_CDE;MONTANT_DERNIERE_CDE;TOP_ARTICLES";

    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Sodiwin", "Fixtures", "clients-200.csv");

    public static Encoding Windows1252
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252);
        }
    }

    /// <summary>A well-formed row for a code, with overridable cells by column name.</summary>
    public static string Row(string code, params (string Column, string Value)[] overrides)
    {
        var cells = new Dictionary<string, string>
        {
            ["CODE_CLIENT"] = code,
            ["RAISON_SOCIALE"] = "Cave " + code,
            ["CATEGORIE"] = "CAVISTE",
            ["TYPE_COMPTE"] = "CLIENT",
            ["ADRESSE_1"] = "1 rue du Port",
            ["ADRESSE_2"] = "",
            ["CODE_POSTAL"] = "75011",
            ["VILLE"] = "Paris",
            ["PAYS"] = "FRANCE",
            ["EMAIL"] = "",
            ["TELEPHONE"] = "",
            ["SOLDE"] = "100,50",
            ["TRANCHE_AGE"] = "0-30",
            ["DATE_DERNIER_REGLEMENT"] = "01/02/2026",
            ["EXCLUSIVITES"] = "",
            ["DATE_FIN_CONTRAT"] = "",
            ["DATE_DERNIERE_CDE"] = "03/04/2026",
            ["MONTANT_DERNIERE_CDE"] = "2000,00",
            ["TOP_ARTICLES"] = "VR0001|VB0002",
        };
        foreach (var (column, value) in overrides)
        {
            cells[column] = value;
        }

        return string.Join(';', Header.Split(';').Select(h => cells[h]));
    }

    public static byte[] Bytes(Encoding encoding, bool bom, string lineEnding, params string[] lines)
    {
        var text = string.Join(lineEnding, lines) + lineEnding;
        var body = encoding.GetBytes(text);
        return bom ? [.. encoding.GetPreamble(), .. body] : body;
    }

    public static byte[] Dump(params string[] rows) => Bytes(Windows1252, bom: false, "\r\n", [Header, .. rows]);
}
