using System.Text;
using System.Text.Json;

namespace Sodimo.Crm.Infrastructure.Twenty;

/// <summary>
/// Reads Twenty's REST envelopes (<c>{ data: { plural: [...] }, pageInfo, totalCount }</c> and
/// <c>{ data: { singular: {...} } }</c>) with a <see cref="Utf8JsonReader"/>, handing each record to a
/// <see cref="TwentyRecordReader{T}"/>. Every method declines (returns <see langword="false"/>) rather than guess:
/// on malformed JSON, a missing or misshapen envelope, a duplicated envelope key, a cursor that is not a string, or
/// a record its reader declines. The caller then reads the answer as a <see cref="System.Text.Json.Nodes.JsonObject"/>,
/// which gives the result or the error it always gave.
/// </summary>
internal static class TwentyTypedReading
{
    /// <summary>Reads a list answer.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="json">The body (without byte order mark).</param>
    /// <param name="plural">The key of the records under <c>data</c>.</param>
    /// <param name="read">Reads one record.</param>
    /// <param name="page">The page, when read.</param>
    /// <returns>Whether the answer was read.</returns>
    public static bool TryReadPage<T>(ReadOnlySpan<byte> json, string plural, TwentyRecordReader<T> read, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TwentyTypedPage<T>? page)
    {
        page = null;
        Span<int> rootKeys = stackalloc int[KeyGuardSlots];
        Span<int> dataKeys = stackalloc int[KeyGuardSlots];
        var root = new KeyGuard(rootKeys);
        var data = new KeyGuard(dataKeys);
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;

            List<T>? records = null;
            int? total = null;
            var pageInfo = new TwentyPageInfo(false, false, null, null);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!root.Add(Name(ref reader)))
                    return false;
                if (reader.ValueTextEquals(TwentyEnvelope.DataUtf8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                        return false;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (!data.Add(Name(ref reader)))
                            return false;
                        if (!reader.ValueTextEquals(plural))
                        {
                            SkipValue(ref reader);
                            continue;
                        }

                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartArray)
                            return false;
                        records = [];
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType != JsonTokenType.StartObject || !read(ref reader, out var record, out _))
                                return false;
                            records.Add(record);
                        }
                    }

                    if (records is null)
                        return false;
                }
                else if (reader.ValueTextEquals(TwentyEnvelope.PageInfoUtf8))
                {
                    if (!TryReadPageInfo(ref reader, ref pageInfo))
                        return false;
                }
                else if (reader.ValueTextEquals(TwentyEnvelope.TotalCountUtf8))
                {
                    reader.Read();
                    total = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) ? n : null;
                    reader.Skip();
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            if (!AtEnd(ref reader) || records is null)
                return false;
            page = new TwentyTypedPage<T>(records.ToArray(), total ?? records.Count, pageInfo);
            return true;
        }
        catch (Exception ex) when (Declined(ex))
        {
            page = null;
            return false;
        }
    }

    /// <summary>Reads a one-record answer.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="json">The body (without byte order mark).</param>
    /// <param name="singular">The key of the record under <c>data</c>.</param>
    /// <param name="read">Reads the record.</param>
    /// <param name="record">The record, when read.</param>
    /// <param name="deleted">Whether it is soft-deleted.</param>
    /// <returns>Whether the answer was read.</returns>
    public static bool TryReadOne<T>(ReadOnlySpan<byte> json, string singular, TwentyRecordReader<T> read, out T? record, out bool deleted)
    {
        record = default;
        deleted = false;
        Span<int> rootKeys = stackalloc int[KeyGuardSlots];
        Span<int> dataKeys = stackalloc int[KeyGuardSlots];
        var root = new KeyGuard(rootKeys);
        var data = new KeyGuard(dataKeys);
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;

            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!root.Add(Name(ref reader)))
                    return false;
                if (!reader.ValueTextEquals(TwentyEnvelope.DataUtf8))
                {
                    SkipValue(ref reader);
                    continue;
                }

                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                    return false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!data.Add(Name(ref reader)))
                        return false;
                    if (!reader.ValueTextEquals(singular))
                    {
                        SkipValue(ref reader);
                        continue;
                    }

                    found = true;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject || !read(ref reader, out var one, out deleted))
                        return false;
                    record = one;
                }
            }

            return AtEnd(ref reader) && found;
        }
        catch (Exception ex) when (Declined(ex))
        {
            record = default;
            deleted = false;
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="ex"/>, thrown while reading, means "read it the <c>JsonObject</c> way" (malformed JSON,
    /// invalid UTF-8, a number out of range): that reading then raises or answers what it always did.
    /// </summary>
    /// <param name="ex">The exception.</param>
    /// <returns>Whether to decline.</returns>
    public static bool Declined(Exception ex) => ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException;

    /// <summary>Twenty's property name under the reader as UTF-8 bytes, unescaped.</summary>
    /// <param name="reader">The reader, on a property name.</param>
    /// <returns>The name.</returns>
    public static ReadOnlySpan<byte> Name(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    // The root object has ended and only whitespace follows it.
    private static bool AtEnd(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read();

    // pageInfo: { hasNextPage, hasPreviousPage, startCursor, endCursor }; a value that is not an object is ignored, as
    // the JsonObject reading ignores it. Declines on a duplicated key or a cursor that is not a string.
    private static bool TryReadPageInfo(ref Utf8JsonReader reader, ref TwentyPageInfo pageInfo)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return true;
        }

        Span<int> keys = stackalloc int[KeyGuardSlots];
        var guard = new KeyGuard(keys);
        bool hasNext = false, hasPrevious = false;
        string? start = null, end = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!guard.Add(Name(ref reader)))
                return false;
            if (reader.ValueTextEquals(TwentyEnvelope.HasNextPageUtf8))
                hasNext = ReadBool(ref reader);
            else if (reader.ValueTextEquals(TwentyEnvelope.HasPreviousPageUtf8))
                hasPrevious = ReadBool(ref reader);
            else if (reader.ValueTextEquals(TwentyEnvelope.StartCursorUtf8))
            {
                if (!TryReadCursor(ref reader, out start))
                    return false;
            }
            else if (reader.ValueTextEquals(TwentyEnvelope.EndCursorUtf8))
            {
                if (!TryReadCursor(ref reader, out end))
                    return false;
            }
            else
                SkipValue(ref reader);
        }

        pageInfo = new TwentyPageInfo(hasNext, hasPrevious, start, end);
        return true;
    }

    // Moves past the value of the property name under the reader.
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    // JsonValue.TryGetValue<bool>: true only for a JSON true.
    private static bool ReadBool(ref Utf8JsonReader reader)
    {
        reader.Read();
        var value = reader.TokenType == JsonTokenType.True;
        reader.Skip();
        return value;
    }

    // TwentyWire.AsString: a string as is, null or an object/array as null; a number or boolean (its JSON text there) declines.
    private static bool TryReadCursor(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value = reader.GetString();
                return true;
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return true;
            default:
                return false;
        }
    }

    /// <summary>The property-name slots a <see cref="KeyGuard"/> needs (stack-allocated by the caller).</summary>
    public const int KeyGuardSlots = 256;
}

