namespace Sodimo.Crm.Domain.Sodiwin;

/// <summary>
/// Sodiwin's client code, the join key between a Sodiwin client and a Twenty company. Codes are compared after
/// <see cref="Normalize"/> (trimmed, upper case), and only codes that pass <see cref="IsValid"/> are ever put in
/// a Twenty REST filter (letters, digits, <c>_</c>, <c>.</c>, <c>-</c>; no quote, comma, bracket or parenthesis).
/// </summary>
public static class SodiwinClientCode
{
    /// <summary>The longest code accepted (characters).</summary>
    public const int MaxLength = 32;

    /// <summary>Trims a code and upper-cases it (invariant culture).</summary>
    /// <param name="code">The code as read.</param>
    /// <returns>The normalised code; empty when <paramref name="code"/> is null or blank.</returns>
    public static string Normalize(string? code) => code is null ? string.Empty : code.Trim().ToUpperInvariant();

    /// <summary>Whether a normalised code is well formed: 1 to 32 of <c>A-Z 0-9 _ . -</c>, starting with a letter or digit.</summary>
    /// <param name="normalizedCode">A code passed through <see cref="Normalize"/>.</param>
    /// <returns><see langword="true"/> when the code may be used as a join key and in a filter.</returns>
    public static bool IsValid(ReadOnlySpan<char> normalizedCode)
    {
        if (normalizedCode.IsEmpty || normalizedCode.Length > MaxLength || !char.IsAsciiLetterOrDigit(normalizedCode[0]))
        {
            return false;
        }

        foreach (var c in normalizedCode)
        {
            if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
