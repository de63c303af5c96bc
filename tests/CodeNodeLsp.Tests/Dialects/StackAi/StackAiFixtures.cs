// Builds a Stack AI analysis request from a fixture: the header is the node's manifest entry (plus test settings).
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.StackAi;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.StackAi;

public static class StackAiFixtures
{
    public const string ManifestPath = "/fixture/codenode.json";

    public static string Folder => RepoPaths.Fixtures("dialects", "stackai");

    /// <summary>
    /// The request for <paramref name="text"/>. <paramref name="header"/> is a node entry as in codenode.json
    /// (<c>upstream</c>, <c>dependencies</c>, <c>args</c>, <c>typescript</c>), with two test-only keys:
    /// <c>"pragma": true</c> makes it a pragma file with no manifest, <c>"samples"</c> are recorded node outputs.
    /// Without a header the file is a pragma file (no manifest, so upstream keys are not checked).
    /// </summary>
    public static AnalysisRequest Request(string text, string? header, NodeLanguage language)
    {
        var entry = header is null ? new JObject { ["pragma"] = true } : JObject.Parse(header);
        bool pragma = entry.Value<bool?>("pragma") ?? false;
        var samples = entry["samples"] as JObject;
        entry.Remove("pragma");
        entry.Remove("samples");
        entry["dialect"] = "stackai";
        entry["file"] = language == NodeLanguage.TypeScript ? "node.ts" : "node.py";
        string manifest = new JObject { ["nodes"] = new JObject { ["node"] = entry } }.ToString(Formatting.Indented);

        var upstream = new Dictionary<string, JToken?>(StringComparer.Ordinal);
        if (entry["upstream"] is JObject up)
            foreach (var p in up.Properties()) upstream[p.Name] = p.Value.Type == JTokenType.Null ? null : p.Value;
        var context = pragma
            ? new NodeContext { Dialect = DialectIds.StackAi, Language = language }
            : new NodeContext
            {
                Dialect = DialectIds.StackAi,
                Language = language,
                NodeId = "node",
                ManifestPath = ManifestPath,
                ManifestText = manifest,
                Entry = entry,
                Upstream = upstream,
                Dependencies = entry["dependencies"] is JArray deps ? deps.Select(d => (string)d!).ToList() : [],
            };
        return new AnalysisRequest
        {
            Path = "/fixture/" + (language == NodeLanguage.TypeScript ? "node.ts" : "node.py"),
            Text = SourceText.From(text),
            Context = context,
            Samples = samples is null ? SampleSet.Empty : new SampleSet(new JObject { ["nodes"] = samples }),
        };
    }

    public static StackAiAnalysis Analyze(string text, string? header = null, NodeLanguage language = NodeLanguage.Python) =>
        (StackAiAnalysis)new StackAiDialect().Analyze(Request(text, header, language), CancellationToken.None);

    public static IEnumerable<object[]> Files(string extension) =>
        Directory.EnumerateFiles(Folder, "*" + extension)
            .Where(f => !f.EndsWith(".fixed" + extension, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetFileName(f) });
}

/// <summary>Every fixture in tests/fixtures/dialects/stackai gives exactly the diagnostics its caret lines expect.</summary>
public class StackAiFixtureTests
{
    public static IEnumerable<object[]> PythonFiles() => StackAiFixtures.Files(".py");
    public static IEnumerable<object[]> TypeScriptFiles() => StackAiFixtures.Files(".ts");

    [Theory]
    [MemberData(nameof(PythonFiles))]
    public void Python(string file) => Check(file, NodeLanguage.Python);

    [Theory]
    [MemberData(nameof(TypeScriptFiles))]
    public void TypeScript(string file) => Check(file, NodeLanguage.TypeScript);

    private static void Check(string file, NodeLanguage language)
    {
        var fixture = CaretFixture.Parse(File.ReadAllText(Path.Combine(StackAiFixtures.Folder, file)));
        var analysis = StackAiFixtures.Analyze(fixture.Text, fixture.Header, language);
        var differences = fixture.Compare(analysis.Diagnostics);
        Assert.True(differences.Count == 0, $"{file}:\n{string.Join("\n", differences)}");
    }

    [Fact]
    public void EveryStackAiRuleHasAFixture()
    {
        // The codes the fixtures' caret lines expect, not any mention of a code in a comment or a string.
        var expected = Directory.EnumerateFiles(StackAiFixtures.Folder)
            .SelectMany(f => CaretFixture.Parse(File.ReadAllText(f)).Expected)
            .Select(e => e.Code)
            .ToHashSet(StringComparer.Ordinal);
        var missing = StackAiRules.All.Select(r => r.Code).Where(c => !expected.Contains(c)).ToList();
        Assert.Empty(missing);
    }
}
