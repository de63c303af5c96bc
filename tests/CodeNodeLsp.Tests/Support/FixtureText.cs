// Fixture files with inline expectations: caret lines under the code say which diagnostics the analysis must give.
using System.Text;
using System.Text.RegularExpressions;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Tests.Support;

/// <summary>One expected diagnostic: zero-based line, start column, length on that line, code, message fragment.</summary>
public sealed record ExpectedDiagnostic(int Line, int Column, int Length, string Code, string Message)
{
    public override string ToString() => $"{Line + 1}:{Column + 1} len {Length} {Code} {Message}";
}

/// <summary>
/// Parses a fixture (ANCHORS.md §8.4). An annotation line is a comment of carets under the line above it:
/// <code>
/// x = getattr(y, "z")
/// #   ^^^^^^^ VX006 Function 'getattr' is not allowed
/// </code>
/// The carets' columns are the diagnostic's columns on the code line above (the nearest non-annotation line);
/// the text after the code is a fragment the message must contain (empty matches any message). A caret line
/// without the leading <c>#</c> (starting with <c>^</c>) marks column 0. Annotation lines are removed before
/// analysis; the remaining text's lines keep their order.
/// </summary>
public sealed class FixtureText
{
    private static readonly Regex Annotation = new(@"^(?<lead>\s*#?\s*)(?<carets>\^+)\s+(?<code>[A-Z]{2}[0-9]{3})\b\s*(?<msg>.*)$", RegexOptions.CultureInvariant);

    private FixtureText(string text, IReadOnlyList<ExpectedDiagnostic> expected)
    {
        Text = text;
        Expected = expected;
    }

    /// <summary>The fixture without its annotation lines.</summary>
    public string Text { get; }

    public IReadOnlyList<ExpectedDiagnostic> Expected { get; }

    public static FixtureText Parse(string raw)
    {
        var output = new StringBuilder(raw.Length);
        var expected = new List<ExpectedDiagnostic>();
        var lines = raw.Replace("\r\n", "\n").Split('\n');
        int kept = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            var m = Annotation.Match(line);
            bool isAnnotation = m.Success && (m.Groups["lead"].Value.Contains('#') || line.StartsWith('^'));
            if (isAnnotation)
            {
                if (kept == 0) throw new FormatException($"Annotation on line {i + 1} has no code line above it.");
                int column = m.Groups["carets"].Index;
                expected.Add(new ExpectedDiagnostic(kept - 1, column, m.Groups["carets"].Length, m.Groups["code"].Value, m.Groups["msg"].Value.Trim()));
                continue;
            }
            if (kept > 0) output.Append('\n');
            output.Append(line);
            kept++;
        }
        return new FixtureText(output.ToString(), expected);
    }

    /// <summary>
    /// Compares diagnostics with the expectations and returns a readable list of differences (empty when they
    /// agree). A diagnostic spanning several lines is compared on its first line; an empty span matches one caret.
    /// </summary>
    public IReadOnlyList<string> Compare(IEnumerable<Diagnostic> actual)
    {
        var source = new SourceText(Text);
        var remaining = new List<ExpectedDiagnostic>(Expected);
        var problems = new List<string>();
        foreach (var d in actual)
        {
            var start = source.PositionOf(d.Span.Start);
            var end = source.PositionOf(d.Span.End);
            int length = end.Line == start.Line ? end.Character - start.Character : source.LineEnd(start.Line) - d.Span.Start;
            int idx = remaining.FindIndex(e => e.Line == start.Line && e.Column == start.Character && e.Code == d.Code
                && (e.Length == length || (length == 0 && e.Length == 1))
                && d.Message.Contains(e.Message, StringComparison.Ordinal));
            if (idx >= 0) remaining.RemoveAt(idx);
            else problems.Add($"unexpected {start.Line + 1}:{start.Character + 1} len {length} {d.Code} {d.Severity}: {d.Message}");
        }
        foreach (var e in remaining) problems.Add($"missing {e}");
        return problems;
    }
}
