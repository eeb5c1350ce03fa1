using System.Text;

namespace Sodimo.Crm.Infrastructure.Sodiwin;

/// <summary>Finds the text encoding of a dump from its first bytes (see <see cref="SodimoSodiwinCsvOptions.Encoding"/>).</summary>
internal static class SodiwinEncodingDetector
{
    /// <summary>How many bytes are examined when there is no byte order mark.</summary>
    public const int SampleSize = 64 * 1024;

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Windows-1252.</summary>
    public static Encoding Windows1252 { get; } = LoadWindows1252();

    /// <summary>Reads the <c>Encoding</c> option: <see langword="null"/> for <c>auto</c>.</summary>
    /// <exception cref="ArgumentException">The name is none of <c>auto</c>, <c>utf-8</c>, <c>windows-1252</c>.</exception>
    public static Encoding? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "utf-8" or "utf8" => Utf8NoBom,
        "windows-1252" or "cp1252" or "1252" => Windows1252,
        _ => throw new ArgumentException(
            $"{SodimoSodiwinCsvOptions.SectionName}:Encoding \"{name}\" is not one of auto, utf-8, windows-1252."),
    };

    /// <summary>Detects the encoding of a dump from its first bytes.</summary>
    /// <param name="head">The first bytes (up to <see cref="SampleSize"/>).</param>
    /// <param name="isWholeFile">Whether <paramref name="head"/> is the whole file (so a cut multi-byte sequence at its end is an error).</param>
    /// <returns>The encoding and the length of its byte order mark (to skip).</returns>
    public static (Encoding Encoding, int PreambleLength) Detect(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8NoBom, 3);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (Encoding.Unicode, 2);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        if (!Ascii.IsValid(head))
        {
            var sample = isWholeFile ? head : TrimCutSequence(head);
            if (System.Text.Unicode.Utf8.IsValid(sample))
            {
                return (Utf8NoBom, 0);
            }
        }

        // Pure ASCII reads the same in both; bytes that are not valid UTF-8 are Sodiwin's native code page.
        return (Windows1252, 0);
    }

    private static Encoding LoadWindows1252()
    {
        // .NET Core ships only the Unicode encodings built in; code pages come from a provider that is part of the
        // shared framework and must be registered once per process (registering twice is harmless).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    /// <summary>Drops a multi-byte sequence the sample cut in the middle (at most 3 bytes).</summary>
    private static ReadOnlySpan<byte> TrimCutSequence(ReadOnlySpan<byte> head)
    {
        for (var back = 1; back <= Math.Min(3, head.Length); back++)
        {
            var b = head[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: keep looking for the lead byte
            }

            if (b >= 0xC0)
            {
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return needed > back ? head[..^back] : head;
            }

            return head;
        }

        return head;
    }
}
