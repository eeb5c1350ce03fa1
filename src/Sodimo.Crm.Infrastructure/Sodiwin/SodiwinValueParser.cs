using System.Globalization;

namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>Reads Sodiwin's number and date cells.</summary>
internal static class SodiwinValueParser
{
    private const int MaxNumberLength = 64;

    /// <summary>
    /// Reads a French-style number: optional sign, a decimal comma, and optional thousands separators (space,
    /// no-break space, narrow no-break space, dot or apostrophe; one kind per number, groups of three digits).
    /// <c>1 234,56</c>, <c>1.234,56</c>, <c>-136,81</c>, <c>20442</c> are read; <c>12.50</c> (a decimal point) and
    /// <c>1,2,3</c> are not.
    /// </summary>
    /// <param name="text">The cell, already trimmed and not empty.</param>
    /// <param name="value">The number.</param>
    /// <returns>Whether the cell is a number.</returns>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > MaxNumberLength)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[MaxNumberLength + 1];
        var length = 0;
        var i = 0;
        if (text[0] is '-' or '+')
        {
            buffer[length++] = text[0];
            i = 1;
        }

        var comma = text.IndexOf(',');
        var integerEnd = comma < 0 ? text.Length : comma;
        if (!CopyIntegerPart(text[i..integerEnd], buffer, ref length))
        {
            return false;
        }

        if (comma >= 0)
        {
            var fraction = text[(comma + 1)..];
            if (fraction.IsEmpty || fraction.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }

            buffer[length++] = '.';
            fraction.CopyTo(buffer[length..]);
            length += fraction.Length;
        }

        return TryBuild(buffer[..length], out value);
    }

    /// <summary>Turns <c>[-]digits[.digits]</c> into a decimal; 18 significant digits or fewer without a general parse.</summary>
    private static bool TryBuild(ReadOnlySpan<char> number, out decimal value)
    {
        var negative = number[0] == '-';
        var digits = number[0] is '-' or '+' ? number[1..] : number;
        if (digits.Length <= 19)
        {
            ulong mantissa = 0;
            byte scale = 0;
            var seenPoint = false;
            foreach (var c in digits)
            {
                if (c == '.')
                {
                    seenPoint = true;
                    continue;
                }

                mantissa = (mantissa * 10) + (ulong)(c - '0');
                if (seenPoint)
                {
                    scale++;
                }
            }

            value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, scale);
            return true;
        }

        return decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads a date in the given exact format (invariant culture).</summary>
    /// <param name="text">The cell, already trimmed and not empty.</param>
    /// <param name="format">E.g. <c>dd/MM/yyyy</c>.</param>
    /// <param name="value">The date.</param>
    /// <returns>Whether the cell is a valid date in that format.</returns>
    public static bool TryParseDate(ReadOnlySpan<char> text, string format, out DateOnly value)
    {
        // The export's format, read by hand: DateOnly.TryParseExact costs more than the rest of the row.
        if (format == "dd/MM/yyyy")
        {
            value = default;
            if (text.Length != 10 || text[2] != '/' || text[5] != '/'
                || !TwoDigits(text, 0, out var day) || !TwoDigits(text, 3, out var month)
                || !TwoDigits(text, 6, out var century) || !TwoDigits(text, 8, out var yearOfCentury))
            {
                return false;
            }

            var year = (century * 100) + yearOfCentury;
            if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return false;
            }

            value = new DateOnly(year, month, day);
            return true;
        }

        return DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int at, out int value)
    {
        var tens = text[at] - '0';
        var ones = text[at + 1] - '0';
        value = (tens * 10) + ones;
        return (uint)tens <= 9 && (uint)ones <= 9;
    }

    private static bool CopyIntegerPart(ReadOnlySpan<char> digits, Span<char> buffer, ref int length)
    {
        if (digits.IsEmpty)
        {
            return false;
        }

        var separator = '\0';
        var groupLength = 0;
        var groups = 0;
        foreach (var c in digits)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[length++] = c;
                groupLength++;
                continue;
            }

            if (c is not (' ' or '\u00A0' or '\u202F' or '.' or '\''))
            {
                return false;
            }

            // Separators: one kind per number; the first group has 1-3 digits, the following ones exactly 3.
            if ((separator != '\0' && c != separator) || groupLength == 0 || groupLength > 3 || (groups > 0 && groupLength != 3))
            {
                return false;
            }

            separator = c;
            groups++;
            groupLength = 0;
        }

        return groupLength > 0 && (groups == 0 || groupLength == 3);
    }
}
