// A Voxworks step's analysis and its editor features: completion, hover, the Run CodeLens and the outline.
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using Attribute = CodeNodeLsp.Syntax.Python.Attribute;
using CodeNodeLsp.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Voxworks;

/// <summary>
/// Keeps the validation (parse, placeholders, locals, known variables) so every feature answers from it without
/// re-parsing. Read-only after construction, as the server calls features from several threads.
/// </summary>
public sealed class VoxworksAnalysis : DocumentAnalysis
{
    /// <summary>The command the Run CodeLens invokes (the server's executeCommand handler runs the node).</summary>
    public const string RunCommand = "codenode.run";

    public VoxworksAnalysis(AnalysisRequest request, VoxworksValidation validation)
        : base(request, validation.Diagnostics)
    {
        Validation = validation;
    }

    public VoxworksValidation Validation { get; }

    private string Text => Validation.Parse.Text;

    // ───────────── completion ─────────────

    public override IReadOnlyList<CompletionEntry> Complete(int offset, CancellationToken ct)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        if (InStringOrComment(offset)) return [];
        if (PlaceholderContext(offset) is { } placeholder) return CompleteVariables(placeholder.Replace, placeholder.NeedsClose);

        int wordStart = offset;
        while (wordStart > 0 && IsIdentChar(Text[wordStart - 1])) wordStart--;
        int wordEnd = offset;
        while (wordEnd < Text.Length && IsIdentChar(Text[wordEnd])) wordEnd++;
        var replace = TextSpan.FromBounds(wordStart, wordEnd);

        int before = wordStart - 1;
        while (before >= 0 && Text[before] is ' ' or '\t') before--;
        if (before >= 0 && Text[before] == '.')
            return [.. VoxworksAllowList.MethodList.Select(m => Entry(m, replace))];

