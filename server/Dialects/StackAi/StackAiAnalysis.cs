// A Stack AI node's analysis and its editor features: args completion, sample hover, symbols and the Run lens.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.StackAi;

/// <summary>A read of <c>args</c> with a literal key: <c>args["in-0"]</c>; KeySpan is the key without quotes.</summary>
public sealed record UpstreamRead(string Key, TextSpan KeySpan, string? BoundName = null, TextSpan? BoundSpan = null);

/// <summary>What the language checkers found that the editor features need; language-neutral.</summary>
public sealed class StackAiFacts
{
    /// <summary>The name of the top-level main, when there is one.</summary>
    public TextSpan? MainName { get; set; }
    /// <summary>main's parameter name (args by default), which completion and the key checks look for.</summary>
    public string ArgsName { get; set; } = "args";
    public List<UpstreamRead> Reads { get; } = [];
    public List<SymbolEntry> Symbols { get; } = [];
}

public sealed class StackAiAnalysis : DocumentAnalysis
{
    private const int MaxHoverJson = 4000;

    public StackAiAnalysis(AnalysisRequest request, IReadOnlyList<Diagnostic> diagnostics, StackAiFacts facts)
        : base(request, diagnostics)
    {
        Facts = facts;
    }

    public StackAiFacts Facts { get; }

    private bool IsTypeScript => Request.Context.Language == NodeLanguage.TypeScript;

    /// <summary>The upstream ids in manifest order, then any that only have a recorded sample.</summary>
    private IEnumerable<string> UpstreamIds => Request.Context.Upstream.Keys;

    /// <summary>The sample of an upstream node: its last recorded run output, else the manifest's sample.</summary>
    private (JToken? Value, string Source) Sample(string id)
    {
        if (Request.Samples.NodeOutput(id) is { } recorded) return (recorded, "last recorded run (.codenode/samples.json)");
        Request.Context.Upstream.TryGetValue(id, out var sample);
        return (sample, "sample in codenode.json");
    }

    public override HoverResult? Hover(int offset, CancellationToken ct)
    {
        foreach (var read in Facts.Reads)
        {
            if (!read.KeySpan.ContainsInclusive(offset)) continue;
            if (!Request.Context.Upstream.ContainsKey(read.Key) && Request.Samples.NodeOutput(read.Key) is null) return null;
            return new HoverResult(Describe(read.Key), read.KeySpan);
        }
        return HoverBoundName(offset);
    }

    /// <summary>
    /// Hover on a variable bound from an upstream value (<c>text = args["in-0"]</c>), wherever main names it: the key
    /// it holds and that key's sample. A name bound from two keys says nothing, as its value depends on the path taken.
    /// </summary>
    private HoverResult? HoverBoundName(int offset)
    {
        string text = Request.Text.Text;
        if (offset > text.Length) return null;
        int start = offset, end = offset;
        while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '_')) start--;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
        if (end == start || (start > 0 && text[start - 1] == '.')) return null;
        string name = text[start..end];
        var keys = Facts.Reads.Where(r => r.BoundName == name).Select(r => r.Key).Distinct().ToList();
        if (keys.Count != 1) return null;
        return new HoverResult($"**{name}** = `{Facts.ArgsName}[\"{keys[0]}\"]`\n\n{Describe(keys[0])}", TextSpan.FromBounds(start, end));
    }

    /// <summary>After each variable bound from an upstream value, that value's sample in short (<c>text ⟵ "hello"</c>).</summary>
    public override IReadOnlyList<InlayHintEntry> InlayHints(CancellationToken ct)
    {
        var hints = new List<InlayHintEntry>();
        foreach (var read in Facts.Reads)
        {
            if (read.BoundSpan is not { } span) continue;
            var (value, source) = Sample(read.Key);
            if (value is null) continue;
            hints.Add(new InlayHintEntry(span.End, "⟵ " + JsonMarkdown.Short(value), $"{read.Key}: {source}"));
        }
        return hints;
    }

    private string Describe(string id)
    {
        var (value, source) = Sample(id);
        if (value is null) return $"**upstream node `{id}`**\n\nNo sample value yet: run the upstream node, or add a sample to codenode.json.";
        return $"**upstream node `{id}`** — {source}\n\n{JsonMarkdown.Block(value, MaxHoverJson)}";
    }

    public override IReadOnlyList<CompletionEntry> Complete(int offset, CancellationToken ct)
    {
        var site = ArgsCompletionSite.Find(Request.Text.Text, offset, Facts.ArgsName, IsTypeScript);
        if (site is null) return [];
        var items = new List<CompletionEntry>();
        int order = 0;
        foreach (var id in UpstreamIds)
        {
            string sortText = (order++).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            string doc = Describe(id);
            var (insert, replace, filter) = site.Value.ItemFor(id);
            items.Add(new CompletionEntry(id, CompletionKind.Field, "upstream node", doc, insert, replace, sortText, filter));
        }
        return items;
    }

    public override IReadOnlyList<SymbolEntry> Symbols(CancellationToken ct) => Facts.Symbols;

    public override IReadOnlyList<CodeLensEntry> CodeLenses(CancellationToken ct)
    {
        if (Facts.MainName is not { } main) return [];
        var argument = new JObject { ["path"] = Request.Path, ["node"] = Request.Context.NodeId };
        return [new CodeLensEntry(main, "▶ Run node", "codenode.run", [argument])];
    }
}

