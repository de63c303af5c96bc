// Stack AI editor features: completion of upstream ids after args[ / args[" / args.get(" / args., hover samples,
// document symbols and the Run lens.
using CodeNodeLsp.Analysis;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.StackAi;

public class StackAiFeatureTests
{
    private const string Upstream = """{"upstream": {"in-0": "question text", "llm_0": {"text": "answer"}}}""";

    /// <summary>Completes at the $0 cursor and applies the item labelled <paramref name="label"/>.</summary>
    private static string CompleteAndApply(string source, string label, NodeLanguage language, string header = Upstream)
    {
        int cursor = source.IndexOf("$0", StringComparison.Ordinal);
        string text = source.Remove(cursor, 2);
        var analysis = StackAiFixtures.Analyze(text, header, language);
        var items = analysis.Complete(cursor, CancellationToken.None);
        Assert.Equal(["in-0", "llm_0"], items.Select(i => i.Label));
        var item = items.Single(i => i.Label == label);
        var span = item.Replace ?? new CodeNodeLsp.Text.TextSpan(cursor, 0);
        return text[..span.Start] + (item.InsertText ?? item.Label) + text[span.End..];
    }

    [Theory]
    [InlineData("def main(args):\n    x = args[$0\n", "in-0", "def main(args):\n    x = args[\"in-0\"]\n")]
    [InlineData("def main(args):\n    x = args[$0]\n", "in-0", "def main(args):\n    x = args[\"in-0\"]\n")]
    [InlineData("def main(args):\n    x = args[\"in$0\"]\n", "in-0", "def main(args):\n    x = args[\"in-0\"]\n")]
    [InlineData("def main(args):\n    x = args['$0\n", "llm_0", "def main(args):\n    x = args['llm_0']\n")]
    [InlineData("def main(args):\n    x = args.get(\"$0\")\n", "in-0", "def main(args):\n    x = args.get(\"in-0\")\n")]
    [InlineData("def main(data):\n    x = data[\"$0\"]\n", "llm_0", "def main(data):\n    x = data[\"llm_0\"]\n")]
    public void Python_CompletesUpstreamIds(string source, string label, string expected) =>
        Assert.Equal(expected, CompleteAndApply(source, label, NodeLanguage.Python));

    [Theory]
    [InlineData("function main(args) {\n  const x = args.$0\n}", "llm_0", "function main(args) {\n  const x = args.llm_0\n}")]
    [InlineData("function main(args) {\n  const x = args.ll$0\n}", "llm_0", "function main(args) {\n  const x = args.llm_0\n}")]
    [InlineData("function main(args) {\n  const x = args.$0\n}", "in-0", "function main(args) {\n  const x = args[\"in-0\"]\n}")]
    [InlineData("function main(args) {\n  const x = args?.$0\n}", "in-0", "function main(args) {\n  const x = args?.[\"in-0\"]\n}")]
    [InlineData("function main(args) {\n  const x = args[\"$0\"]\n}", "in-0", "function main(args) {\n  const x = args[\"in-0\"]\n}")]
    public void TypeScript_CompletesUpstreamIds(string source, string label, string expected) =>
        Assert.Equal(expected, CompleteAndApply(source, label, NodeLanguage.TypeScript));

    [Theory]
    [InlineData("def main(args):\n    x = xargs[$0\n")]
    [InlineData("def main(args):\n    x = other[\"$0\"]\n")]
    [InlineData("def main(args):\n    x = args.$0\n")]
    public void NoCompletion_OutsideArgsReads(string source)
    {
        int cursor = source.IndexOf("$0", StringComparison.Ordinal);
        var analysis = StackAiFixtures.Analyze(source.Remove(cursor, 2), Upstream);
        Assert.Empty(analysis.Complete(cursor, CancellationToken.None));
    }

    [Fact]
    public void Hover_ShowsRecordedSampleOverManifestSample()
    {
        const string header = """{"upstream": {"in-0": "manifest sample", "llm_0": {"text": "a"}}, "samples": {"in-0": {"recorded": true}}}""";
        const string text = "def main(args):\n    return {\"q\": args[\"in-0\"], \"a\": args[\"llm_0\"]}\n";
        var analysis = StackAiFixtures.Analyze(text, header);
        var recorded = analysis.Hover(text.IndexOf("in-0", StringComparison.Ordinal) + 1, CancellationToken.None);
        Assert.NotNull(recorded);
        Assert.Contains("\"recorded\": true", recorded.Markdown);
        Assert.Contains("last recorded run", recorded.Markdown);
        Assert.Equal("in-0", text.Substring(recorded.Span.Start, recorded.Span.Length));
        var manifest = analysis.Hover(text.IndexOf("llm_0", StringComparison.Ordinal), CancellationToken.None);
        Assert.NotNull(manifest);
        Assert.Contains("\"text\": \"a\"", manifest.Markdown);
        Assert.Contains("sample in codenode.json", manifest.Markdown);
        Assert.Null(analysis.Hover(text.IndexOf("return", StringComparison.Ordinal), CancellationToken.None));
    }

    [Fact]
    public void Hover_WorksOnTypeScriptDotReads()
    {
        const string text = "function main(args) {\n  return { a: args.llm_0 };\n}\n";
        var hover = StackAiFixtures.Analyze(text, Upstream, NodeLanguage.TypeScript).Hover(text.IndexOf("llm_0", StringComparison.Ordinal) + 2, CancellationToken.None);
        Assert.NotNull(hover);
        Assert.Contains("upstream node `llm_0`", hover.Markdown);
    }

    [Theory]
    [InlineData(NodeLanguage.Python, "import json\n\nclass Helper:\n    pass\n\ndef helper(x):\n    return x\n\ndef main(args):\n    return {}\n", "Helper,helper,main")]
    [InlineData(NodeLanguage.TypeScript, "class Helper {}\nfunction helper(x) { return x }\nconst main = async (args) => ({});\n", "helper,main,Helper")]
    public void Symbols_ListTopLevelFunctionsAndClasses(NodeLanguage language, string text, string expected)
    {
        var symbols = StackAiFixtures.Analyze(text, Upstream, language).Symbols(CancellationToken.None);
        Assert.Equal(expected, string.Join(",", symbols.Select(s => s.Name)));
        var main = symbols.Single(s => s.Name == "main");
        Assert.Equal("main", text.Substring(main.SelectionSpan.Start, main.SelectionSpan.Length));
    }

    [Theory]
    [InlineData(NodeLanguage.Python, "def main(args):\n    return {}\n")]
    [InlineData(NodeLanguage.TypeScript, "export function main(args) { return {} }\n")]
    public void CodeLens_RunsTheNodeFromMain(NodeLanguage language, string text)
    {
        var lenses = StackAiFixtures.Analyze(text, Upstream, language).CodeLenses(CancellationToken.None);
        var lens = Assert.Single(lenses);
        Assert.Equal("codenode.run", lens.Command);
        Assert.Equal("▶ Run node", lens.Title);
        Assert.Equal("main", text.Substring(lens.Span.Start, lens.Span.Length));
        var argument = Assert.IsType<JObject>(Assert.Single(lens.Arguments));
        Assert.Equal("node", (string?)argument["node"]);
        Assert.EndsWith(language == NodeLanguage.Python ? "node.py" : "node.ts", (string?)argument["path"]);
    }

    [Fact]
    public void CodeLens_AbsentWithoutMain() =>
        Assert.Empty(StackAiFixtures.Analyze("x = 1\n", Upstream).CodeLenses(CancellationToken.None));
}
