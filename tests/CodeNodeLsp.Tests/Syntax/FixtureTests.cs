// Golden tree dumps of tests/fixtures/syntax/{ok,err}: ok files (3.12 syntax included) parse cleanly, err files recover with the errors marked inline.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Tests.Support;
using Assert = Xunit.Assert;

namespace CodeNodeLsp.Tests.Syntax;

public class FixtureTests
{
    public static TheoryData<string> OkFiles() => Files("ok");
    public static TheoryData<string> ErrFiles() => Files("err");

    private static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.Fixtures("syntax", folder), "*.py").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(OkFiles))]
    public void Valid_fixture_parses_without_errors(string name)
    {
        var path = RepoPaths.Fixtures("syntax", "ok", name);
        var r = PythonParser.Parse(File.ReadAllText(path));
        Assert.True(r.Errors.Count == 0, $"{name}: {string.Join("; ", r.Errors.Select(e => StdlibConformanceTests.Describe(r.Text, e)))}");
        Assert.Null(TreeInvariants.Violation(r));
        Golden.Check(Path.ChangeExtension(path, ".tree"), TreeDump.Dump(r));
    }

    [Theory]
    [MemberData(nameof(ErrFiles))]
    public void Broken_fixture_recovers_with_errors(string name)
    {
        // Each error is marked inline under the code it points at (`#   ^ CN001 message`); the marker lines are
        // removed before parsing, and every error must be marked and every mark matched.
        var path = RepoPaths.Fixtures("syntax", "err", name);
        var fixture = CaretFixture.Parse(File.ReadAllText(path));
        Assert.NotEmpty(fixture.Expected);
        var r = PythonParser.Parse(fixture.Text);
        var problems = fixture.Compare(r.Errors.Select(e => Diagnostic.Of(CommonRules.SyntaxError, e.Span, e.Message)));
        Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));
        Assert.Null(TreeInvariants.Violation(r));
        Golden.Check(Path.ChangeExtension(path, ".tree"), TreeDump.Dump(r));
    }
}
