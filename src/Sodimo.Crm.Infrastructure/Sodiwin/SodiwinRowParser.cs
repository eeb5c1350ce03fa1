using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Domain.Sodiwin;

namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>The cells of one Sodiwin row as text, indexed by the value constants of <see cref="SodiwinCsvColumnMap"/>.</summary>
internal interface ISodiwinCells
{
    /// <summary>The raw cell of a value (untrimmed; empty when the source has no value).</summary>
    ReadOnlySpan<char> this[int field] { get; }
}

/// <summary>
/// Turns the text cells of one Sodiwin row into a <see cref="SodiwinClient"/>, or into the problems that reject it:
/// the value conventions of docs/sodiwin-csv.md (trimmed text, decimal comma, <c>dd/MM/yyyy</c>, <c>|</c> lists,
/// the client-code pattern, the five aging buckets). Shared by the CSV dump and the ETL staging table, so both read a
/// value the same way and reject a bad one with the same reason.
/// </summary>
internal sealed class SodiwinRowParser
{
    // An aging bucket must map to an option of the schema's SELECT, or Twenty would refuse the whole batch.
    private static readonly Dictionary<string, string> AgingBuckets = CreateAgingBuckets();

    private readonly string _dateFormat;
    private readonly char _listSeparator;
    private readonly string[] _columns;

    /// <summary>Creates a parser.</summary>
    /// <param name="dateFormat">The date format (<c>dd/MM/yyyy</c>).</param>
    /// <param name="listSeparator">The list separator (<c>|</c>).</param>
    /// <param name="columns">The column name of each value, for the reasons.</param>
    public SodiwinRowParser(string dateFormat, char listSeparator, string[] columns)
    {
        _dateFormat = dateFormat;
        _listSeparator = listSeparator;
        _columns = columns;
    }

    /// <summary>Parses a row; <paramref name="problems"/> receives every reason it is rejected (none when it parses).</summary>
    /// <typeparam name="TCells">The row's cells.</typeparam>
    /// <param name="cells">The row.</param>
    /// <param name="line">The row's line number (CSV) or row number (staging table).</param>
    /// <param name="problems">Receives the problems, in column order.</param>
    /// <param name="pool">Shares repeated strings.</param>
    /// <returns>The client (meaningful only when no problem was added).</returns>
    public SodiwinClient Parse<TCells>(TCells cells, int line, List<(SodiwinRowErrorKind Kind, string Reason)> problems, SodiwinStringPool pool)
        where TCells : ISodiwinCells
    {
        var rawCode = cells[SodiwinCsvColumnMap.ClientCode].Trim();
        var code = string.Empty;
        if (rawCode.IsEmpty)
        {
            problems.Add((SodiwinRowErrorKind.MissingKey, $"missing key: {_columns[SodiwinCsvColumnMap.ClientCode]} is empty"));
        }
        else
        {
            code = SodiwinClientCode.Normalize(rawCode.ToString());
            if (!SodiwinClientCode.IsValid(code))
            {
                problems.Add((SodiwinRowErrorKind.InvalidKey,
                    $"invalid key: {_columns[SodiwinCsvColumnMap.ClientCode]} \"{rawCode}\" is not a client code "
                    + $"(1-{SodiwinClientCode.MaxLength} of A-Z 0-9 _ . -)"));
            }
        }

        return new SodiwinClient
        {
            LineNumber = line,
            ClientCode = code,
            Name = Text(cells[SodiwinCsvColumnMap.Name]),
            Category = Pooled(cells[SodiwinCsvColumnMap.Category], pool),
            AccountType = Pooled(cells[SodiwinCsvColumnMap.AccountType], pool),
            AddressStreet1 = Text(cells[SodiwinCsvColumnMap.AddressStreet1]),
            AddressStreet2 = Text(cells[SodiwinCsvColumnMap.AddressStreet2]),
            AddressPostcode = Pooled(cells[SodiwinCsvColumnMap.AddressPostcode], pool),
            AddressCity = Pooled(cells[SodiwinCsvColumnMap.AddressCity], pool),
            AddressCountry = Pooled(cells[SodiwinCsvColumnMap.AddressCountry], pool),
            Email = Text(cells[SodiwinCsvColumnMap.Email]),
            Phone = Text(cells[SodiwinCsvColumnMap.Phone]),
            ArBalance = Number(cells[SodiwinCsvColumnMap.ArBalance], SodiwinCsvColumnMap.ArBalance, problems),
            ArAgingBucket = AgingBucket(cells[SodiwinCsvColumnMap.ArAgingBucket], problems, pool),
            ArLastPaymentAt = Date(cells[SodiwinCsvColumnMap.ArLastPaymentAt], SodiwinCsvColumnMap.ArLastPaymentAt, problems),
            BrandExclusivity = List(cells[SodiwinCsvColumnMap.BrandExclusivity], pool),
            BrandContractExpiry = Date(cells[SodiwinCsvColumnMap.BrandContractExpiry], SodiwinCsvColumnMap.BrandContractExpiry, problems),
            LastOrderDate = Date(cells[SodiwinCsvColumnMap.LastOrderDate], SodiwinCsvColumnMap.LastOrderDate, problems),
            LastOrderAmount = Number(cells[SodiwinCsvColumnMap.LastOrderAmount], SodiwinCsvColumnMap.LastOrderAmount, problems),
            LastOrderTopSkus = List(cells[SodiwinCsvColumnMap.LastOrderTopSkus], pool),
        };
    }

