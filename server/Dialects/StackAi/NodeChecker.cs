// The part of a Stack AI checker both languages share: its state, and the reports about a missing or repeated main.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Dialects.StackAi;

internal abstract class NodeChecker
{
    protected NodeChecker(AnalysisRequest request, StackAiOptions options)
    {
        Request = request;
        Options = options;
    }

    protected AnalysisRequest Request { get; }
    protected StackAiOptions Options { get; }
    protected SourceText Source => Request.Text;
    protected List<Diagnostic> Diagnostics { get; } = [];
    protected StackAiFacts Facts { get; } = new();

    /// <summary>Runs the language's checks, then the shared ones, and packs the result with its editor features.</summary>
    public StackAiAnalysis Analyze()
    {
        Diagnostics.AddRange(Options.Problems);
        var imports = Run();
        SharedChecks.CheckDependencies(Request, imports, Diagnostics);
        SharedChecks.CheckUpstreamKeys(Request, Options, Facts, Diagnostics);
        return new StackAiAnalysis(Request, Diagnostics, Facts);
    }

    /// <summary>The language's own checks; fills Diagnostics and Facts and returns the imports it found.</summary>
    protected abstract IReadOnlyList<ImportRef> Run();

    /// <summary>
    /// There is no top-level main: SA002 for each nested one (with where it is), otherwise SA003 when a top-level
    /// function's name is a near miss, otherwise SA001 with a skeleton.
    /// </summary>
    protected void ReportNoMain(IReadOnlyList<(TextSpan Span, string Owner)> nested, IEnumerable<(string Name, TextSpan Span)> functions, Fix skeleton)
    {
        foreach (var (span, owner) in nested)
            Diagnostics.Add(Diagnostic.Of(StackAiRules.NestedMain, span,
                $"main is defined inside {owner}; the platform only finds a main defined at the top level."));
        if (nested.Count > 0) return;
        var list = functions.Where(f => f.Name.Length > 0).ToList();
        if (Suggestions.Closest("main", list.Select(f => f.Name)) is { } near)
        {
            var span = list.First(f => f.Name == near).Span;
            Diagnostics.Add(Diagnostic.Of(StackAiRules.MisnamedMain, span,
                $"The platform calls main(args), but this code defines \"{near}\" and no main.",
                new Fix("Rename to main", [new TextEdit(span, "main")], IsPreferred: true)));
            return;
        }
        Diagnostics.Add(Diagnostic.Of(StackAiRules.MissingMain, SharedChecks.Anchor(Request),
            "The code defines no top-level main(args); the platform calls main and uses its return value as the node output.", skeleton));
    }

    /// <summary>SA005 on every main but the last, which is the one that counts.</summary>
    protected void ReportDuplicates(IReadOnlyList<TextSpan> mains, string consequence)
    {
        int lastLine = Source.LineOf(mains[^1].Start) + 1;
        foreach (var earlier in mains.Take(mains.Count - 1))
            Diagnostics.Add(Diagnostic.Of(StackAiRules.DuplicateMain, earlier, $"main is defined again on line {lastLine}; {consequence}"));
    }
}
