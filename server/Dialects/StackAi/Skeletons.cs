// Text-building quick fixes of the Stack AI dialect: main skeletons, wrapping a value, adding a return.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Dialects.StackAi;

internal static class Skeletons
{
    /// <summary>The first upstream id, written as a string literal, for a skeleton that shows how to read args.</summary>
    private static string? FirstUpstream(AnalysisRequest request) =>
        request.Context.Upstream.Keys.FirstOrDefault() is { } id ? Newtonsoft.Json.JsonConvert.ToString(id) : null;

    /// <summary>Text that starts a new block at the end of the document, after a blank line.</summary>
    private static string Separator(string text) =>
        text.Length == 0 ? "" : text.EndsWith("\n\n", StringComparison.Ordinal) ? "" : text.EndsWith('\n') ? "\n" : "\n\n";

    public static Fix PythonMainFix(AnalysisRequest request)
    {
        string text = request.Text.Text;
        string body = FirstUpstream(request) is { } id
            ? $"    value = args[{id}]\n    return {{\"result\": value}}\n"
            : "    return {\"result\": None}\n";
        string skeleton = Separator(text) + "def main(args):\n    # args maps each upstream node id to that node's output.\n" + body;
        return new Fix("Add a main(args) skeleton", [new TextEdit(new TextSpan(text.Length, 0), skeleton)], IsPreferred: true);
    }

    public static Fix TypeScriptMainFix(AnalysisRequest request)
    {
        string text = request.Text.Text;
        string body = FirstUpstream(request) is { } id
            ? $"  const value = args[{id}];\n  return {{ result: value }};\n"
            : "  return { result: null };\n";
        string skeleton = Separator(text) + "function main(args: Record<string, any>) {\n  // args maps each upstream node id to that node's output.\n" + body + "}\n";
        return new Fix("Add a main(args) skeleton", [new TextEdit(new TextSpan(text.Length, 0), skeleton)], IsPreferred: true);
    }

    /// <summary>A fix that puts <paramref name="prefix"/> before and <paramref name="suffix"/> after a span.</summary>
    public static Fix Wrap(string title, TextSpan span, string prefix, string suffix, bool preferred = false, IReadOnlyList<TextEdit>? extra = null)
    {
        var edits = new List<TextEdit> { new(new TextSpan(span.Start, 0), prefix), new(new TextSpan(span.End, 0), suffix) };
        if (extra is not null) edits.AddRange(extra);
        return new Fix(title, edits, preferred);
    }

    /// <summary>
    /// TypeScript: inserts <paramref name="statement"/> at the end of a block body: on its own line, indented like
    /// the body's last line, when the closing brace has a line of its own; otherwise right after the last code
    /// (with a semicolon when that code lacks one, since no line break will end it).
    /// </summary>
    public static Fix AddReturnBeforeClose(SourceText text, TextSpan body, string statement)
    {
        string s = text.Text;
        int close = body.End - 1;
        if (close < 0 || close >= s.Length || s[close] != '}')
            return new Fix("Add return {}", [new TextEdit(new TextSpan(body.End, 0), "\n  " + statement + "\n")]);
        int before = close - 1;
        while (before > body.Start && char.IsWhiteSpace(s[before])) before--;
        int closeLine = text.LineOf(close);
        int lineStart = text.LineStart(closeLine);
        if (s.AsSpan(lineStart, close - lineStart).IsWhiteSpace())
        {
            string indent = text.LineOf(before) > text.LineOf(body.Start)
                ? IndentOf(text, before)
                : s[lineStart..close] + "  ";
            return new Fix("Add return {}", [new TextEdit(new TextSpan(lineStart, 0), indent + statement + "\n")]);
        }
        string lead = s[before] is ';' or '{' ? " " : "; ";
        return new Fix("Add return {}", [new TextEdit(new TextSpan(before + 1, 0), lead + statement)]);
    }

    /// <summary>The whitespace that starts the line holding <paramref name="offset"/>.</summary>
    public static string IndentOf(SourceText text, int offset)
    {
        int start = text.LineStart(text.LineOf(offset));
        int i = start;
        while (i < text.Length && text.Text[i] is ' ' or '\t') i++;
        return text.Text[start..i];
    }
}
