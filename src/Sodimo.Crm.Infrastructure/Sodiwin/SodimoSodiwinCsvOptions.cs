namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>
/// How a Sodiwin client dump is read, bound from <c>Sodimo:Sodiwin:Csv</c>. The defaults read Sodiwin's export as
/// it ships (docs/sodiwin-csv.md).
/// </summary>
public sealed class SodimoSodiwinCsvOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Sodimo:Sodiwin:Csv";

    /// <summary>
    /// <c>auto</c> (default): a UTF-8 or UTF-16 byte order mark wins, else UTF-8 when the start of the file is valid
    /// UTF-8 with non-ASCII bytes, else Windows-1252. Or force <c>utf-8</c> or <c>windows-1252</c>.
    /// </summary>
    public string Encoding { get; set; } = "auto";

    /// <summary>The field separator. Default <c>;</c>.</summary>
    public char Delimiter { get; set; } = ';';

    /// <summary>The separator of list cells (exclusivities, top articles). Default <c>|</c>.</summary>
    public char ListSeparator { get; set; } = '|';

    /// <summary>The date format of date cells (.NET custom format, invariant culture). Default <c>dd/MM/yyyy</c>.</summary>
    public string DateFormat { get; set; } = "dd/MM/yyyy";

    /// <summary>Which header column holds which value.</summary>
    public SodiwinCsvColumns Columns { get; set; } = new();

    /// <summary>Throws when an option cannot work.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        if (Delimiter is '"' or '\r' or '\n' || Delimiter == ListSeparator)
        {
            throw new ArgumentException($"{SectionName}:Delimiter '{Delimiter}' cannot be a quote, a line break or the list separator.");
        }

        if (string.IsNullOrWhiteSpace(DateFormat))
        {
            throw new ArgumentException($"{SectionName}:DateFormat is required.");
        }

        _ = SodiwinEncodingDetector.Parse(Encoding);
        var names = SodiwinCsvColumnMap.Named(Columns);
        foreach (var (field, column) in names)
        {
            if (string.IsNullOrWhiteSpace(column))
            {
                throw new ArgumentException($"{SectionName}:Columns:{field} is empty; every column must be named.");
            }
        }

        var duplicate = names.GroupBy(n => n.Column.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException(
                $"{SectionName}:Columns maps column \"{duplicate.Key}\" to several values ({string.Join(", ", duplicate.Select(d => d.Field))}).");
        }
    }
}
