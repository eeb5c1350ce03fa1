namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>The dump's header resolved against <see cref="SodiwinCsvColumns"/>: one ordinal per value.</summary>
internal sealed class SodiwinCsvColumnMap
{
    internal const int ClientCode = 0;
    internal const int Name = 1;
    internal const int Category = 2;
    internal const int AccountType = 3;
    internal const int AddressStreet1 = 4;
    internal const int AddressStreet2 = 5;
    internal const int AddressPostcode = 6;
    internal const int AddressCity = 7;
    internal const int AddressCountry = 8;
    internal const int Email = 9;
    internal const int Phone = 10;
    internal const int ArBalance = 11;
    internal const int ArAgingBucket = 12;
    internal const int ArLastPaymentAt = 13;
    internal const int BrandExclusivity = 14;
    internal const int BrandContractExpiry = 15;
    internal const int LastOrderDate = 16;
    internal const int LastOrderAmount = 17;
    internal const int LastOrderTopSkus = 18;

    private SodiwinCsvColumnMap(int[] ordinals, string[] columns, IReadOnlyList<string> ignored)
    {
        Ordinals = ordinals;
        Columns = columns;
        Ignored = ignored;
    }

    /// <summary>The header ordinal of each value, indexed by the constants above.</summary>
    public int[] Ordinals { get; }

    /// <summary>The header name of each value, for error messages.</summary>
    public string[] Columns { get; }

    /// <summary>Header columns no value maps to.</summary>
    public IReadOnlyList<string> Ignored { get; }

    /// <summary>The configured column of each value, in ordinal order, named after the option.</summary>
    public static IReadOnlyList<(string Field, string Column)> Named(SodiwinCsvColumns c) =>
    [
        (nameof(c.ClientCode), c.ClientCode),
        (nameof(c.Name), c.Name),
        (nameof(c.Category), c.Category),
        (nameof(c.AccountType), c.AccountType),
        (nameof(c.AddressStreet1), c.AddressStreet1),
        (nameof(c.AddressStreet2), c.AddressStreet2),
        (nameof(c.AddressPostcode), c.AddressPostcode),
        (nameof(c.AddressCity), c.AddressCity),
        (nameof(c.AddressCountry), c.AddressCountry),
        (nameof(c.Email), c.Email),
        (nameof(c.Phone), c.Phone),
        (nameof(c.ArBalance), c.ArBalance),
        (nameof(c.ArAgingBucket), c.ArAgingBucket),
        (nameof(c.ArLastPaymentAt), c.ArLastPaymentAt),
        (nameof(c.BrandExclusivity), c.BrandExclusivity),
        (nameof(c.BrandContractExpiry), c.BrandContractExpiry),
        (nameof(c.LastOrderDate), c.LastOrderDate),
        (nameof(c.LastOrderAmount), c.LastOrderAmount),
        (nameof(c.LastOrderTopSkus), c.LastOrderTopSkus),
    ];

    /// <summary>Resolves the header; every configured column must be present exactly once.</summary>
    /// <exception cref="Domain.Sodiwin.SodiwinDumpException">A column is missing or appears twice.</exception>
    public static SodiwinCsvColumnMap Resolve(IReadOnlyList<string> header, SodiwinCsvColumns columns, string source)
    {
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var repeated = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (!byName.TryAdd(name, i))
            {
                repeated.Add(name);
            }
        }

        var named = Named(columns);
        var ordinals = new int[named.Count];
        var names = new string[named.Count];
        var missing = new List<string>();
        for (var i = 0; i < named.Count; i++)
        {
            var column = named[i].Column.Trim();
            names[i] = column;
            if (repeated.Contains(column, StringComparer.OrdinalIgnoreCase))
            {
                throw new Domain.Sodiwin.SodiwinDumpException(
                    $"{source}: the header has column \"{column}\" more than once; which one holds {named[i].Field} is ambiguous.");
            }

            if (byName.TryGetValue(column, out var ordinal))
            {
                ordinals[i] = ordinal;
            }
            else
            {
                missing.Add(column);
            }
        }

        if (missing.Count > 0)
        {
            throw new Domain.Sodiwin.SodiwinDumpException(
                $"{source}: the header lacks column(s) {string.Join(", ", missing)} (header: {string.Join(";", header)}). "
                + $"Check the file or the column mapping ({SodimoSodiwinCsvOptions.SectionName}:Columns).");
        }

        var mapped = new HashSet<int>(ordinals);
        var ignored = header.Where((_, i) => !mapped.Contains(i)).Select(h => h.Trim()).ToArray();
        return new SodiwinCsvColumnMap(ordinals, names, ignored);
    }
}