/// <summary>
/// Where completion of upstream ids applies, found by reading the line backwards from the cursor (so it works
/// on half-typed code): <c>args[</c>, <c>args["par</c>, <c>args.get("</c> (Python), <c>args.</c> and
/// <c>args?.</c> (TypeScript). <see cref="ItemFor"/> says what an item inserts so the result is well-formed.
/// </summary>
internal readonly record struct ArgsCompletionSite(string Text, int Offset, int ReplaceStart, int ReplaceEnd, char? Quote, char Bracket, bool DotForm)
{
    private const string NotKeyChars = "\"'`[]() \t\r\n,;{}";

    public static ArgsCompletionSite? Find(string text, int offset, string argsName, bool typeScript)
    {
        if (offset < 0 || offset > text.Length) return null;
        int p = offset;
        while (p > 0 && NotKeyChars.IndexOf(text[p - 1]) < 0 && text[p - 1] != '.') p--;
        int partialStart = p;
        int partialEnd = offset;
        while (partialEnd < text.Length && NotKeyChars.IndexOf(text[partialEnd]) < 0 && text[partialEnd] != '.') partialEnd++;

        // TypeScript: args.par| or args?.par|
        if (typeScript && p > 0 && text[p - 1] == '.')
        {
            int dot = p - 1;
            int before = dot > 0 && text[dot - 1] == '?' ? dot - 1 : dot;
            if (EndsWithName(text, before, argsName))
                return new ArgsCompletionSite(text, offset, before, partialEnd, null, '.', true);
            return null;
        }

        char? quote = null;
        if (p > 0 && text[p - 1] is '"' or '\'' or '`')
        {
            quote = text[p - 1];
            p--;
        }
        if (p == 0) return null;
        char open = text[p - 1];
        int nameEnd = p - 1;
        if (open == '[')
        {
            if (typeScript && nameEnd >= 2 && text[nameEnd - 1] == '.' && text[nameEnd - 2] == '?') nameEnd -= 2;
            if (!EndsWithName(text, nameEnd, argsName)) return null;
        }
        else if (open == '(')
        {
            if (!EndsWith(text, nameEnd, "." + "get") || !EndsWithName(text, nameEnd - 4, argsName)) return null;
        }
        else
        {
            return null;
        }
        return new ArgsCompletionSite(text, offset, quote is null ? p : partialStart, partialEnd, quote, open, false);
    }

    /// <summary>What accepting <paramref name="id"/> inserts, over which span, filtered by which text.</summary>
    public (string Insert, TextSpan Replace, string Filter) ItemFor(string id)
    {
        var replace = TextSpan.FromBounds(ReplaceStart, ReplaceEnd);
        if (DotForm)
        {
            // A valid identifier keeps the dot form; any other id (in-0) needs brackets, which replace the dot.
            string typed = Text[ReplaceStart..Offset];
            if (IsIdentifier(id))
            {
                string prefix = typed.StartsWith("?.", StringComparison.Ordinal) ? "?." : ".";
                return (prefix + id, replace, prefix + id);
            }
            string bracket = typed.StartsWith("?.", StringComparison.Ordinal) ? "?.[" : "[";
            return (bracket + JsonConvert.ToString(id) + "]", replace, (typed.StartsWith("?.", StringComparison.Ordinal) ? "?." : ".") + id);
        }
        char close = Bracket == '[' ? ']' : ')';
        if (Quote is { } q)
        {
            // Inside quotes: insert the id; close the quote (and the bracket) only when the editor has not.
            string after = ReplaceEnd < Text.Length ? Text[ReplaceEnd].ToString() : "";
            string tail = after == q.ToString() ? "" : q + (Bracket == '[' ? "]" : "");
            return (Escape(id, q) + tail, replace, id);
        }
        bool hasClose = ReplaceEnd < Text.Length && Text[ReplaceEnd] == close;
        return ("\"" + Escape(id, '"') + "\"" + (hasClose || Bracket == '(' ? "" : "]"), replace, "\"" + id);
    }

    private static string Escape(string id, char quote) => id.Replace("\\", "\\\\").Replace(quote.ToString(), "\\" + quote);

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsLetter(s[0]) || s[0] is '_' or '$')) return false;
        foreach (char c in s)
            if (!(char.IsLetterOrDigit(c) || c is '_' or '$')) return false;
        return true;
    }

    private static bool EndsWith(string text, int end, string s) =>
        end >= s.Length && string.CompareOrdinal(text, end - s.Length, s, 0, s.Length) == 0;

    /// <summary>True when <paramref name="name"/> ends at <paramref name="end"/> as a whole word (not a.args, not xargs).</summary>
    private static bool EndsWithName(string text, int end, string name)
    {
        if (!EndsWith(text, end, name)) return false;
        int start = end - name.Length;
        return start == 0 || !(char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '$' or '.');
    }
}