    private static string? Text(ReadOnlySpan<char> cell)
    {
        var span = cell.Trim();
        return span.IsEmpty ? null : span.ToString();
    }

    private static string? Pooled(ReadOnlySpan<char> cell, SodiwinStringPool pool)
    {
        var span = cell.Trim();
        return span.IsEmpty ? null : pool.Get(span);
    }

    private decimal? Number(ReadOnlySpan<char> cell, int field, List<(SodiwinRowErrorKind, string)> problems)
    {
        var span = cell.Trim();
        if (span.IsEmpty)
        {
            return null;
        }

        if (SodiwinValueParser.TryParseDecimal(span, out var value))
        {
            return value;
        }

        problems.Add((SodiwinRowErrorKind.InvalidNumber, $"unparseable number: {_columns[field]} \"{span}\""));
        return null;
    }

    private DateOnly? Date(ReadOnlySpan<char> cell, int field, List<(SodiwinRowErrorKind, string)> problems)
    {
        var span = cell.Trim();
        if (span.IsEmpty)
        {
            return null;
        }

        if (SodiwinValueParser.TryParseDate(span, _dateFormat, out var value))
        {
            return value;
        }

        problems.Add((SodiwinRowErrorKind.InvalidDate, $"unparseable date: {_columns[field]} \"{span}\" (expected {_dateFormat})"));
        return null;
    }

    private string? AgingBucket(ReadOnlySpan<char> cell, List<(SodiwinRowErrorKind, string)> problems, SodiwinStringPool pool)
    {
        var span = cell.Trim();
        if (span.IsEmpty)
        {
            return null;
        }

        var text = pool.Get(span);
        if (AgingBuckets.ContainsKey(text))
        {
            return text;
        }

        problems.Add((SodiwinRowErrorKind.InvalidValue,
            $"unknown aging bucket: {_columns[SodiwinCsvColumnMap.ArAgingBucket]} \"{text}\" (known: NON_ECHU, 0-30, 31-60, 61-90, 90+)"));
        return null;
    }

    private string[] List(ReadOnlySpan<char> cell, SodiwinStringPool pool)
    {
        var span = cell.Trim();
        if (span.IsEmpty)
        {
            return [];
        }

        var nonEmpty = 0;
        foreach (var range in span.Split(_listSeparator))
        {
            nonEmpty += span[range].IsWhiteSpace() ? 0 : 1;
        }

        var items = new string[nonEmpty];
        var i = 0;
        foreach (var range in span.Split(_listSeparator))
        {
            var item = span[range].Trim();
            if (!item.IsEmpty)
            {
                items[i++] = pool.Get(item);
            }
        }

        return items;
    }

    private static Dictionary<string, string> CreateAgingBuckets()
    {
        var buckets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in SodimoSchema.Current.GetField(SodimoObjectNames.Company, "ar_aging_bucket").Options)
        {
            buckets[option.Value] = option.Value;
            if (option.SourceValue is { } source)
            {
                buckets[source] = option.Value;
            }
        }

        return buckets;
    }
}
