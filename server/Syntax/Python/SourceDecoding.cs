// Decodes a Python source file's bytes as CPython does (PEP 263: BOM and coding declaration), or says why it cannot.
using System.Text;
using System.Text.RegularExpressions;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

/// <summary>
/// PEP 263 as <c>compile()</c> applies it to bytes: a UTF-8 BOM, then a <c>coding[:=]name</c> comment on line 1, or on
/// line 2 when line 1 is blank or a comment; UTF-8 otherwise. The errors are CPython 3.12's words: <c>unknown encoding:
/// foo</c>, <c>encoding problem: iso-8859-1 with BOM</c>, and undecodable bytes.
/// </summary>
public static partial class SourceDecoding
{
    [GeneratedRegex(@"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")]
    private static partial Regex Cookie();

    static SourceDecoding()
    {
        // Python's codecs include the Windows and Asian code pages, which .NET keeps in a provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The decoded text, or the SyntaxError CPython raises (positions in the text decoded as far as possible).</summary>
    public static (string Text, SyntaxError? Error) Decode(byte[] bytes)
    {
        bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        int start = bom ? 3 : 0;
        var (name, cookieLine) = FindCookie(bytes, start);
        string fallback = Latin1(bytes, start);
        if (name != null)
        {
            string normal = NormalName(name);
            var span = LineSpan(fallback, cookieLine);
            if (bom && normal != "utf-8") return (fallback, new SyntaxError(span, $"encoding problem: {normal} with BOM"));
            if (normal != "utf-8")
            {
                Encoding enc;
                try { enc = Encoding.GetEncoding(normal.Replace('_', '-'), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback); }
                catch (ArgumentException) { return (fallback, new SyntaxError(span, $"unknown encoding: {name}")); }
                try { return (enc.GetString(bytes, start, bytes.Length - start), null); }
                catch (DecoderFallbackException e)
                {
                    return (fallback, new SyntaxError(span, $"'{PythonCodecName(normal)}' codec can't decode byte 0x{bytes[start + Math.Max(0, e.Index)]:x2} in position {Math.Max(0, e.Index)}: ordinal not in range(128)"));
                }
            }
        }
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        try { return (utf8.GetString(bytes, start, bytes.Length - start), null); }
        catch (DecoderFallbackException) { }
        // CPython skips comments without decoding them; the first bad byte elsewhere is the error.
        string lenient = Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
        for (int bad = FirstBadByte(bytes, start); bad >= 0; bad = FirstBadByte(bytes, bad + 1))
        {
            if (InComment(bytes, bad)) continue;
            // Inside a string literal (the usual place) CPython decodes the literal's body alone, so the position
            // and the reason are the body's and the column is the quote's.
            int lineStart = LineStartByte(bytes, bad), from = lineStart, to = bytes.Length, at = bad;
            int quote = OpenQuote(bytes, lineStart, bad);
            if (quote >= 0)
            {
                at = quote;
                from = quote + 1;
                int close = Array.IndexOf(bytes, bytes[quote], bad);
                to = close < 0 ? bytes.Length : close;
            }
            string before = Encoding.UTF8.GetString(bytes, start, Math.Max(0, at - start));
            return (lenient, new SyntaxError(new TextSpan(before.Length, 1),
                $"(unicode error) 'utf-8' codec can't decode byte 0x{bytes[bad]:x2} in position {bad - from}: {Utf8Reason(bytes, bad, to)}"));
        }
        return (lenient, null);
    }

    private static int FirstBadByte(byte[] bytes, int from)
    {
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        if (from >= bytes.Length) return -1;
        try
        {
            utf8.GetCharCount(bytes, from, bytes.Length - from);
            return -1;
        }
        catch (DecoderFallbackException e) { return from + Math.Max(0, e.Index); }
    }

    /// <summary>The quote that opens a string still open at <paramref name="at"/> on its line, or -1.</summary>
    private static int OpenQuote(byte[] bytes, int lineStart, int at)
    {
        int quote = -1;
        for (int i = lineStart; i < at; i++)
        {
            if (bytes[i] is not ((byte)'\'' or (byte)'"')) continue;
            if (quote < 0) quote = i;
            else if (bytes[i] == bytes[quote]) quote = -1;
        }
        return quote;
    }

    private static bool InComment(byte[] bytes, int at)
    {
        int lineStart = LineStartByte(bytes, at);
        int hash = Array.IndexOf(bytes, (byte)'#', lineStart, at - lineStart);
        return hash >= 0 && OpenQuote(bytes, lineStart, hash) < 0;
    }

    private static string Latin1(byte[] bytes, int from) => Encoding.Latin1.GetString(bytes, from, bytes.Length - from);

    private static (string? Name, int Line) FindCookie(byte[] bytes, int start)
    {
        int p = start;
        for (int line = 0; line < 2 && p < bytes.Length; line++)
        {
            int end = Array.IndexOf(bytes, (byte)'\n', p);
            if (end < 0) end = bytes.Length;
            string text = Encoding.Latin1.GetString(bytes, p, end - p).TrimEnd('\r');
            var m = Cookie().Match(text);
            if (m.Success) return (m.Groups[1].Value, line);
            string trimmed = text.TrimStart(' ', '\t', '\f');
            // Line 2 is read only after a blank or comment-only line 1.
            if (trimmed.Length > 0 && trimmed[0] != '#') break;
            p = end + 1;
        }
        return (null, 0);
    }

    /// <summary>CPython's get_normal_name: the spellings of UTF-8 and Latin-1 it recognises before looking a codec up.</summary>
    private static string NormalName(string name)
    {
        string n = name.Length > 12 ? name[..12] : name;
        n = n.ToLowerInvariant().Replace('_', '-');
        if (n == "utf-8" || n.StartsWith("utf-8-", StringComparison.Ordinal)) return "utf-8";
        foreach (var latin in (ReadOnlySpan<string>)["latin-1", "iso-8859-1", "iso-latin-1"])
            if (n == latin || n.StartsWith(latin + "-", StringComparison.Ordinal)) return "iso-8859-1";
        return name;
    }

    private static string PythonCodecName(string normal) => normal.ToLowerInvariant() switch
    {
        "us-ascii" or "ascii" => "ascii",
        var other => other,
    };

    private static TextSpan LineSpan(string text, int line)
    {
        int s = 0;
        for (int i = 0; i < line && s < text.Length; i++)
        {
            int nl = text.IndexOf('\n', s);
            s = nl < 0 ? text.Length : nl + 1;
        }
        int e = text.IndexOfAny(['\r', '\n'], s);
        return TextSpan.FromBounds(s, e < 0 ? text.Length : e);
    }

    private static int LineStartByte(byte[] bytes, int at)
    {
        int i = at;
        while (i > 0 && bytes[i - 1] != '\n') i--;
        return i;
    }

    /// <summary>Python's reason for an invalid UTF-8 sequence at <paramref name="at"/>.</summary>
    private static string Utf8Reason(byte[] bytes, int at, int end)
    {
        byte b = bytes[at];
        int need = b >= 0xF0 && b <= 0xF4 ? 3 : b >= 0xE0 ? 2 : b >= 0xC2 && b < 0xE0 ? 1 : -1;
        if (need < 0 || b > 0xF4) return "invalid start byte";
        for (int k = 1; k <= need; k++)
        {
            if (at + k >= end) return "unexpected end of data";
            if ((bytes[at + k] & 0xC0) != 0x80) return "invalid continuation byte";
        }
        return "invalid continuation byte";
    }
}
