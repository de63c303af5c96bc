// Quick fixes for Voxworks diagnostics: edits in offsets of the step's text, built once and carried in the diagnostic.
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using Attribute = CodeNodeLsp.Syntax.Python.Attribute;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Dialects.Voxworks;

public static class VoxworksFixes
{
    private const string Indent = "    ";

    /// <summary>Fixes that edit every line of a block are not offered beyond this many lines (a pasted log, not a step).</summary>
    public const int MaxFixLines = 5000;

    public static Fix Replace(string title, TextSpan span, string newText) =>
        new(title, [new TextEdit(span, newText)], IsPreferred: true);

    /// <summary>An empty step gets the smallest valid one.</summary>
    public static Fix AddRunSkeleton(SourceText source) =>
        new("Add def run():", [new TextEdit(new TextSpan(source.Length, 0),
            (source.Length > 0 && !EndsWithNewline(source.Text) ? "\n" : "") + "def run():\n" + Indent + "return False\n")], true);

    /// <summary>
    /// Wraps top-level statements (and everything between them) into <c>def run():</c>, ending with a return.
    /// Null when the code is longer than <see cref="MaxFixLines"/>.
    /// </summary>
    public static Fix? WrapInRun(SourceText source, IReadOnlyList<Stmt> statements)
    {
        int firstLine = source.LineOf(statements[0].Span.Start);
        int lastLine = source.LineOf(Math.Max(statements[^1].Span.Start, statements[^1].Span.End - 1));
        if (lastLine - firstLine >= MaxFixLines) return null;
        var edits = new List<TextEdit> { new(new TextSpan(source.LineStart(firstLine), 0), "def run():\n") };
        for (int line = firstLine; line <= lastLine; line++)
        {
            if (source.LineText(line).Trim().Length == 0) continue;
            int start = source.LineStart(line);
            // The insertion at the first line's start is merged so the edits never share an offset.
            if (line == firstLine) edits[0] = new TextEdit(new TextSpan(start, 0), "def run():\n" + Indent);
            else edits.Add(new TextEdit(new TextSpan(start, 0), Indent));
        }
        if (statements[^1] is not Return)
            edits.Add(new TextEdit(new TextSpan(source.LineEnd(lastLine), 0), "\n" + Indent + "return False"));
        return new Fix("Wrap the code in def run():", edits, true);
    }

    /// <summary>
    /// Moves top-level statements to the start of run()'s body, re-indented. Null when a statement shares a line
    /// with run() or run() has no body to insert before.
    /// </summary>
    public static Fix? MoveIntoRun(SourceText source, IReadOnlyList<Stmt> statements, FunctionDef run)
    {
        if (run.Body.Count == 0 || statements.Count > MaxFixLines) return null;
        int runFirst = source.LineOf(run.Span.Start), runLast = source.LineOf(Math.Max(run.Span.Start, run.Span.End - 1));
        var bodyPos = source.PositionOf(run.Body[0].Span.Start);
        if (bodyPos.Line == runFirst) return null; // def run(): return True on one line.
        string bodyIndent = source.LineText(bodyPos.Line)[..bodyPos.Character];

        var moved = new StringBuilder();
        var edits = new List<TextEdit>();
        foreach (var stmt in statements)
        {
            int first = source.LineOf(stmt.Span.Start), last = source.LineOf(Math.Max(stmt.Span.Start, stmt.Span.End - 1));
            if (last >= runFirst && first <= runLast) return null;
            int baseIndent = source.PositionOf(stmt.Span.Start).Character;
            for (int line = first; line <= last; line++)
            {
                string t = source.LineText(line);
                int strip = Math.Min(baseIndent, LeadingWhitespace(t));
                moved.Append(t.Length == 0 ? "" : bodyIndent + t[strip..]).Append('\n');
            }
            int end = last + 1 < source.LineCount ? source.LineStart(last + 1) : source.Length;
            edits.Add(new TextEdit(TextSpan.FromBounds(source.LineStart(first), end), ""));
        }
        edits.Add(new TextEdit(new TextSpan(source.LineStart(bodyPos.Line), 0), moved.ToString()));
        return new Fix("Move top-level statements into run()", edits, true);
    }

    /// <summary>Removes <paramref name="indent"/> columns of leading whitespace from every line of run().</summary>
    public static Fix? Dedent(SourceText source, FunctionDef run, int indent)
    {
        int first = source.LineOf(run.Span.Start), last = source.LineOf(Math.Max(run.Span.Start, run.Span.End - 1));
        if (last - first >= MaxFixLines) return null;
        var edits = new List<TextEdit>();
        for (int line = first; line <= last; line++)
        {
            int strip = Math.Min(indent, LeadingWhitespace(source.LineText(line)));
            if (strip > 0) edits.Add(new TextEdit(new TextSpan(source.LineStart(line), strip), ""));
        }
        return new Fix("Move def run(): to column 0", edits, true);
    }

    /// <summary>Adds <c>return False</c> after the last statement of run(), at the body's indentation.</summary>
    public static Fix AddReturnFalse(SourceText source, FunctionDef run)
    {
        var last = run.Body[^1];
        var firstPos = source.PositionOf(run.Body[0].Span.Start);
        int defLine = source.LineOf(run.Span.Start);
        string indent = firstPos.Line == defLine ? Indent : source.LineText(firstPos.Line)[..firstPos.Character];
        int lastLine = source.LineOf(Math.Max(last.Span.Start, last.Span.End - 1));
        return new Fix("Add return False at the end of run()",
            [new TextEdit(new TextSpan(source.LineEnd(lastLine), 0), "\n" + indent + "return False")], true);
    }

    /// <summary>Empties run()'s parameter list (keeps the parentheses).</summary>
    public static Fix? RemoveParameters(SourceText source, FunctionDef run)
    {
        string text = source.Text;
        int open = text.IndexOf('(', run.Name.Span.End);
        if (open < 0 || run.Parameters.Items.Count == 0) return null;
        int close = run.Parameters.Items[^1].Span.End;
        while (close < text.Length && text[close] != ')') close++;
        if (close >= text.Length) return null;
        return new Fix("Remove run()'s parameters", [new TextEdit(TextSpan.FromBounds(open + 1, close), "")], true);
    }

    /// <summary>
    /// <c>"{{contact.email}}"</c> → <c>{{contact.email}}</c> when the string literal is exactly the placeholder;
    /// otherwise null, because removing quotes from a longer text would change what the code means.
    /// </summary>
    public static Fix? Unquote(string text, StringLiteral literal, TextSpan placeholder)
    {
        if (literal.IsFString || literal.IsBytes || literal.Parts.Count != 1) return null;
        var part = literal.Parts[0];
        int quoteLen = placeholder.Start - part.Start;
        if (quoteLen is not (1 or 3) || part.End - placeholder.End != quoteLen) return null;
        char q = text[part.Start];
        if (q is not ('"' or '\'')) return null;
        return new Fix("Remove the quotes to use the variable's value",
            [new TextEdit(part, text.Substring(placeholder.Start, placeholder.Length))], false);
    }

    private static int LeadingWhitespace(string line)
    {
        int i = 0;
        while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
        return i;
    }

    private static bool EndsWithNewline(string s) => s.EndsWith('\n') || s.EndsWith('\r');
}
