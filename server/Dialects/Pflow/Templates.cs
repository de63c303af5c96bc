// pflow's ${...} template grammar: scanning a string for templates and malformed '${', with positions.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>One dotted segment of a template path: a name and at most one index (a number or a nested template).</summary>
public sealed record TemplateSegment(string Name, TextSpan NameSpan, int? Index = null, TemplateRef? NestedIndex = null, TextSpan? IndexSpan = null)
{
    public bool HasIndex => Index is not null || NestedIndex is not null;
    /// <summary>The segment as written (<c>items[0]</c>, <c>results[${__index__}]</c>).</summary>
    public string Text => Index is int i ? $"{Name}[{i}]" : NestedIndex is { } n ? $"{Name}[${{{n.Path}}}]" : Name;
}

/// <summary>
/// A well-formed template <c>${a.b[0].c}</c> found in a string. Spans are offsets in the text that was scanned
/// (the .md file when scanning a document range).
/// </summary>
public sealed class TemplateRef
{
    public required TextSpan Span { get; init; }
    /// <summary>The text between <c>${</c> and <c>}</c>.</summary>
    public required string Path { get; init; }
    public required TextSpan PathSpan { get; init; }
    public required IReadOnlyList<TemplateSegment> Segments { get; init; }
    /// <summary>Written <c>$${...}</c>: pflow 0.8's resolver leaves it verbatim, but its validator still checks it.</summary>
    public bool IsEscaped { get; init; }
    /// <summary>
    /// Current pflow: the <c>??</c> expression this reference is an operand of (null for a plain template). Then
    /// <see cref="Span"/> and <see cref="PathSpan"/> cover the operand only, not the <c>${...}</c> around it.
    /// </summary>
    public TemplateExpression? Coalesce { get; internal set; }
    public string Base => Segments[0].Name;
    public string Text => $"${{{Path}}}";
}

/// <summary>A <c>${</c> that does not start a valid template.</summary>
public sealed record MalformedTemplate(TextSpan Span);

/// <summary>One operand of a current-pflow expression: a reference, or a JSON literal (<c>0</c>, <c>"x"</c>, <c>null</c>, <c>[]</c>).</summary>
public sealed record TemplateOperand(TemplateRef? Ref, string? Literal, TextSpan Span);

/// <summary>
/// A current-pflow expression <c>${a.x ?? b.y ?? 0}</c> (pflow's core/templates.py grammar): operands separated by
/// <c>??</c>; the first that resolves wins (a literal always does; a found <c>None</c> ends the chain).
/// </summary>
public sealed class TemplateExpression
{
    public required TextSpan Span { get; init; }
    /// <summary>The text between <c>${</c> and <c>}</c>.</summary>
    public required string Raw { get; init; }
    public required IReadOnlyList<TemplateOperand> Operands { get; init; }
    public bool IsCoalesce => Operands.Count > 1;
    public string Text => $"${{{Raw}}}";
}

/// <summary>
/// The v-doc grammar (PLATFORMS.md A.7): identifiers <c>[A-Za-z_][\w-]*</c>, dot-separated, each segment with at
/// most one <c>[N]</c> or one nested <c>[${...}]</c>. Anything else after <c>${</c> is malformed, as pflow's
/// validator counts it (a <c>${</c> with no matching valid template).
/// </summary>
public static class TemplateScanner
{
    /// <summary>Scans text[range] for templates and malformed '${'. Never throws.</summary>
    public static void Scan(string text, TextSpan range, List<TemplateRef> templates, List<MalformedTemplate>? malformed)
    {
        int end = Math.Min(range.End, text.Length);
        int i = Math.Max(0, range.Start);
        while (i < end - 1)
        {
            int at = text.IndexOf("${", i, end - i, StringComparison.Ordinal);
            if (at < 0) break;
            int stop = TryParse(text, at, end, out var tpl);
            if (tpl is not null)
            {
                templates.Add(tpl);
                i = stop;
            }
            else
            {
                int close = text.IndexOf('}', at + 2, end - at - 2);
                int lineEnd = text.IndexOfAny(['\n', '\r'], at, end - at);
                int spanEnd = close >= 0 && (lineEnd < 0 || close < lineEnd) ? close + 1 : (lineEnd >= 0 ? lineEnd : end);
                malformed?.Add(new MalformedTemplate(TextSpan.FromBounds(at, Math.Max(at + 2, spanEnd))));
                i = at + 2;
            }
        }
    }

    public static List<TemplateRef> Scan(string text)
    {
        var list = new List<TemplateRef>();
        Scan(text, new TextSpan(0, text.Length), list, null);
        return list;
    }

