// Stack AI analysis never throws: every fixture cut at many points, analysed as Python and as TypeScript, with
// completion and hover asked everywhere along the way.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Dialects.StackAi;

public class StackAiRobustnessTests
{
    public static IEnumerable<object[]> AllFiles() => StackAiFixtures.Files(".py").Concat(StackAiFixtures.Files(".ts"));

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Prefixes_AnalyseWithoutThrowing(string file)
    {
        var fixture = CaretFixture.Parse(File.ReadAllText(Path.Combine(StackAiFixtures.Folder, file)));
        string text = fixture.Text;
        int step = Math.Max(1, text.Length / 60);
        int analysed = 0;
        foreach (var language in new[] { NodeLanguage.Python, NodeLanguage.TypeScript })
        {
            for (int cut = 0; cut <= text.Length; cut += step)
            {
                string prefix = text[..cut];
                var analysis = StackAiFixtures.Analyze(prefix, fixture.Header, language);
                foreach (var d in analysis.Diagnostics)
                    Assert.True(d.Span.Start >= 0 && d.Span.End <= prefix.Length, $"{file} cut at {cut}: {d.Code} span {d.Span} outside the text");
                analysis.Complete(prefix.Length, CancellationToken.None);
                analysis.Hover(Math.Max(0, prefix.Length - 3), CancellationToken.None);
                analysis.Symbols(CancellationToken.None);
                analysed++;
            }
        }
        Assert.True(analysed >= 2);
    }

    [Theory]
    [InlineData(NodeLanguage.Python)]
    [InlineData(NodeLanguage.TypeScript)]
    public void DeepNestingAndGarbage_AnalyseWithoutThrowing(NodeLanguage language)
    {
        string[] inputs =
        [
            "def main(args):\n    return " + new string('[', 50_000),
            "function main(args) { return " + new string('(', 50_000),
            new string('{', 20_000) + new string('}', 10_000),
            "\0\uFFFF\uD800 main(args) ``${`${`",
            "def main(args):\n" + string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', i % 40) + "if x:\n")),
        ];
        foreach (var text in inputs)
        {
            var analysis = StackAiFixtures.Analyze(text, """{"upstream": {"in-0": 1}}""", language);
            Assert.All(analysis.Diagnostics, d => Assert.True(d.Span.End <= text.Length));
        }
    }
}
