// Suppression comments and the rule configuration: what they silence, how they re-rate, and the fixes that write them.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Tests.Analysis;

public class SuppressionsTests
{
    private static Diagnostic At(SourceText text, int line, string code, Severity severity = Severity.Error) =>
        new(new TextSpan(text.LineStart(line), 1), severity, code, "m");

    [Fact]
    public void LineComment_SilencesListedCodesOnItsLineOnly()
    {
        var text = SourceText.From("a = 1  # codenode: ignore[PF101, pf104]\nb = 2\n");
        var kept = Suppressions.Apply(text, CommentStyle.Hash, [At(text, 0, "PF101"), At(text, 0, "PF104"), At(text, 0, "PF202"), At(text, 1, "PF101")]);
        Assert.Equal(["PF202", "PF101"], kept.Select(d => d.Code));
        Assert.Equal(1, text.LineOf(kept[1].Span.Start));
    }

    [Fact]
    public void BareLineComment_SilencesEveryCode_AndMustEndTheLine()
    {
        var text = SourceText.From("a = 1  # codenode: ignore\ns = '# codenode: ignore' + x\n");
        var kept = Suppressions.Apply(text, CommentStyle.Hash, [At(text, 0, "SA040"), At(text, 0, "CN001"), At(text, 1, "SA040")]);
        // The second line only holds the words inside a string, so nothing is silenced there.
        Assert.Equal(["SA040"], kept.Select(d => d.Code));
        Assert.Equal(1, text.LineOf(kept[0].Span.Start));
    }

    [Fact]
    public void CommentLeader_FollowsTheLanguage()
    {
        var text = SourceText.From("const a = 1; // codenode: ignore[SA040]\nconst b = 2; # codenode: ignore[SA040]\n");
        var kept = Suppressions.Apply(text, CommentStyle.Slash, [At(text, 0, "SA040"), At(text, 1, "SA040")]);
        Assert.Equal(1, text.LineOf(Assert.Single(kept).Span.Start));
    }

    [Theory]
    [InlineData("# codenode: ignore-file[VX020]\nx\n", CommentStyle.Hash)]
    [InlineData("x\n// codenode: ignore-file[VX020]\n", CommentStyle.Slash)]
    [InlineData("# T\n<!-- codenode: ignore-file[VX020] -->\nx\n", CommentStyle.PflowMarkdown)]
    public void FileComment_SilencesTheCodeEverywhere(string source, CommentStyle style)
    {
        var text = SourceText.From(source);
        var kept = Suppressions.Apply(text, style, [At(text, 0, "VX020"), At(text, 1, "VX020"), At(text, 1, "VX011")]);
        Assert.Equal(["VX011"], kept.Select(d => d.Code));
    }

    [Fact]
    public void JsonHasNoComments_NothingIsSilenced()
    {
        var text = SourceText.From("{\"a\": 1} # codenode: ignore\n");
        var list = new[] { At(text, 0, "MF006") };
        Assert.Single(Suppressions.Apply(text, CommentStyle.None, list));
        Assert.Null(Suppressions.LineFix(text, CommentStyle.None, list[0].Span, "MF006"));
    }

    [Fact]
    public void LineFix_AppendsAComment_OrExtendsTheExistingOne_AndTheResultSilences()
    {
        var text = SourceText.From("import requests   \nx = 1  # codenode: ignore[SA006]\n");
        var fix = Suppressions.LineFix(text, CommentStyle.Hash, new TextSpan(7, 8), "SA040")!;
        Assert.Equal("Ignore SA040 on this line", fix.Title);
        var after = text.WithEdits(fix.Edits);
        Assert.Equal("import requests  # codenode: ignore[SA040]\nx = 1  # codenode: ignore[SA006]\n", after.Text);
        Assert.Empty(Suppressions.Apply(after, CommentStyle.Hash, [At(after, 0, "SA040")]));

        var second = Suppressions.LineFix(text, CommentStyle.Hash, new TextSpan(text.LineStart(1), 1), "SA030")!;
        Assert.Equal("x = 1  # codenode: ignore[SA006, SA030]", text.WithEdits(second.Edits).LineText(1));
    }

