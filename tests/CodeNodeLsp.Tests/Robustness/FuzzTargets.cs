// What the fuzz tests feed: each reader of user or client input, with the invariants its result must keep.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects;
using CodeNodeLsp.Dialects.Pflow;
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Workspace;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Robustness;

/// <summary>
/// One fuzzed component. <see cref="Check"/> runs it on an input and yields every broken invariant as a message;
/// an exception escaping it is itself a failure (the harness catches and reports it with the case's seed).
/// </summary>
public sealed record FuzzTarget(string Name, Func<string, IEnumerable<string>> Check)
{
    public override string ToString() => Name;
}

public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } = Build();

    public static FuzzTarget Get(string name) => All.Single(t => t.Name == name);

    private static List<FuzzTarget> Build()
    {
        var list = new List<FuzzTarget>
        {
            new("python-parser", text => CheckParse(text, ParseOptions.Default)),
            new("python-parser-pflow-placeholders", text => CheckParse(text, new ParseOptions(PlaceholderSyntax.Pflow))),
            new("python-parser-voxworks-placeholders", text => CheckParse(text, new ParseOptions(PlaceholderSyntax.Voxworks))),
            new("python-parser-subrange", CheckParseSubrange),
            new("pflow-workflow-reader", CheckWorkflowReader),
            new("manifest-reader", CheckManifestReader),
            new("protocol-reader", CheckProtocolReader),
        };
        foreach (var dialect in DialectRegistry.ById.Values.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            foreach (var (language, ext) in LanguagesOf(dialect.Id))
            {
                list.Add(new($"dialect-{dialect.Id}-{ext}", text => CheckDialect(dialect, language, ext, text, RichContext(dialect.Id, language))));
                list.Add(new($"dialect-{dialect.Id}-{ext}-pragma-only", text => CheckDialect(dialect, language, ext, text, NodeContext.ForDialect(dialect.Id, language))));
            }
        }
        return list;
    }

    private static IEnumerable<(NodeLanguage, string)> LanguagesOf(string dialect) => dialect switch
    {
        DialectIds.Pflow => [(NodeLanguage.Markdown, "pflow.md")],
        DialectIds.StackAi => [(NodeLanguage.Python, "py"), (NodeLanguage.TypeScript, "ts")],
        _ => [(NodeLanguage.Python, "py")],
    };

    /// <summary>A context with upstream nodes, variables and inputs, so the dialects' lookups have something to find.</summary>
    private static NodeContext RichContext(string dialect, NodeLanguage language) => NodeContext.ForDialect(dialect, language) with
    {
        NodeId = "node",
        Upstream = new Dictionary<string, JToken?> { ["fetch"] = JToken.Parse("{\"items\":[{\"id\":1}]}"), ["llm-0"] = "text", ["empty"] = null },
        Dependencies = ["requests==2.31.0", "numpy"],
        Variables = new Dictionary<string, JToken?> { ["contact.email"] = "a@b.c", ["custom.order.total"] = 3.5, ["custom.counter"] = null },
        Inputs = new Dictionary<string, JToken?> { ["input_1"] = "x", ["input_2"] = JToken.Parse("[1,2]") },
        Conditions = ["valid", "otherwise"],
    };

    private static IEnumerable<string> CheckParse(string text, ParseOptions options) =>
        CheckParseResult(PythonParser.Parse(text, options), text, new TextSpan(0, text.Length));

    private static IEnumerable<string> CheckParseSubrange(string text)
    {
        // A code block inside a Markdown file: parse the middle third; every span must stay in that range.
        int start = text.Length / 3, end = Math.Max(start, 2 * text.Length / 3);
        var range = TextSpan.FromBounds(start, end);
        return CheckParseResult(PythonParser.Parse(text, range, new ParseOptions(PlaceholderSyntax.Pflow)), text, range);
    }

    /// <summary>Tokens ordered, inside the range and equal to their text; nodes and errors inside the range; bounded output.</summary>
    public static IEnumerable<string> CheckParseResult(ParseResult r, string text, TextSpan range)
    {
        if (!ReferenceEquals(r.Text, text) && r.Text != text) yield return "ParseResult.Text is not the parsed text";
        int prevEnd = range.Start;
        foreach (var t in r.Tokens)
        {
            if (!range.Contains(t.Span) || t.Span.Length < 0) { yield return $"token {t} outside {range}"; yield break; }
            if (t.Span.Start < prevEnd) { yield return $"token {t} starts before the previous token's end {prevEnd}"; yield break; }
            if (t.Text.Length > 0 && (t.Text.Length != t.Span.Length || string.CompareOrdinal(text, t.Span.Start, t.Text, 0, t.Span.Length) != 0))
            {
                yield return $"token {t} text differs from the source at its span";
                yield break;
            }
            prevEnd = t.Span.End;
        }
        // The parser progresses: output grows at most linearly with the input (no token or node invented in a loop).
        if (r.Tokens.Count > 4 * range.Length + 64) yield return $"{r.Tokens.Count} tokens for {range.Length} characters";
        int nodes = 0;
        foreach (var n in r.Module.DescendantsAndSelf())
        {
            if (++nodes > 16 * range.Length + 256) { yield return $"more than {nodes} nodes for {range.Length} characters"; yield break; }
            if (!range.Contains(n.Span) || n.Span.Length < 0) { yield return $"{n.GetType().Name} span {n.Span} outside {range}"; yield break; }
        }
        foreach (var e in r.Errors)
            if (!range.Contains(e.Span)) { yield return $"syntax error span {e.Span} outside {range}: {e.Message}"; yield break; }
    }

    /// <summary>The pflow reader alone (the dialect also runs it, but behind the checks): every span it records stays in the text.</summary>
    private static IEnumerable<string> CheckWorkflowReader(string text)
    {
        var wf = WorkflowReader.Read(SourceText.From(text));
        var all = new TextSpan(0, text.Length);
        foreach (var d in wf.Diagnostics)
            if (!all.Contains(d.Span)) yield return $"reader diagnostic {d.Code} span {d.Span} outside [0..{text.Length})";
        foreach (var e in wf.Entities)
        {
            foreach (var (what, span) in new[] { ("heading", e.HeadingSpan), ("id", e.IdSpan), ("entity", e.Span) })
                if (!all.Contains(span)) yield return $"{e.Id} {what} span {span} outside [0..{text.Length})";
            foreach (var b in e.Blocks)
                if (!all.Contains(b.FenceSpan) || !all.Contains(b.ContentSpan))
                    yield return $"{e.Id} code block spans {b.FenceSpan}/{b.ContentSpan} outside [0..{text.Length})";
        }
    }

    /// <summary>The codenode.json reader: never throws, and every diagnostic and node id points into the text.</summary>
    private static IEnumerable<string> CheckManifestReader(string text)
    {
        var manifest = ManifestReader.Read("/fuzz/codenode.json", text, _ => true);
        var all = new TextSpan(0, text.Length);
        foreach (var d in manifest.Diagnostics)
        {
            if (!all.Contains(d.Span)) yield return $"manifest diagnostic {d.Code} span {d.Span} outside [0..{text.Length})";
            if (string.IsNullOrWhiteSpace(d.Message)) yield return $"manifest diagnostic {d.Code} without a message";
        }
        foreach (var n in manifest.Nodes)
            if (!all.Contains(n.IdSpan)) yield return $"node {n.Id} id span {n.IdSpan} outside [0..{text.Length})";
    }

    /// <summary>
    /// The protocol reader on the input as raw bytes and framed with a right and a wrong Content-Length: framing ends,
    /// yields no more messages than the bytes can hold, and the body parser fails only with a JSON error, which the
    /// connection answers with -32700.
    /// </summary>
    private static IEnumerable<string> CheckProtocolReader(string text)
    {
        byte[] body = System.Text.Encoding.UTF8.GetBytes(text);
        var streams = new[]
        {
            body,
            [.. System.Text.Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body],
            [.. System.Text.Encoding.ASCII.GetBytes($"Content-Length: {body.Length / 2}\r\nX-Extra: 1\r\n\r\n"), .. body, .. body],
        };
        var problems = new List<string>();
        foreach (var bytes in streams)
        {
            var reader = new MessageReader(new MemoryStream(bytes));
            // The shortest frame, "Content-Length: 0" and a blank line, is 21 bytes.
            int max = bytes.Length / 21 + 1, count = 0;
            while (reader.Read() is { } message)
            {
                if (++count > max) { problems.Add($"{count} messages from {bytes.Length} bytes"); break; }
                try { LspJson.Parse(message); }
                catch (Newtonsoft.Json.JsonException) { }
            }
        }
        return problems;
    }

    private static IEnumerable<string> CheckDialect(IDialect dialect, NodeLanguage language, string ext, string text, NodeContext context)
    {
        var request = new AnalysisRequest
        {
            Path = "/fuzz/node." + ext,
            Text = SourceText.From(text),
            Context = context,
            WorkspaceRoot = "/fuzz",
        };
        var analysis = dialect.Analyze(request, CancellationToken.None);
        var all = new TextSpan(0, text.Length);
        var problems = new List<string>();
        void Span(string what, TextSpan s)
        {
            if (!all.Contains(s) || s.Length < 0) problems.Add($"{what} span {s} outside [0..{text.Length})");
        }
        foreach (var d in analysis.Diagnostics)
        {
            Span($"diagnostic {d.Code}", d.Span);
            if (string.IsNullOrWhiteSpace(d.Message)) problems.Add($"diagnostic {d.Code} without a message");
            foreach (var f in d.FixList) foreach (var e in f.Edits) Span($"fix '{f.Title}' of {d.Code}", e.Span);
            foreach (var rel in d.Related ?? []) Span($"related information of {d.Code}", rel.Span);
        }
        // Editor features at the start, the end and a few offsets in between: none may throw or point outside.
        var offsets = new[] { 0, text.Length, text.Length / 2, text.Length / 3, Math.Max(0, text.Length - 1) };
        foreach (int off in offsets)
        {
            foreach (var c in analysis.Complete(off, CancellationToken.None))
                if (c.Replace is { } rep) Span($"completion '{c.Label}' at {off}", rep);
            if (analysis.Hover(off, CancellationToken.None) is { } h) Span($"hover at {off}", h.Span);
            foreach (var def in analysis.Definition(off, CancellationToken.None))
                if (def.Path is null) Span($"definition at {off}", def.Span);
        }
        var stack = new Stack<SymbolEntry>(analysis.Symbols(CancellationToken.None));
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            Span($"symbol {s.Name}", s.Span);
            Span($"symbol {s.Name} selection", s.SelectionSpan);
            foreach (var child in s.Children ?? []) stack.Push(child);
        }
        foreach (var lens in analysis.CodeLenses(CancellationToken.None)) Span($"code lens {lens.Title}", lens.Span);
        return problems;
    }
}
