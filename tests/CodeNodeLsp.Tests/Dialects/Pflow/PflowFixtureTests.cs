// Fixture tests: each tests/fixtures/pflow/*.pflow.md carries its expected diagnostics as inline comments.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

public class PflowFixtureTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(PflowTestSupport.Fixture("pflow"), "*.pflow.md").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Diagnostics_match_the_inline_expectations(string file)
    {
        string content = File.ReadAllText(PflowTestSupport.Fixture("pflow", file));
        var text = SourceText.From(content);
        var expected = PflowTestSupport.ReadExpectations(text);
        var analysis = PflowTestSupport.Analyze(content, "/ws/" + file);
        var problems = PflowTestSupport.Compare(text, analysis.Diagnostics, expected);
        Assert.True(problems.Count == 0, $"{file}:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Every_fixture_file_has_expectations_or_is_meant_clean()
    {
        foreach (var f in Directory.GetFiles(PflowTestSupport.Fixture("pflow"), "*.pflow.md"))
        {
            var text = SourceText.From(File.ReadAllText(f));
            bool clean = Path.GetFileName(f).StartsWith("clean", StringComparison.Ordinal);
            Assert.True(clean || PflowTestSupport.ReadExpectations(text).Count > 0, $"{Path.GetFileName(f)} has no expectations");
        }
    }
}
