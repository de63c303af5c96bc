// Finds dialect placeholders written inside string literals, where they are plain text (for "quoted placeholder" hints).
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

/// <summary>A placeholder found in text: the whole span (<c>{{a.b}}</c>) and the trimmed path inside (<c>a.b</c>).</summary>
public readonly record struct PlaceholderMatch(TextSpan Span, string Path, TextSpan PathSpan);

public static class PlaceholderScanner
{
    /// <summary>Every placeholder of <paramref name="syntax"/> inside string literals and f-string text of a parse.</summary>
    public static List<PlaceholderMatch> InStrings(ParseResult result, PlaceholderSyntax syntax)
    {
        var found = new List<PlaceholderMatch>();
        if (syntax == PlaceholderSyntax.None) return found;
        foreach (var t in result.Tokens)
        {
            bool stringy = t.Kind is TokenKind.String or TokenKind.FStringMiddle
                || (t.Kind == TokenKind.Error && t.Text.Length > 0 && (t.Text[0] is '"' or '\'' || char.IsLetter(t.Text[0])));
            if (stringy) Scan(t.Text, t.Span.Start, syntax, found);
        }
        return found;
    }

    /// <summary>Every placeholder of <paramref name="syntax"/> in a piece of text starting at <paramref name="offset"/>.</summary>
    public static void Scan(string text, int offset, PlaceholderSyntax syntax, List<PlaceholderMatch> into)
    {
        string open = syntax == PlaceholderSyntax.Pflow ? "${" : "{{";
        int i = 0;
        while ((i = text.IndexOf(open, i, StringComparison.Ordinal)) >= 0)
        {
            int end = syntax == PlaceholderSyntax.Pflow ? PflowEnd(text, i) : VoxworksEnd(text, i);
            if (end < 0)
            {
                i += 2;
                continue;
            }
            int a = i + 2, b = end - (syntax == PlaceholderSyntax.Pflow ? 1 : 2);
            while (a < b && char.IsWhiteSpace(text[a])) a++;
            while (b > a && char.IsWhiteSpace(text[b - 1])) b--;
            into.Add(new PlaceholderMatch(TextSpan.FromBounds(offset + i, offset + end), text[a..b], TextSpan.FromBounds(offset + a, offset + b)));
            i = end;
        }
    }

    private static int PflowEnd(string text, int start)
    {
        int depth = 0;
        for (int q = start; q < text.Length; q++)
        {
            char c = text[q];
            if (c is '\n' or '\r') return -1;
            if (c == '$' && q + 1 < text.Length && text[q + 1] == '{') { depth++; q++; continue; }
            if (c == '}' && --depth == 0) return q + 1;
        }
        return -1;
    }

    private static int VoxworksEnd(string text, int start)
    {
        for (int q = start + 2; q < text.Length; q++)
        {
            char c = text[q];
            if (c == '}') return q + 1 < text.Length && text[q + 1] == '}' ? q + 2 : -1;
            if (c is '{' or '\n' or '\r' or '"' or '\'') return -1;
        }
        return -1;
    }
}