    [Fact]
    public void FileFix_GoesAfterThePragma_AndIsNotReadAsAPragma()
    {
        var text = SourceText.From("# codenode: voxworks\ndef run():\n    return True\n");
        var fix = Suppressions.FileFix(text, CommentStyle.Hash, "VX020")!;
        var after = text.WithEdits(fix.Edits);
        Assert.Equal("# codenode: voxworks\n# codenode: ignore-file[VX020]\ndef run():\n    return True\n", after.Text);
        Assert.Empty(Suppressions.Apply(after, CommentStyle.Hash, [At(after, 2, "VX020")]));
        Assert.Null(CodeNodeLsp.Workspace.CodeNodeLocator.FindPragma("# codenode: ignore-file[VX020]\n"));
        Assert.Null(CodeNodeLsp.Workspace.CodeNodeLocator.FindPragma("# codenode: ignore\n"));
        Assert.Equal("stackai", CodeNodeLsp.Workspace.CodeNodeLocator.FindPragma("# codenode: stackai\n")!.Value.Dialect);
    }

    [Fact]
    public void Pflow_LineFixOnlyWherePflowReadsAComment_FileFixIsAnHtmlCommentAfterTheTitle()
    {
        const string source = "# Title\n\nProse.\n\n## Steps\n\n### a\n\nDoes.\n\n- type: http\n- url: ${nope.x}\n\n```python code\nprint(1)\n```\n\n```markdown prompt\nHi ${nope}\n```\n";
        var text = SourceText.From(source);
        int Line(string s) => text.LineOf(source.IndexOf(s, StringComparison.Ordinal));
        Assert.True(Suppressions.PflowLineTakesComment(text, Line("- url")));
        Assert.True(Suppressions.PflowLineTakesComment(text, Line("print(1)")));
        Assert.False(Suppressions.PflowLineTakesComment(text, Line("Hi ${nope}")));
        Assert.False(Suppressions.PflowLineTakesComment(text, Line("Prose.")));
        Assert.False(Suppressions.PflowLineTakesComment(text, Line("```python")));
        Assert.Null(Suppressions.LineFix(text, CommentStyle.PflowMarkdown, new TextSpan(source.IndexOf("Hi", StringComparison.Ordinal), 2), "PF101"));
        var file = Suppressions.FileFix(text, CommentStyle.PflowMarkdown, "PF101")!;
        Assert.StartsWith("# Title\n<!-- codenode: ignore-file[PF101] -->\n\nProse.", text.WithEdits(file.Edits).Text);
    }

    [Fact]
    public void RuleConfig_IgnoresByCodeOrPrefix_AndTheLongestSeveritySelectorWins()
    {
        var problems = new List<string>();
        var config = RuleConfig.From(["pf104"], [new("PF", "warning"), new("PF2", "hint"), new("PF208", "off")], problems);
        Assert.Empty(problems);
        Assert.Null(config.Apply(new Diagnostic(default, Severity.Error, "PF104", "m")));
        Assert.Null(config.Apply(new Diagnostic(default, Severity.Error, "PF208", "m")));
        Assert.Equal(Severity.Hint, config.Apply(new Diagnostic(default, Severity.Error, "PF202", "m"))!.Severity);
        Assert.Equal(Severity.Warning, config.Apply(new Diagnostic(default, Severity.Error, "PF101", "m"))!.Severity);
        Assert.Equal(Severity.Error, config.Apply(new Diagnostic(default, Severity.Error, "SA001", "m"))!.Severity);
    }

    [Fact]
    public void RuleConfig_ReportsUnknownCodesAndSeverities_AndMergePrefersTheFirst()
    {
        var problems = new List<string>();
        var config = RuleConfig.From(["PF10l", "ZZ"], [new("PF101", "loud")], problems);
        Assert.True(config.IsEmpty);
        Assert.Equal(3, problems.Count);
        Assert.Contains("PF101", problems[0]); // "did you mean" for the typo
        var editor = RuleConfig.From([], [new("PF101", "hint")], problems);
        var project = RuleConfig.From(["SA040"], [new("PF101", "warning")], problems);
        var merged = RuleConfig.Merge(editor, project);
        Assert.Equal(Severity.Hint, merged.Apply(new Diagnostic(default, Severity.Error, "PF101", "m"))!.Severity);
        Assert.Null(merged.Apply(new Diagnostic(default, Severity.Warning, "SA040", "m")));
    }
}