    /// <summary>
    /// Current pflow's scan (core/templates.py): <c>$${...}</c> is an escape (text, not a template), and each
    /// <c>${</c> opens an expression of references and JSON literals joined by <c>??</c>, or is malformed. The
    /// references of every expression are added to <paramref name="templates"/> (a coalesce operand carries its
    /// expression); <paramref name="expressions"/> gets every expression. Never throws.
    /// </summary>
    public static void ScanCurrent(string text, TextSpan range, List<TemplateRef> templates, List<MalformedTemplate>? malformed,
        List<TemplateExpression>? expressions = null)
    {
        int end = Math.Min(range.End, text.Length);
        int i = Math.Max(0, range.Start);
        while (i < end - 1)
        {
            int at = text.IndexOf("${", i, end - i, StringComparison.Ordinal);
            if (at < 0) break;
            if (at > range.Start && text[at - 1] == '$')
            {
                i = EscapeEnd(text, at + 1, end);
                continue;
            }
            var expr = ParseExpression(text, at, end);
            if (expr is not null)
            {
                expressions?.Add(expr);
                foreach (var op in expr.Operands) if (op.Ref is { } r) templates.Add(r);
                i = expr.Span.End;
                continue;
            }
            int close = text.IndexOf('}', at + 2, end - at - 2);
            int lineEnd = text.IndexOfAny(['\n', '\r'], at, end - at);
            int spanEnd = close >= 0 && (lineEnd < 0 || close < lineEnd) ? close + 1 : (lineEnd >= 0 ? lineEnd : end);
            malformed?.Add(new MalformedTemplate(TextSpan.FromBounds(at, Math.Max(at + 2, spanEnd))));
            i = at + 2;
        }
    }

    /// <summary>Where a <c>$${</c> escape ends: after its brace-balanced body (one nesting level), else right after <c>${</c>.</summary>
    private static int EscapeEnd(string text, int braceDollar, int end)
    {
        int p = braceDollar + 2;
        while (p < end)
        {
            char c = text[p];
            if (c == '}') return p + 1;
            if (c == '{')
            {
                int close = text.IndexOfAny(['{', '}'], p + 1, end - p - 1);
                if (close < 0 || text[close] == '{') return braceDollar + 2;
                p = close + 1;
                continue;
            }
            p++;
        }
        return braceDollar + 2;
    }

    /// <summary>The whole string is one current-pflow expression (its value keeps its type), or null.</summary>
    public static TemplateExpression? AsSimpleExpression(string value)
    {
        if (value.Length < 4 || !value.StartsWith("${", StringComparison.Ordinal)) return null;
        var expr = ParseExpression(value, 0, value.Length);
        // pflow tolerates one trailing newline (a YAML block scalar).
        return expr is not null && (expr.Span.End == value.Length || expr.Span.End == value.Length - 1 && value[^1] == '\n') ? expr : null;
    }

    /// <summary>Parses <c>${operand (?? operand)*}</c> at <paramref name="at"/>; null when it is not one.</summary>
    private static TemplateExpression? ParseExpression(string text, int at, int end)
    {
        int p = at + 2;
        var operands = new List<TemplateOperand>();
        while (true)
        {
            int start = p;
            int litEnd = LiteralEnd(text, p, end);
            if (litEnd > p && AfterOperandOk(text, litEnd, end))
            {
                operands.Add(new TemplateOperand(null, text[p..litEnd], TextSpan.FromBounds(p, litEnd)));
                p = litEnd;
            }
            else
            {
                int stop = TryParsePath(text, p, end, out var segments);
                if (segments is null) return null;
                var reference = new TemplateRef
                {
                    Span = TextSpan.FromBounds(start, stop),
                    Path = text[start..stop],
                    PathSpan = TextSpan.FromBounds(start, stop),
                    Segments = segments,
                };
                operands.Add(new TemplateOperand(reference, null, reference.Span));
                p = stop;
            }
            int q = p;
            while (q < end && char.IsWhiteSpace(text[q])) q++;
            if (q + 1 < end && text[q] == '?' && text[q + 1] == '?')
            {
                p = q + 2;
                while (p < end && char.IsWhiteSpace(text[p])) p++;
                continue;
            }
            if (p < end && text[p] == '}')
            {
                var expr = new TemplateExpression { Span = TextSpan.FromBounds(at, p + 1), Raw = text[(at + 2)..p], Operands = operands };
                if (operands.Count == 1 && operands[0].Ref is { } only)
                {
                    // A single reference is an ordinary template: its span is the whole ${...}, as in 0.8.
                    var plain = new TemplateRef { Span = expr.Span, Path = only.Path, PathSpan = only.PathSpan, Segments = only.Segments };
                    return new TemplateExpression { Span = expr.Span, Raw = expr.Raw, Operands = [new TemplateOperand(plain, null, plain.Span)] };
                }
                foreach (var op in operands) if (op.Ref is { } r) r.Coalesce = expr;
                return expr;
            }
            return null;
        }
    }

    private static bool AfterOperandOk(string text, int p, int end)
    {
        if (p < end && text[p] == '}') return true;
        while (p < end && char.IsWhiteSpace(text[p])) p++;
        return p + 1 < end && text[p] == '?' && text[p + 1] == '?';
    }

