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
    /// <summary>Written <c>$${...}</c>: pflow's resolver leaves it verbatim, but its validator still checks it.</summary>
    public bool IsEscaped { get; init; }
    public string Base => Segments[0].Name;
    public string Text => $"${{{Path}}}";
}

/// <summary>A <c>${</c> that does not start a valid template.</summary>
public sealed record MalformedTemplate(TextSpan Span);

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
        int p = at + 2;
        var segments = new List<TemplateSegment>();
        while (true)
        {
            int nameStart = p;
            if (p >= end || !(char.IsAsciiLetter(text[p]) || text[p] == '_')) return at + 2;
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
                    if (p >= end || text[p] != ']') return at + 2;
                    index = int.TryParse(text.AsSpan(ds, p - ds), out int n) ? n : int.MaxValue;
                }
                else if (p + 1 < end && text[p] == '$' && text[p + 1] == '{')
                {
                    int after = TryParse(text, p, end, out nested);
                    if (nested is null || after >= end || text[after] != ']') return at + 2;
                    p = after;
                }
                else return at + 2;
                p++; // ']'
                indexSpan = TextSpan.FromBounds(open, p);
            }
            segments.Add(new TemplateSegment(name, nameSpan, index, nested, indexSpan));
            if (p < end && text[p] == '.') { p++; continue; }
            if (p < end && text[p] == '}')
            {
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
            return at + 2;
        }
    }
}
