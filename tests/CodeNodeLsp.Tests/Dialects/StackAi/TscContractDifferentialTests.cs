// Differential test of the Stack AI TypeScript contract rules against facts from the TypeScript compiler.
using System.Text.Json;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.StackAi;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Text;
using Xunit.Abstractions;

namespace CodeNodeLsp.Tests.Dialects.StackAi;

/// <summary>
/// Compares SA012 (a plain string is returned), SA013 (undefined or null is returned) and SA010 (main can fall
/// off its end) with what typescript 5.9.3's checker and binder say about the same nodes, recorded by
/// scripts/tsc-contract-oracle.mjs: the type of each returned expression (string-like; can be undefined or null)
/// and the binder's "has implicit return" flag. One verdict is one (node, rule) pair: the set of lines a rule
/// reports must equal the set of lines the compiler's facts give. The target is issue #23's: 99 %.
/// </summary>
public class TscContractDifferentialTests(ITestOutputHelper output)
{
    public sealed record Node(string Name, string Text, IReadOnlyList<int> StringReturns, IReadOnlyList<int> UndefinedReturns, bool FallsOff);

    private static readonly Lazy<List<Node>> Corpus = new(() =>
    {
        var nodes = new List<Node>();
        foreach (var r in JsonLines.ReadGzip(RepoPaths.Fixtures("dialects", "stackai", "tsc-contract.jsonl.gz")))
        {
            static List<int> Lines(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToList();
            nodes.Add(new Node(r.GetProperty("name").GetString()!, r.GetProperty("text").GetString()!,
                Lines(r.GetProperty("stringReturns")), Lines(r.GetProperty("undefinedReturns")), r.GetProperty("fallsOff").GetBoolean()));
        }
        return nodes;
    });

    private static IReadOnlyList<Diagnostic> Analyze(string text)
    {
        var request = new AnalysisRequest
        {
            Path = "/ws/node.ts",
            Text = SourceText.From(text),
            Context = new NodeContext { Dialect = DialectIds.StackAi, Language = NodeLanguage.TypeScript, NodeId = "node" },
        };
        return new StackAiDialect().Analyze(request, CancellationToken.None).Diagnostics;
    }

    [Fact]
    public void ContractVerdicts_AgreeWithTheCompilersFactsOnAtLeast99Percent()
    {
        var nodes = Corpus.Value;
        Assert.True(nodes.Count >= 400);
        int verdicts = 0, agree = 0;
        var perRule = new Dictionary<string, (int Agree, int All)>();
        foreach (var node in nodes)
        {
            var text = SourceText.From(node.Text);
            var diagnostics = Analyze(node.Text);
            Assert.DoesNotContain(diagnostics, d => d.Code == "CN001");
            SortedSet<int> Lines(string code) => new(diagnostics.Where(d => d.Code == code).Select(d => text.LineOf(d.Span.Start)));
            var checks = new (string Rule, bool Same, string Detail)[]
            {
                ("SA012", Lines("SA012").SetEquals(node.StringReturns), $"ours {string.Join(",", Lines("SA012"))} tsc {string.Join(",", node.StringReturns)}"),
                ("SA013", Lines("SA013").SetEquals(node.UndefinedReturns), $"ours {string.Join(",", Lines("SA013"))} tsc {string.Join(",", node.UndefinedReturns)}"),
                ("SA010", Lines("SA010").Count > 0 == node.FallsOff, $"ours {Lines("SA010").Count > 0} tsc {node.FallsOff}"),
            };
            foreach (var (rule, same, detail) in checks)
            {
                verdicts++;
                var (a, n) = perRule.GetValueOrDefault(rule);
                perRule[rule] = (a + (same ? 1 : 0), n + 1);
                if (same) { agree++; continue; }
                string returned = node.Text.Split('\n').Skip(node.Text.Split('\n').ToList().FindIndex(l => l.Contains("main"))).FirstOrDefault(l => l.Contains("return") || l.Contains("=>")) ?? "";
                output.WriteLine($"{node.Name} {rule}: {detail}  | {returned.Trim()}");
            }
        }
        foreach (var (rule, (a, n)) in perRule) output.WriteLine($"{rule}: {a}/{n}");
        double share = (double)agree / verdicts;
        output.WriteLine($"contract verdicts agreeing with the compiler's facts: {share:P2} ({agree}/{verdicts})");
        Assert.True(share >= 0.99, $"contract agreement {share:P2}");
    }

    [Theory]
    [InlineData("function main(args) {\n  const x = args.a;\n  return \"Summary: \" + x;\n}\n", "SA012")]
    [InlineData("function main(args) {\n  return args.ok ? { a: 1 } : undefined;\n}\n", "SA013")]
    [InlineData("function summary(x: any): string { return String(x); }\nfunction main(args) {\n  return summary(args);\n}\n", "SA012")]
    [InlineData("async function title(x: any): Promise<string | undefined> { return undefined; }\nasync function main(args) {\n  return await title(args);\n}\n", "SA013")]
    [InlineData("function tags(): Set<string> { return new Set(); }\nfunction main(args) {\n  return { tags: tags() };\n}\n", "SA011")]
    public void TheIssuesContractCases_AreReported(string source, string code) =>
        Assert.Contains(Analyze(source), d => d.Code == code);

    [Theory]
    [InlineData("function main(args) {\n  return { summary: \"Summary: \" + args.a };\n}\n")]
    [InlineData("function main(args) {\n  return args.ok ? { a: 1 } : { b: 2 };\n}\n")]
    [InlineData("function make(x: any): { a: string } { return { a: x }; }\nfunction main(args) {\n  return make(args);\n}\n")]
    [InlineData("function main(args) {\n  return JSON.stringify({ a: \"x\" + args.a });\n}\n")]
    public void ObjectsAndDeliberateStrings_AreNotReported(string source) =>
        Assert.DoesNotContain(Analyze(source), d => d.Code is "SA011" or "SA012" or "SA013");
}
