// Helpers for pflow tests: locating fixtures, analysing a workflow text, and reading inline expectations.
using System.Text.RegularExpressions;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Pflow;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

/// <summary>
/// One expected diagnostic, written in a fixture as a comment: <c>&lt;!-- expect: PF101@17 "text" --&gt;</c> in
/// Markdown, or <c># expect: ...</c> inside a Python block or a YAML continuation line. It names the line above
/// it (the nearest line that is not an expectation; <c>expect^2</c> skips one more), an optional 1-based column,
/// and a part of the message (<c>\n</c> for a line break, <c>\"</c> for a quote).
/// </summary>
public sealed record Expectation(int Line, string Code, int? Column, string? Message);

public static class PflowTestSupport
{
    private static readonly Regex ExpectRe = new(@"(?:<!--|#)\s*expect(?:\^(\d+))?:\s*([A-Z]{2}\d{3})(?:@(\d+))?\s*(?:""(.*)"")?", RegexOptions.Compiled);

    public static string Fixture(params string[] parts) => RepoPaths.Fixtures(parts);

    /// <summary>
    /// Analyses a workflow. The pflow version is explicit: <paramref name="version"/> when given, else 0.8 unless
    /// <paramref name="later"/> (the tests written for 0.8 keep checking 0.8's behaviour exactly).
    /// </summary>
    public static PflowAnalysis Analyze(string text, string path = "/ws/flow.pflow.md", JObject? samples = null, bool later = false, PflowVersion? version = null) =>
        (PflowAnalysis)new PflowDialect().Analyze(new AnalysisRequest
        {
            Path = path,
            Text = SourceText.From(text),
            Context = NodeContext.ForDialect(DialectIds.Pflow, NodeLanguage.Markdown),
            Samples = samples is null ? SampleSet.Empty : new SampleSet(samples),
            Settings = new AnalysisSettings { PflowVersion = version ?? (later ? PflowVersion.Current : PflowVersion.V0_8) },
            WorkspaceRoot = "/ws",
        }, CancellationToken.None);

    public static List<Expectation> ReadExpectations(SourceText text)
    {
        var result = new List<Expectation>();
        var isExpect = new bool[text.LineCount];
        for (int i = 0; i < text.LineCount; i++) isExpect[i] = ExpectRe.IsMatch(text.LineText(i).TrimStart()) && IsCommentLine(text.LineText(i));
        for (int i = 0; i < text.LineCount; i++)
        {
            if (!isExpect[i]) continue;
            var m = ExpectRe.Match(text.LineText(i));
            int skip = m.Groups[1].Success ? int.Parse(m.Groups[1].Value) : 1;
            int target = i;
            while (skip > 0 && target > 0)
            {
                target--;
                if (!isExpect[target]) skip--;
            }
            result.Add(new Expectation(target, m.Groups[2].Value, m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : null,
                m.Groups[4].Success ? Unescape(m.Groups[4].Value) : null));
        }
        return result;
    }

    /// <summary>An expectation's text may write a line break as <c>\n</c> and a quote as <c>\"</c> (multi-line messages).</summary>
    private static string Unescape(string text) => text.Replace("\\n", "\n").Replace("\\\"", "\"");

    private static bool IsCommentLine(string line)
    {
        string t = line.TrimStart();
        return t.StartsWith("<!--", StringComparison.Ordinal) || t.StartsWith("# expect", StringComparison.Ordinal);
    }

    /// <summary>Compares diagnostics with the expectations; returns a readable list of differences (empty when equal).</summary>
    public static List<string> Compare(SourceText text, IReadOnlyList<Diagnostic> diagnostics, List<Expectation> expected)
    {
        var problems = new List<string>();
        var remaining = diagnostics.ToList();
        foreach (var e in expected)
        {
            var match = remaining.FirstOrDefault(d =>
            {
                var p = text.PositionOf(d.Span.Start);
                return p.Line == e.Line && d.Code == e.Code && (e.Column is null || p.Character + 1 == e.Column)
                       && (e.Message is null || d.Message.Contains(e.Message, StringComparison.Ordinal));
            });
            if (match is null)
            {
                var near = diagnostics.Where(d => text.PositionOf(d.Span.Start).Line == e.Line)
                    .Select(d => $"{d.Code}@{text.PositionOf(d.Span.Start).Character + 1} {d.Message.Split('\n')[0]}");
                problems.Add($"missing line {e.Line + 1}: {e.Code}@{e.Column} \"{e.Message}\"; on that line: [{string.Join(" | ", near)}]");
            }
            else remaining.Remove(match);
        }
        foreach (var d in remaining)
        {
            var p = text.PositionOf(d.Span.Start);
            problems.Add($"unexpected line {p.Line + 1}: {d.Code}@{p.Character + 1} {d.Message.Split('\n')[0]}");
        }
        return problems;
    }
}
