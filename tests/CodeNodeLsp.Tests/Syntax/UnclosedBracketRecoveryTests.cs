// Half-typed lines on real code: standard-library files with one closing bracket deleted must keep their later statements.
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Syntax;

/// <summary>
/// The most common broken state of a node being typed is a line whose closing bracket is not written yet. This
/// test makes that state from real code: in a fixed sample of valid standard-library files it deletes the bracket
/// that closes a logical line, parses, and compares with the intact file. Every statement that starts after the
/// broken line should still be there (same line, same kind), and the first error should be on the line where
/// CPython's compile() reports it.
/// </summary>
public class UnclosedBracketRecoveryTests(ITestOutputHelper output)
{
    private const int FileStride = 25;      // every 25th valid file, in path order
    private const int CutsPerFile = 6;      // spread over each file's candidate lines

    private sealed record Cut(string Path, int Line, string Text, HashSet<(int, string)> Later);

    [Fact]
    public void Statements_after_a_line_missing_its_closing_bracket_survive()
    {
        var cuts = MakeCuts();
        Assert.True(cuts.Count >= 150, $"only {cuts.Count} cuts were made");

        var verdicts = JArray.Parse(Python3.Run(InvalidCorpusTests.CompileScript, JsonConvert.SerializeObject(cuts.Select(c => c.Text))));
        Assert.Equal(cuts.Count, verdicts.Count);

        long expected = 0, kept = 0;
        int sameLine = 0, withoutError = 0, whole = 0;
        var worst = new List<(double Ratio, string What)>();
        var otherLine = new List<string>();
        foreach (var (cut, verdict) in cuts.Zip(verdicts))
        {
            var r = PythonParser.Parse(cut.Text);
            if (TreeInvariants.Violation(r) is { } v) Assert.Fail($"{cut.Path} without the bracket on line {cut.Line}: unsound tree: {v}");
            if (r.Errors.Count == 0)
            {
                withoutError++;
                continue;
            }
            var later = LaterStatements(r, cut.Text, cut.Line);
            int found = cut.Later.Count(later.Contains);
            expected += cut.Later.Count;
            kept += found;
            if (found == cut.Later.Count) whole++;
            else
                worst.Add(((double)found / cut.Later.Count, $"{cut.Path} line {cut.Line}: {found}/{cut.Later.Count} later statements kept"));

            int cpLine = verdict.Type == JTokenType.Null ? -1 : (int)verdict[0]!;
            int ourLine = InvalidCorpusTests.LineOf(cut.Text, r.Errors[0].Span.Start);
            if (ourLine == cpLine) sameLine++;
            else otherLine.Add($"{cut.Path} line {cut.Line}: CPython line {cpLine}: {verdict[1]} | ours line {ourLine}: {r.Errors[0].Message}");
        }

        double keptRatio = (double)kept / expected;
        double wholeRatio = (double)whole / cuts.Count;
        double lineRatio = (double)sameLine / cuts.Count;
        output.WriteLine($"{cuts.Count} cuts; every later statement kept: {whole}/{cuts.Count} = {wholeRatio:P1}; "
            + $"later statements kept: {kept}/{expected} = {keptRatio:P1}; first error on CPython's line: {sameLine}/{cuts.Count} = {lineRatio:P1}");
        foreach (var w in worst.OrderBy(w => w.Ratio).Take(15)) output.WriteLine(w.What);
        foreach (var o in otherLine.Take(15)) output.WriteLine(o);

        // A missing closing bracket is always a syntax error.
        Assert.Equal(0, withoutError);
        Assert.True(wholeRatio >= 0.97 && keptRatio >= 0.99,
            $"every later statement survives in only {wholeRatio:P1} of the cuts ({keptRatio:P1} of all later statements survive):\n"
            + string.Join("\n", worst.OrderBy(w => w.Ratio).Take(15).Select(w => w.What)));
        Assert.True(lineRatio >= 0.95, $"first error on CPython's line for only {lineRatio:P1}:\n" + string.Join("\n", otherLine.Take(15)));
    }

    /// <summary>Deletes, in each sampled file, the closing bracket that ends a logical line (never one inside a string).</summary>
    private static List<Cut> MakeCuts()
    {
        var (files, _) = StdlibConformanceTests.Corpus.Value;
        var cuts = new List<Cut>();
        var valid = files.Where(f => f.CPythonValid).ToList();
        for (int fi = 0; fi < valid.Count; fi += FileStride)
        {
            var f = valid[fi];
            var r = PythonParser.Parse(f.Text);
            if (r.Errors.Count > 0) continue;
            // The bracket that ends a simple statement (`x = f(a)`), and the one before the ':' of a compound
            // statement's header (`if f(a):`), whose body then follows at a deeper indentation.
            var candidates = new List<Token>();
            Token? previous = null, beforePrevious = null;
            foreach (var t in r.Tokens)
            {
                if (t.Kind is TokenKind.Whitespace or TokenKind.Comment or TokenKind.NonLogicalNewline or TokenKind.LineContinuation) continue;
                if (t.Kind == TokenKind.Newline && previous is { Text: ")" or "]" or "}" } closer) candidates.Add(closer);
                if (t.Kind == TokenKind.Newline && previous is { Text: ":" } && beforePrevious is { Text: ")" or "]" } headerCloser)
                    candidates.Add(headerCloser);
                beforePrevious = previous;
                previous = t;
            }
            candidates.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
            for (int k = 0; k < CutsPerFile && k < candidates.Count; k++)
            {
                var t = candidates[(int)((long)k * candidates.Count / Math.Min(CutsPerFile, candidates.Count))];
                int line = InvalidCorpusTests.LineOf(f.Text, t.Span.Start);
                string text = f.Text.Remove(t.Span.Start, t.Span.Length);
                cuts.Add(new Cut(f.Path, line, text, LaterStatements(r, f.Text, line)));
            }
        }
        return cuts;
    }

    /// <summary>The statements that start on a line after <paramref name="line"/>, as (line, kind).</summary>
    private static HashSet<(int, string)> LaterStatements(ParseResult r, string text, int line) =>
        r.Module.DescendantsAndSelf().OfType<Stmt>()
            .Select(n => (InvalidCorpusTests.LineOf(text, n.Span.Start), n.GetType().Name))
            .Where(s => s.Item1 > line)
            .ToHashSet();
}