        var items = new List<CompletionEntry>();
        foreach (var f in VoxworksAllowList.FunctionList) items.Add(Entry(f, replace));
        foreach (var (name, sample) in Request.Context.Inputs)
            items.Add(new CompletionEntry(name, CompletionKind.Variable, "mapped input", SampleMarkdown(sample), Replace: replace, SortText: "0" + name));
        foreach (var local in Validation.Locals.Order(StringComparer.Ordinal))
            if (!local.StartsWith('_')) items.Add(new CompletionEntry(local, CompletionKind.Variable, "local", Replace: replace, SortText: "0" + local));
        return items;
    }

    private static CompletionEntry Entry(AllowedCallable c, TextSpan replace) => new(
        c.Name,
        c.Kind == CallableKind.Method ? CompletionKind.Method : CompletionKind.Function,
        c.Signature,
        c.Doc,
        Replace: replace,
        SortText: (c.Kind == CallableKind.Helper ? "2" : "1") + c.Name);

    /// <summary>
    /// The node's known variables first; paths the file uses that are not known (the misspelt ones it is flagged
    /// for) come after them, marked, so they are never the first choice.
    /// </summary>
    private IReadOnlyList<CompletionEntry> CompleteVariables(TextSpan replace, bool needsClose)
    {
        var known = new SortedSet<string>(Validation.KnownVariables.Keys, StringComparer.Ordinal);
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var use in Validation.Placeholders)
        {
            if (!VoxworksPlaceholderChecks.IsWellFormedPath(use.Path) || use.Node.Span.Contains(replace.Start)) continue;
            // A path is unknown exactly when the file is flagged for it (VX020, VX021); a custom variable this step writes is not.
            bool flagged = Diagnostics.Any(d => d.Code is "VX020" or "VX021" && d.Span.Overlaps(use.Node.Span));
            (flagged ? unknown : known).Add(use.Path);
        }
        unknown.ExceptWith(known);
        var items = new List<CompletionEntry>(known.Count + unknown.Count);
        foreach (var path in known)
        {
            var sample = VoxworksPlaceholderChecks.SampleAt(path, Validation.KnownVariables);
            items.Add(new CompletionEntry(path, CompletionKind.Variable,
                Detail: sample == null ? "variable" : Clip(sample.ToString(Formatting.None)),
                Documentation: SampleMarkdown(sample),
                InsertText: needsClose ? path + "}}" : path,
                Replace: replace,
                SortText: "0" + path,
                FilterText: path));
        }
        foreach (var path in unknown)
            items.Add(new CompletionEntry(path, CompletionKind.Text,
                Detail: "unknown: not in this node's variables",
                Documentation: "Used in this file but not a variable of this node (codenode.json \"variables\" or .codenode/samples.json).",
                InsertText: needsClose ? path + "}}" : path,
                Replace: replace,
                SortText: "9" + path,
                FilterText: path));
        return items;
    }

    /// <summary>
    /// When the cursor is after an unclosed <c>{{</c> on its line, the span a chosen variable replaces (the path
    /// typed so far and any path characters after the cursor) and whether the closing braces are missing.
    /// </summary>
    private (TextSpan Replace, bool NeedsClose)? PlaceholderContext(int offset)
    {
        int lineStart = offset;
        while (lineStart > 0 && Text[lineStart - 1] is not ('\n' or '\r')) lineStart--;
        int open = Text.LastIndexOf("{{", Math.Max(offset - 1, 0), Math.Max(offset - lineStart, 0), StringComparison.Ordinal);
        if (open < 0 || open + 2 > offset) return null;
        for (int i = open + 2; i < offset; i++)
            if (!(IsIdentChar(Text[i]) || Text[i] is '.' or ' ')) return null;
        int start = open + 2;
        while (start < offset && Text[start] == ' ') start++;
        int end = offset;
        while (end < Text.Length && (IsIdentChar(Text[end]) || Text[end] == '.')) end++;
        int after = end;
        while (after < Text.Length && Text[after] == ' ') after++;
        bool closed = after + 1 < Text.Length && Text[after] == '}' && Text[after + 1] == '}';
        return (TextSpan.FromBounds(start, end), !closed);
    }

    // ───────────── hover ─────────────

    public override HoverResult? Hover(int offset, CancellationToken ct)
    {
        var token = TokenAt(offset);
        if (token is not { } t) return null;
        if (t.Kind == TokenKind.Placeholder) return HoverPlaceholder(t);
        if (t.Kind != TokenKind.Name) return null;

        string name = t.Text;
        bool afterDot = PreviousSignificant(t.Span.Start) == '.';
        if (afterDot && VoxworksAllowList.Methods.TryGetValue(name, out var method)) return HoverCallable(method, t.Span);
        if (!afterDot && VoxworksAllowList.Functions.TryGetValue(name, out var function) && !Validation.Locals.Contains(name))
            return HoverCallable(function, t.Span);
        if (!afterDot && Request.Context.Inputs.TryGetValue(name, out var input))
            return new HoverResult($"**{name}**: mapped input of this step\n\n{SampleMarkdown(input)}", t.Span);
        return null;
    }

    private static HoverResult HoverCallable(AllowedCallable c, TextSpan span)
    {
        string kind = c.Kind switch { CallableKind.Method => "allowed method", CallableKind.Builtin => "allowed built-in", _ => $"Voxworks {c.Group} helper" };
        return new HoverResult($"```python\n{c.Signature}\n```\n{c.Doc}\n\n*{kind}*", span);
    }

    private HoverResult HoverPlaceholder(Token t)
    {
        string path = VoxworksRenderer.PathOf(t.Text);
        var md = new StringBuilder();
        md.Append("**{{").Append(path).Append("}}**: Voxworks variable\n\n");
        if (VoxworksPlaceholderChecks.IsKnown(path, Validation.KnownVariables))
            md.Append(SampleMarkdown(VoxworksPlaceholderChecks.SampleAt(path, Validation.KnownVariables)));
        else
            md.Append("Not in this node's variables (codenode.json \"variables\" or .codenode/samples.json).");
        return new HoverResult(md.ToString(), t.Span);
    }

    private static string SampleMarkdown(JToken? sample) =>
        sample == null ? "No sample value." : "Sample value:\n" + JsonMarkdown.Block(sample, 2000);

    // ───────────── semantic tokens and inlay hints ─────────────

    /// <summary>
    /// Each placeholder as <c>{{</c>, its namespace, the rest of its path, <c>}}</c>; the path is unresolved when the
    /// file is flagged for it (VX020, VX021).
    /// </summary>
    public override IReadOnlyList<SemanticToken> SemanticTokens(CancellationToken ct)
    {
        var tokens = new List<SemanticToken>();
        foreach (var use in Validation.Placeholders)
        {
            var span = use.Node.Span;
            var path = use.Node.PathSpan;
            if (span.Length < 4 || path.IsEmpty || !span.Contains(path)) continue;
            var modifiers = Diagnostics.Any(d => d.Code is "VX020" or "VX021" && d.Span.Overlaps(span)) ? TokenModifiers.Unresolved : TokenModifiers.None;
            tokens.Add(new SemanticToken(new TextSpan(span.Start, 2), TokenType.Delimiter));
            int dot = Text.IndexOf('.', path.Start, path.Length);
            if (dot < 0) tokens.Add(new SemanticToken(path, TokenType.Variable, modifiers));
            else
            {
                tokens.Add(new SemanticToken(TextSpan.FromBounds(path.Start, dot), TokenType.Namespace, modifiers));
                tokens.Add(new SemanticToken(TextSpan.FromBounds(dot + 1, path.End), TokenType.Variable, modifiers));
            }
            tokens.Add(new SemanticToken(new TextSpan(span.End - 2, 2), TokenType.Delimiter));
        }
        tokens.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return tokens;
    }

    /// <summary>After each read of a known variable, its sample in short (<c>{{contact.email}} ⟵ "ada@…"</c>).</summary>
    public override IReadOnlyList<InlayHintEntry> InlayHints(CancellationToken ct)
    {
        var hints = new List<InlayHintEntry>();
        foreach (var use in Validation.Placeholders)
        {
            if (!use.IsRead || !VoxworksPlaceholderChecks.IsKnown(use.Path, Validation.KnownVariables)) continue;
            var sample = VoxworksPlaceholderChecks.SampleAt(use.Path, Validation.KnownVariables);
            if (sample is null) continue;
            hints.Add(new InlayHintEntry(use.Node.Span.End, "⟵ " + JsonMarkdown.Short(sample), $"sample of {{{{{use.Path}}}}}"));
        }
        return hints;
    }

    // ───────────── CodeLens and symbols ─────────────

    public override IReadOnlyList<CodeLensEntry> CodeLenses(CancellationToken ct)
    {
        if (Validation.Run is not { } run) return [];
        var args = new Dictionary<string, object?> { ["path"] = Request.Path, ["node"] = Request.Context.NodeId };
        return [new CodeLensEntry(HeaderSpan(run), "▶ Run step", RunCommand, [args])];
    }

    public override IReadOnlyList<SymbolEntry> Symbols(CancellationToken ct)
    {
        if (Validation.Run is not { } run) return [];
        return [new SymbolEntry("run", SymbolKind.Function, run.Span, run.Name.Span, "Voxworks Code Step")];
    }

    private static TextSpan HeaderSpan(FunctionDef run) =>
        run.KeywordSpan.Length > 0 ? TextSpan.FromBounds(run.KeywordSpan.Start, run.Name.Span.End) : run.Name.Span;

    // ───────────── tokens ─────────────

    private Token? TokenAt(int offset)
    {
        var tokens = Validation.Parse.Tokens;
        int lo = 0, hi = tokens.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var span = tokens[mid].Span;
            if (span.End < offset) lo = mid + 1;
            else if (span.Start > offset) hi = mid - 1;
            else
            {
                // The cursor may touch two tokens (end of one, start of the next); prefer a name or placeholder.
                if (span.End == offset && mid + 1 < tokens.Count && tokens[mid + 1].Span.Start == offset
                    && tokens[mid + 1].Kind is TokenKind.Name or TokenKind.Placeholder)
                    return tokens[mid + 1];
                return tokens[mid];
            }
        }
        return null;
    }

    private bool InStringOrComment(int offset)
    {
        var t = TokenAt(offset);
        return t is { } tok && tok.Span.Start < offset && tok.Span.End > offset
               && tok.Kind is TokenKind.String or TokenKind.Comment or TokenKind.FStringMiddle;
    }

    private char PreviousSignificant(int offset)
    {
        int i = offset - 1;
        while (i >= 0 && Text[i] is ' ' or '\t') i--;
        return i >= 0 ? Text[i] : '\0';
    }

    private static bool IsIdentChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static string Clip(string s, int max = 60) => s.Length > max ? s[..(max - 3)] + "..." : s;
}
