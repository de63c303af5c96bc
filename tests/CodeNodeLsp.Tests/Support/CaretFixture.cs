// Fixtures with inline expectations: comment lines of carets under the code they mark, stripped before analysis.
using System.Text.RegularExpressions;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Tests.Support;

/// <summary>One expected diagnostic: line and column in the stripped text, how many carets, code and message part.</summary>
public sealed record CaretExpectation(int Line, int Column, int Length, string Code, string Message)
{
    public override string ToString() => $"{Line + 1}:{Column + 1}+{Length} {Code} {Message}";
}

/// <summary>
/// Reads a fixture (ANCHORS.md §8.4). A line such as <c>#   ^^^^ SA004 main takes</c> (or <c>//</c> in TypeScript)
/// marks the line above it: the carets stand under the columns they mark, except that carets right after a marker
/// at the start of the line (<c>#^^^</c>, <c>//^^^</c>) start at column 0, as does a line that starts with the
/// carets themselves (<c>^^^ VX006</c>). The code and a part of the message follow (an empty part matches any
/// message). Several marker lines may follow one code line. An optional first line <c># fixture: {...}</c>
/// carries settings for the test. Marker and header lines are removed, and the positions are those of the
/// remaining text.
/// </summary>
public sealed partial class CaretFixture
{
    [GeneratedRegex(@"^(?<marker>#|//)?(?<pad> *)(?<carets>\^+)\s+(?<code>[A-Z]{2}\d{3})\b\s*(?<message>.*?)\s*$")]
    private static partial Regex MarkerLine();

    [GeneratedRegex(@"^(#|//) fixture: (?<json>.*)$")]
    private static partial Regex HeaderLine();

    public required string Text { get; init; }
    public required string? Header { get; init; }
    public required IReadOnlyList<CaretExpectation> Expected { get; init; }

    public static CaretFixture Parse(string raw)
    {
        var lines = raw.Replace("\r\n", "\n").Split('\n');
        var kept = new List<string>();
        var expected = new List<CaretExpectation>();
        string? header = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (i == 0 && HeaderLine().Match(line) is { Success: true } h)
            {
                header = h.Groups["json"].Value;
                continue;
            }
            var m = MarkerLine().Match(line);
            // A line of spaces and carets without a marker is code (say, inside a string), not an expectation.
            if (m.Success && (m.Groups["marker"].Success || m.Groups["pad"].Length == 0))
            {
                if (kept.Count == 0) throw new FormatException($"Marker on line {i + 1} has no code line above it.");
                int column = m.Groups["pad"].Length == 0 ? 0 : m.Groups["carets"].Index;
                expected.Add(new CaretExpectation(kept.Count - 1, column, m.Groups["carets"].Length, m.Groups["code"].Value, m.Groups["message"].Value));
                continue;
            }
            kept.Add(line);
        }
        return new CaretFixture { Text = string.Join("\n", kept), Header = header, Expected = expected };
    }

    /// <summary>
    /// Compares diagnostics with the expectations and returns a readable list of differences (empty when they
    /// agree). A diagnostic spanning lines is compared on its first line; an empty span counts as one caret.
    /// </summary>
    public IReadOnlyList<string> Compare(IEnumerable<Diagnostic> diagnostics)
    {
        var source = SourceText.From(Text);
        var unmatched = Expected.ToList();
        var problems = new List<string>();
        foreach (var d in diagnostics.OrderBy(d => d.Span.Start))
        {
            var pos = source.PositionOf(d.Span.Start);
            int end = Math.Min(d.Span.End, source.LineEnd(pos.Line));
            int length = Math.Max(1, end - d.Span.Start);
            var match = unmatched.FirstOrDefault(e => e.Line == pos.Line && e.Column == pos.Character && e.Length == length
                && e.Code == d.Code && d.Message.Contains(e.Message, StringComparison.Ordinal));
            if (match is not null)
            {
                unmatched.Remove(match);
                continue;
            }
            problems.Add($"unexpected: {pos.Line + 1}:{pos.Character + 1}+{length} {d.Code} {d.Severity}: {d.Message}");
        }
        foreach (var e in unmatched) problems.Add($"missing:    {e}");
        return problems;
    }
}
