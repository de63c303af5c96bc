// Fixture tests: each tests/fixtures/pflow/*.pflow.md (pflow 0.8) and tests/fixtures/pflow-current/*.pflow.md (current pflow) carries its expected diagnostics as inline comments.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Tests.Dialects.Pflow;

public class PflowFixtureTests
{
    /// <summary>The fixture folders and the pflow version each is analysed with (explicitly: 0.8 fixtures stay 0.8).</summary>
    private static readonly (string Folder, PflowVersion Version)[] Folders = [("pflow", PflowVersion.V0_8), ("pflow-current", PflowVersion.Current)];

    public static TheoryData<string, string> Fixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var (folder, _) in Folders)
            foreach (var f in Directory.GetFiles(PflowTestSupport.Fixture(folder), "*.pflow.md").OrderBy(f => f, StringComparer.Ordinal))
                data.Add(folder, Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Diagnostics_match_the_inline_expectations(string folder, string file)
    {
        string content = File.ReadAllText(PflowTestSupport.Fixture(folder, file));
        var text = SourceText.From(content);
        var expected = PflowTestSupport.ReadExpectations(text);
        var version = Folders.Single(f => f.Folder == folder).Version;
        var analysis = PflowTestSupport.Analyze(content, "/ws/" + file, version: version);
        var problems = PflowTestSupport.Compare(text, analysis.Diagnostics, expected);
        Assert.True(problems.Count == 0, $"{folder}/{file}:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Every_fixture_file_has_expectations_or_is_meant_clean()
    {
        foreach (var (folder, _) in Folders)
            foreach (var f in Directory.GetFiles(PflowTestSupport.Fixture(folder), "*.pflow.md"))
            {
                var text = SourceText.From(File.ReadAllText(f));
                bool clean = Path.GetFileName(f).StartsWith("clean", StringComparison.Ordinal);
                Assert.True(clean || PflowTestSupport.ReadExpectations(text).Count > 0, $"{folder}/{Path.GetFileName(f)} has no expectations");
            }
    }
}