/// <summary>
/// Notices a property name seen twice in one JSON object (by hash: a collision also counts, which only costs a
/// fall-back). A <c>JsonObject</c> throws on a duplicated key as soon as it is indexed; the typed readers decline
/// instead, so the <c>JsonObject</c> reading raises exactly what it always raised.
/// </summary>
internal ref struct KeyGuard
{
    private readonly Span<int> _slots;
    private int _count;

    /// <summary>Creates a guard over cleared slots.</summary>
    /// <param name="slots"><see cref="TwentyTypedReading.KeyGuardSlots"/> zeroed ints.</param>
    public KeyGuard(Span<int> slots)
    {
        _slots = slots;
        _count = 0;
    }

    /// <summary>Adds a property name; <see langword="false"/> when it (or its hash) was seen, or the object has too many keys.</summary>
    /// <param name="name">The unescaped UTF-8 name.</param>
    /// <returns>Whether the name is new.</returns>
    public bool Add(scoped ReadOnlySpan<byte> name)
    {
        if (++_count > _slots.Length * 3 / 4)
            return false;
        var hash = new HashCode();
        hash.AddBytes(name);
        var h = hash.ToHashCode() | 1;
        var mask = _slots.Length - 1;
        for (var i = h & mask; ; i = (i + 1) & mask)
        {
            if (_slots[i] == 0)
            {
                _slots[i] = h;
                return true;
            }

            if (_slots[i] == h)
                return false;
        }
    }
}
