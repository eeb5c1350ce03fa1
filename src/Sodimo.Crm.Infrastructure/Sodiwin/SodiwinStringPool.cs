namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>
/// Shares the strings of cells that repeat across a dump (categories, cities, brands, article codes), so reading
/// 100,000 rows does not allocate the same short strings 100,000 times. Bounded: past its capacity it allocates.
/// </summary>
internal sealed class SodiwinStringPool
{
    private const int Capacity = 50_000;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SodiwinStringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The pooled string equal to <paramref name="value"/>.</summary>
    public string Get(ReadOnlySpan<char> value)
    {
        if (_lookup.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        var created = value.ToString();
        if (_strings.Count < Capacity)
        {
            _strings.Add(created, created);
        }

        return created;
    }
}
