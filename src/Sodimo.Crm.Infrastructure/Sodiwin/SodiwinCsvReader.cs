using System.Text;
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

    /// <summary>Creates a reader.</summary>
    /// <param name="options">The format and column mapping; the defaults read Sodiwin's export as it ships.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SodiwinCsvReader(SodimoSodiwinCsvOptions? options = null)
    {
        _options = options ?? new SodimoSodiwinCsvOptions();
        _options.Validate();
        _forcedEncoding = SodiwinEncodingDetector.Parse(_options.Encoding);
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
            var rowParser = new SodiwinRowParser(_options.DateFormat, _options.ListSeparator, map.Columns);
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
                var client = ParseRow(csv, map, rowParser, startLine, problems, pool);
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
        CsvDataReader csv, SodiwinCsvColumnMap map, SodiwinRowParser rowParser, int line, List<(SodiwinRowErrorKind, string)> problems, SodiwinStringPool pool)
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

        return rowParser.Parse(new CsvCells(csv, map.Ordinals), line, problems, pool);
    }

    private static int CountLines(ReadOnlySpan<char> raw)
    {
        // The raw record includes its line ending; quoted line breaks inside it count too. CR-only files count CRs.
        var lf = raw.Count('\n');
        return lf > 0 ? lf : Math.Max(1, raw.Count('\r'));
    }

    /// <summary>The cells of the current CSV record, by value.</summary>
    private readonly struct CsvCells(CsvDataReader csv, int[] ordinals) : ISodiwinCells
    {
        public ReadOnlySpan<char> this[int field] => csv.GetFieldSpan(ordinals[field]);
    }
}
