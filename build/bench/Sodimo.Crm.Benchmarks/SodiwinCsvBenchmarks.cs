using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Sodimo.Crm.Infrastructure.Sodiwin;
using Sylvan.Data.Csv;

namespace Sodimo.Crm.Benchmarks;

/// <summary>
/// Parse rate of a 100,000-row Sodiwin dump (Windows-1252, the export's 19 columns, some quoted names, thousands
/// separators): <see cref="SodiwinCsvReader"/> against a bare Sylvan pass that touches every field (the baseline).
/// Rows per second = 100,000 / mean. Figures in docs/benchmarks/sodiwin-csv.md.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class SodiwinCsvBenchmarks
{
    private const int Rows = 100_000;
    private byte[] _dump = [];
    private SodiwinCsvReader _reader = null!;

    /// <summary>Generates the dump once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dump = Generate(Rows);
        _reader = new SodiwinCsvReader();
    }

    /// <summary>Sylvan alone: decode, split, and read every field as a span.</summary>
    [Benchmark(Baseline = true)]
    public long RawSylvan()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var text = new StreamReader(new MemoryStream(_dump), Encoding.GetEncoding(1252));
        using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { Delimiter = ';', HasHeaders = true, BufferSize = 64 * 1024 });
        long chars = 0;
        while (csv.Read())
        {
            for (var i = 0; i < csv.RowFieldCount; i++)
            {
                chars += csv.GetFieldSpan(i).Length;
            }
        }

        return chars;
    }

    /// <summary>The product reader: detection, typing, validation, row objects.</summary>
    [Benchmark]
    public int SodiwinReader()
    {
        var dump = _reader.Read(new MemoryStream(_dump), "bench.csv");
        if (dump.Clients.Count != Rows)
        {
            throw new InvalidOperationException($"Expected {Rows} clients, read {dump.Clients.Count} ({dump.Errors.Count} errors).");
        }

        return dump.Clients.Count;
    }

    /// <summary>A dump in the export's format with <paramref name="rows"/> distinct clients.</summary>
    /// <param name="rows">How many rows.</param>
    /// <returns>Windows-1252 bytes, CRLF.</returns>
    public static byte[] Generate(int rows)
    {
        var random = new Random(42);
        string[] names = ["Cave", "Hôtel", "Bistrot", "Épicerie", "Maison", "Comptoir"];
        string[] places = ["des Halles", "Le Zinc", "Bellecour", "du Port", "Saint-Éloi"];
        string[] buckets = ["NON_ECHU", "0-30", "31-60", "61-90", "90+"];
        var french = new NumberFormatInfo { NumberDecimalSeparator = ",", NumberGroupSeparator = " " };
        var sb = new StringBuilder(rows * 220);
        sb.Append("CODE_CLIENT;RAISON_SOCIALE;CATEGORIE;TYPE_COMPTE;ADRESSE_1;ADRESSE_2;CODE_POSTAL;VILLE;PAYS;EMAIL;TELEPHONE;SOLDE;")
            .Append("TRANCHE_AGE;DATE_DERNIER_REGLEMENT;EXCLUSIVITES;DATE_FIN_CONTRAT;DATE_DERNIERE_CDE;MONTANT_DERNIERE_CDE;TOP_ARTICLES\r\n");
        for (var i = 0; i < rows; i++)
        {
            var name = $"{names[random.Next(names.Length)]} {places[random.Next(places.Length)]}";
            if (i % 15 == 0)
            {
                name = $"\"{name} ; Fils & Cie\"";
            }

            var balance = random.Next(0, 4) == 0 ? "0,00" : (random.Next(-50_000, 5_000_000) / 100m).ToString("#,0.00", french);
            var amount = (random.Next(100, 4_000_000) / 100m).ToString("0.00", french);
            sb.Append(CultureInfo.InvariantCulture, $"C{100000 + i};{name};CAVISTE;CLIENT;{random.Next(1, 120)} rue du Port;;75011;Paris;FRANCE;")
                .Append(CultureInfo.InvariantCulture, $"contact{i}@exemple.fr;+33 1 23 45 67 89;{balance};{buckets[random.Next(5)]};")
                .Append(CultureInfo.InvariantCulture, $"{random.Next(1, 29):00}/{random.Next(1, 13):00}/2026;Domaine Éole|Saké Hanami;")
                .Append(CultureInfo.InvariantCulture, $"{random.Next(1, 29):00}/{random.Next(1, 13):00}/2028;{random.Next(1, 29):00}/{random.Next(1, 13):00}/2025;")
                .Append(amount).Append(";VR0020|VR0045|SP0046\r\n");
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252).GetBytes(sb.ToString());
    }

    /// <summary>
    /// In process (no per-job rebuild: on a shared 2-core machine the generated project does not build within
    /// BenchmarkDotNet's timeout), 2 warm-ups and 8 measured iterations.
    /// </summary>
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(8));
    }
}
