using System.Text;
using Sodimo.Crm.Domain.Schema;
using Sodimo.Crm.Domain.Sodiwin;
using Sylvan.Data.Csv;

namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>
/// Reads a Sodiwin client dump (docs/sodiwin-csv.md): Windows-1252 or UTF-8 (byte order mark or not), detected;
/// <c>;</c>-separated; quoted fields that hold separators, quotes or line breaks; decimal comma; <c>dd/MM/yyyy</c>;
/// <c>|</c>-separated lists. A bad row is reported with its line number and reason, and reading goes on.
/// </summary>
public sealed class SodiwinCsvReader
{
    private readonly SodimoSodiwinCsvOptions _options;
    private readonly Encoding? _forcedEncoding;
    private readonly Dictionary<string, string> _agingBuckets;

    /// <summary>Creates a reader.</summary>
    /// <param name="options">The format and column mapping; the defaults read Sodiwin's export as it ships.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SodiwinCsvReader(SodimoSodiwinCsvOptions? options = null)
    {
        _options = options ?? new SodimoSodiwinCsvOptions();
        _options.Validate();
        _forcedEncoding = SodiwinEncodingDetector.Parse(_options.Encoding);

        // An aging bucket must map to an option of the schema's SELECT, or Twenty would refuse the whole batch.
        _agingBuckets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in SodimoSchema.Current.GetField(SodimoObjectNames.Company, "ar_aging_bucket").Options)
        {
            _agingBuckets[option.Value] = option.Value;
            if (option.SourceValue is { } source)
            {
                _agingBuckets[source] = option.Value;
            }
        }
    }

    /// <summary>Reads a dump file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The clients and the rejected rows.</returns>
    /// <exception cref="SodiwinDumpException">The file is missing, unreadable, or lacks a mapped column.</exception>
    public SodiwinDump ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new SodiwinDumpException($"{path}: cannot open the Sodiwin dump ({e.Message}).", e);
        }

        using (stream)
        {
            return Read(stream, path);
        }
    }

    /// <summary>Reads a dump from a stream.</summary>
    /// <param name="stream">The dump's bytes; read from its current position.</param>
    /// <param name="source">The name used in messages and in <see cref="SodiwinDump.Source"/>.</param>
    /// <returns>The clients and the rejected rows.</returns>
    /// <exception cref="SodiwinDumpException">The dump has no header or lacks a mapped column.</exception>
    public SodiwinDump Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var (encoding, text) = OpenText(stream);
        using (text)
        {
            return Parse(text, encoding, source);
        }
    }

    private (Encoding Encoding, TextReader Reader) OpenText(Stream stream)
    {
        var head = new byte[SodiwinEncodingDetector.SampleSize];
        var read = 0;
        while (read < head.Length)
        {
            var n = stream.Read(head, read, head.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var isWholeFile = read < head.Length;
        var (detected, preamble) = SodiwinEncodingDetector.Detect(head.AsSpan(0, read), isWholeFile);
        var encoding = _forcedEncoding ?? detected;
        if (_forcedEncoding is not null && !ReferenceEquals(_forcedEncoding, detected))
        {
            // A forced encoding still skips a UTF-8 byte order mark, never a UTF-16 one (those would be nonsense).
            preamble = preamble == 3 && _forcedEncoding.CodePage == Encoding.UTF8.CodePage ? 3 : 0;
        }

        // Stitch the sampled bytes back in front of the rest of the stream (works for unseekable streams too).
        var rest = new PrefixedStream(head.AsMemory(preamble, read - preamble), stream);
        return (encoding, new StreamReader(rest, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024));
    }

    private SodiwinDump Parse(TextReader text, Encoding encoding, string source)
    {
        var csvOptions = new CsvDataReaderOptions
        {
            Delimiter = _options.Delimiter,
            Quote = '"',
            HasHeaders = true,
            BufferSize = 64 * 1024,
            // A cell may be large (a pasted note); Sylvan grows its buffer up to this, then reports the record.
            MaxBufferSize = 4 * 1024 * 1024,
        };

        CsvDataReader csv;
        try
        {
            csv = CsvDataReader.Create(text, csvOptions);
        }
        catch (Exception e) when (e is CsvFormatException or CsvMissingHeadersException)
        {
            throw new SodiwinDumpException($"{source}: the dump is empty or its header line cannot be read ({e.Message}).", e);
        }

        using (csv)
        {
            if (csv.FieldCount == 0 || (csv.FieldCount == 1 && string.IsNullOrWhiteSpace(csv.GetName(0))))
            {
                throw new SodiwinDumpException($"{source}: the dump is empty (no header line).");
            }

            var header = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
            var map = SodiwinCsvColumnMap.Resolve(header, _options.Columns, source);
            var clients = new List<SodiwinClient>();
            var errors = new List<SodiwinRowError>();
            var records = 0;
            var line = 2; // line 1 is the header
            var problems = new List<(SodiwinRowErrorKind Kind, string Reason)>();
            var pool = new SodiwinStringPool();
            while (true)
            {
                try
                {
                    if (!csv.Read())
                    {
                        break;
                    }
                }
                catch (CsvFormatException e)
                {
                    records++;
                    errors.Add(new SodiwinRowError(line, SodiwinRowErrorKind.MalformedRecord,
                        $"malformed record ({e.Message}); the rest of the dump cannot be read reliably and is skipped."));
                    break;
                }

                var startLine = line;
                line += CountLines(csv.GetRawRecordSpan());
                if (csv.RowFieldCount <= 1 && csv.GetFieldSpan(0).IsWhiteSpace())
                {
                    continue; // a blank line is not a record
                }

                records++;
                problems.Clear();
                var client = ParseRow(csv, map, startLine, problems, pool);
                if (problems.Count == 0 && client is not null)
                {
                    clients.Add(client);
                }
                else
                {
                    var code = map.Ordinals[SodiwinCsvColumnMap.ClientCode] < csv.RowFieldCount
                        ? SodiwinClientCode.Normalize(csv.GetString(map.Ordinals[SodiwinCsvColumnMap.ClientCode]))
                        : null;
                    errors.Add(new SodiwinRowError(startLine, problems[0].Kind, string.Join("; ", problems.Select(p => p.Reason)),
                        string.IsNullOrEmpty(code) ? null : code));
                }
            }

            return new SodiwinDump
            {
                Source = source,
                Clients = clients,
                Errors = errors,
                RecordCount = records,
                Encoding = encoding.WebName,
                IgnoredColumns = map.Ignored,
            };
        }
    }

    private SodiwinClient? ParseRow(
        CsvDataReader csv, SodiwinCsvColumnMap map, int line, List<(SodiwinRowErrorKind, string)> problems, SodiwinStringPool pool)
    {
        var expected = csv.FieldCount;
        if (csv.RowFieldCount < expected)
        {
            problems.Add((SodiwinRowErrorKind.ShortRow, $"short row: {csv.RowFieldCount} field(s) where the header has {expected}"));
            return null;
        }

        if (csv.RowFieldCount > expected)
        {
            problems.Add((SodiwinRowErrorKind.LongRow,
                $"long row: {csv.RowFieldCount} fields where the header has {expected} (an unquoted '{_options.Delimiter}'?)"));
            return null;
        }

        var o = map.Ordinals;
        var rawCode = csv.GetFieldSpan(o[SodiwinCsvColumnMap.ClientCode]).Trim();
        string code = string.Empty;
        if (rawCode.IsEmpty)
        {
            problems.Add((SodiwinRowErrorKind.MissingKey, $"missing key: {map.Columns[SodiwinCsvColumnMap.ClientCode]} is empty"));
        }
        else
        {
            code = SodiwinClientCode.Normalize(rawCode.ToString());
            if (!SodiwinClientCode.IsValid(code))
            {
                problems.Add((SodiwinRowErrorKind.InvalidKey,
                    $"invalid key: {map.Columns[SodiwinCsvColumnMap.ClientCode]} \"{rawCode}\" is not a client code "
                    + $"(1-{SodiwinClientCode.MaxLength} of A-Z 0-9 _ . -)"));
            }
        }

        var client = new SodiwinClient
        {
            LineNumber = line,
            ClientCode = code,
            Name = Text(csv, o[SodiwinCsvColumnMap.Name]),
            Category = Pooled(csv, o[SodiwinCsvColumnMap.Category], pool),
            AccountType = Pooled(csv, o[SodiwinCsvColumnMap.AccountType], pool),
            AddressStreet1 = Text(csv, o[SodiwinCsvColumnMap.AddressStreet1]),
            AddressStreet2 = Text(csv, o[SodiwinCsvColumnMap.AddressStreet2]),
            AddressPostcode = Pooled(csv, o[SodiwinCsvColumnMap.AddressPostcode], pool),
            AddressCity = Pooled(csv, o[SodiwinCsvColumnMap.AddressCity], pool),
            AddressCountry = Pooled(csv, o[SodiwinCsvColumnMap.AddressCountry], pool),
            Email = Text(csv, o[SodiwinCsvColumnMap.Email]),
            Phone = Text(csv, o[SodiwinCsvColumnMap.Phone]),
            ArBalance = Number(csv, map, SodiwinCsvColumnMap.ArBalance, problems),
            ArAgingBucket = AgingBucket(csv, map, problems, pool),
            ArLastPaymentAt = Date(csv, map, SodiwinCsvColumnMap.ArLastPaymentAt, problems),
            BrandExclusivity = List(csv, o[SodiwinCsvColumnMap.BrandExclusivity], pool),
            BrandContractExpiry = Date(csv, map, SodiwinCsvColumnMap.BrandContractExpiry, problems),
            LastOrderDate = Date(csv, map, SodiwinCsvColumnMap.LastOrderDate, problems),
            LastOrderAmount = Number(csv, map, SodiwinCsvColumnMap.LastOrderAmount, problems),
            LastOrderTopSkus = List(csv, o[SodiwinCsvColumnMap.LastOrderTopSkus], pool),
        };
        return client;
    }

    private static string? Text(CsvDataReader csv, int ordinal)
    {
        var span = csv.GetFieldSpan(ordinal).Trim();
        return span.IsEmpty ? null : span.ToString();
    }

    private static string? Pooled(CsvDataReader csv, int ordinal, SodiwinStringPool pool)
    {
        var span = csv.GetFieldSpan(ordinal).Trim();
        return span.IsEmpty ? null : pool.Get(span);
    }

    private static decimal? Number(CsvDataReader csv, SodiwinCsvColumnMap map, int field, List<(SodiwinRowErrorKind, string)> problems)
    {
        var span = csv.GetFieldSpan(map.Ordinals[field]).Trim();
        if (span.IsEmpty)
        {
            return null;
        }

        if (SodiwinValueParser.TryParseDecimal(span, out var value))
        {
            return value;
        }

        problems.Add((SodiwinRowErrorKind.InvalidNumber, $"unparseable number: {map.Columns[field]} \"{span}\""));
        return null;
    }

    private DateOnly? Date(CsvDataReader csv, SodiwinCsvColumnMap map, int field, List<(SodiwinRowErrorKind, string)> problems)
    {
        var span = csv.GetFieldSpan(map.Ordinals[field]).Trim();
        if (span.IsEmpty)
        {
            return null;
        }

        if (SodiwinValueParser.TryParseDate(span, _options.DateFormat, out var value))
        {
            return value;
        }

        problems.Add((SodiwinRowErrorKind.InvalidDate, $"unparseable date: {map.Columns[field]} \"{span}\" (expected {_options.DateFormat})"));
        return null;
    }

    private string? AgingBucket(CsvDataReader csv, SodiwinCsvColumnMap map, List<(SodiwinRowErrorKind, string)> problems, SodiwinStringPool pool)
    {
        var span = csv.GetFieldSpan(map.Ordinals[SodiwinCsvColumnMap.ArAgingBucket]).Trim();
        if (span.IsEmpty)
        {
            return null;
        }

        var text = pool.Get(span);
        if (_agingBuckets.ContainsKey(text))
        {
            return text;
        }

        problems.Add((SodiwinRowErrorKind.InvalidValue,
            $"unknown aging bucket: {map.Columns[SodiwinCsvColumnMap.ArAgingBucket]} \"{text}\" (known: NON_ECHU, 0-30, 31-60, 61-90, 90+)"));
        return null;
    }

    private string[] List(CsvDataReader csv, int ordinal, SodiwinStringPool pool)
    {
        var span = csv.GetFieldSpan(ordinal).Trim();
        if (span.IsEmpty)
        {
            return [];
        }

        var nonEmpty = 0;
        foreach (var range in span.Split(_options.ListSeparator))
        {
            nonEmpty += span[range].IsWhiteSpace() ? 0 : 1;
        }

        var items = new string[nonEmpty];
        var i = 0;
        foreach (var range in span.Split(_options.ListSeparator))
        {
            var item = span[range].Trim();
            if (!item.IsEmpty)
            {
                items[i++] = pool.Get(item);
            }
        }

        return items;
    }

    private static int CountLines(ReadOnlySpan<char> raw)
    {
        // The raw record includes its line ending; quoted line breaks inside it count too. CR-only files count CRs.
        var lf = raw.Count('\n');
        return lf > 0 ? lf : Math.Max(1, raw.Count('\r'));
    }
}