    /// <summary>
    /// The end of a JSON literal at <paramref name="p"/> per pflow's literal grammar (double-quoted strings with JSON
    /// escapes and no <c>??</c>, word-bounded true/false/null, numbers without leading zeros or exponent, <c>[]</c>,
    /// <c>{}</c>), or <paramref name="p"/> when there is none.
    /// </summary>
    private static int LiteralEnd(string text, int p, int end)
    {
        if (p >= end) return p;
        char c = text[p];
        if (c == '"')
        {
            int q = p + 1;
            while (q < end)
            {
                char d = text[q];
                if (d == '"') return q + 1;
                if (d < 0x20) return p;
                if (d == '\\')
                {
                    if (q + 1 >= end) return p;
                    char e = text[q + 1];
                    if (e is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't') { q += 2; continue; }
                    if (e == 'u' && q + 5 < end && text.AsSpan(q + 2, 4).ToString().All(char.IsAsciiHexDigit)) { q += 6; continue; }
                    return p;
                }
                if (d == '?' && q + 1 < end && text[q + 1] == '?') return p;
                q++;
            }
            return p;
        }
        foreach (var word in (string[])["true", "false", "null"])
            if (string.CompareOrdinal(text, p, word, 0, word.Length) == 0 && (p + word.Length >= end || !(char.IsAsciiLetterOrDigit(text[p + word.Length]) || text[p + word.Length] == '_')))
                return p + word.Length;
        if (c is '[' or '{') return p + 1 < end && text[p + 1] == (c == '[' ? ']' : '}') ? p + 2 : p;
        int n = p;
        if (text[n] == '-') n++;
        if (n >= end || !char.IsAsciiDigit(text[n])) return p;
        if (text[n] == '0') n++;
        else while (n < end && char.IsAsciiDigit(text[n])) n++;
        if (n + 1 < end && text[n] == '.' && char.IsAsciiDigit(text[n + 1]))
        {
            n++;
            while (n < end && char.IsAsciiDigit(text[n])) n++;
        }
        return n;
    }

    /// <summary>Parses a dotted path (segments with at most one index each) at <paramref name="p"/>; segments null when invalid.</summary>
    private static int TryParsePath(string text, int p, int end, out List<TemplateSegment>? segments)
    {
        segments = new List<TemplateSegment>();
        while (true)
        {
            int nameStart = p;
            if (p >= end || !(char.IsAsciiLetter(text[p]) || text[p] == '_')) { segments = null; return p; }
            p++;
            while (p < end && (char.IsAsciiLetterOrDigit(text[p]) || text[p] is '_' or '-')) p++;
            string name = text[nameStart..p];
            var nameSpan = TextSpan.FromBounds(nameStart, p);
            int? index = null;
            TemplateRef? nested = null;
            TextSpan? indexSpan = null;
            if (p < end && text[p] == '[')
            {
                int open = p;
                p++;
                if (p < end && char.IsAsciiDigit(text[p]))
                {
                    int ds = p;
                    while (p < end && char.IsAsciiDigit(text[p])) p++;
                    if (p >= end || text[p] != ']') { segments = null; return p; }
                    index = int.TryParse(text.AsSpan(ds, p - ds), out int n) ? n : int.MaxValue;
                }
                else if (p + 1 < end && text[p] == '$' && text[p + 1] == '{')
                {
                    int after = TryParse(text, p, end, out nested);
                    if (nested is null || after >= end || text[after] != ']') { segments = null; return p; }
                    p = after;
                }
                else { segments = null; return p; }
                p++; // ']'
                indexSpan = TextSpan.FromBounds(open, p);
            }
            segments.Add(new TemplateSegment(name, nameSpan, index, nested, indexSpan));
            if (p < end && text[p] == '.') { p++; continue; }
            return p;
        }
    }

    /// <summary>True when the whole string is exactly one template (pflow's "simple template": type preserved).</summary>
    public static TemplateRef? AsSimple(string value)
    {
        if (value.Length < 4 || !value.StartsWith("${", StringComparison.Ordinal) || value[^1] != '}') return null;
        int stop = TryParse(value, 0, value.Length, out var tpl);
        return tpl is not null && stop == value.Length && !tpl.IsEscaped ? tpl : null;
    }

    /// <summary>Parses one template at <paramref name="at"/> (which holds "${"); returns the offset after it.</summary>
    private static int TryParse(string text, int at, int end, out TemplateRef? result)
    {
        result = null;
        int p = TryParsePath(text, at + 2, end, out var segments);
        if (segments is null || p >= end || text[p] != '}') return at + 2;
        result = new TemplateRef
        {
            Span = TextSpan.FromBounds(at, p + 1),
            Path = text[(at + 2)..p],
            PathSpan = TextSpan.FromBounds(at + 2, p),
            Segments = segments,
            IsEscaped = at > 0 && text[at - 1] == '$',
        };
        return p + 1;
    }
}
