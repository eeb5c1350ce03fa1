using System.Globalization;
using System.Text;
using Sodimo.Crm.Application.Common.Ports;

namespace Sodimo.Crm.Infrastructure.Sodiwin.Push;

/// <summary>
/// Writes an order file in Sodiwin's dump conventions: <c>;</c> separated, Windows-1252, decimal comma,
/// CRLF, a header line, fields quoted with <c>"</c> when they hold a separator, quote or line break.
/// </summary>
internal static class SodiwinOrderCsv
{
    /// <summary>The header line's columns, in order.</summary>
    public static readonly string[] Columns =
        ["cle_idempotence", "document", "code_client", "id_affaire", "nom_affaire", "etape", "montant", "devise", "numero_commande"];

    /// <summary>The file's bytes (Windows-1252; characters it lacks become <c>?</c>).</summary>
    public static byte[] Write(SodiwinOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var text = new StringBuilder();
        text.AppendJoin(';', Columns).Append("\r\n");
        string?[] values =
        [
            order.IdempotencyKey,
            DocumentName(order.Kind),
            order.ClientCode,
            order.DealId,
            order.DealName,
            order.Stage,
            order.Amount?.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ','),
            order.Currency,
            order.NumeroCommande,
        ];
        text.AppendJoin(';', values.Select(Quote)).Append("\r\n");
        return SodiwinEncodingDetector.Windows1252.GetBytes(text.ToString());
    }

    /// <summary>The file name for an order: stable per idempotency key, so a retry replaces the same file.</summary>
    public static string FileName(SodiwinOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var safe = new StringBuilder();
        foreach (var c in order.IdempotencyKey)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return $"{DocumentName(order.Kind)}_{safe}.csv";
    }

    /// <summary>The document kind as Sodiwin names it.</summary>
    public static string DocumentName(SodiwinDocumentKind kind) => kind switch
    {
        SodiwinDocumentKind.Devis => "devis",
        SodiwinDocumentKind.Commande => "commande",
        SodiwinDocumentKind.Facture => "facture",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown document kind."),
    };

    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.AsSpan().IndexOfAny(";\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
