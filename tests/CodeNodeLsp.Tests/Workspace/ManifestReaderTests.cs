// Manifest tests: each problem gets its code and exact span; a good manifest maps to NodeContext.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Tests.Workspace;

public class ManifestReaderTests
{
    private static readonly string Dir = Path.Combine(Path.GetTempPath(), "codenode-manifest-tests");
    private static readonly string ManifestPath = Path.Combine(Dir, "codenode.json");

    /// <summary>Reads a manifest where only the listed files exist.</summary>
    private static Manifest Read(string text, params string[] existing) =>
        ManifestReader.Read(ManifestPath, text, p => existing.Any(e => Path.Combine(Dir, e) == p));

    /// <summary>The text a diagnostic points at, to check spans without counting columns by hand.</summary>
    private static string At(string text, Diagnostic d) => text.Substring(d.Span.Start, d.Span.Length);

    [Fact]
    public void GoodManifest_MapsEveryFieldToNodeContext()
    {
        string text = """
            {"nodes": {
              "n1": {"dialect": "stackai", "file": "a.py", "upstream": {"in-0": "hi", "llm-0": {"k": 1}},
                     "dependencies": ["requests==2.31.0"], "timeout": 12.5, "argsKeys": ["x"]},
              "v1": {"dialect": "voxworks", "file": "sub/b.py", "variables": {"contact.email": "a@b.c"},
                     "inputs": {"input_1": "yes"}, "conditions": ["has email", "otherwise"]},
              "t1": {"dialect": "stackai", "file": "c.ts"}
            }}
            """;
        var m = Read(text, "a.py", "sub/b.py", "c.ts");
        Assert.Empty(m.Diagnostics);
        Assert.Equal(3, m.Nodes.Count);
        var n1 = m.FindByFile(Path.Combine(Dir, "a.py"))!.Context;
        Assert.Equal("stackai", n1.Dialect);
        Assert.Equal("n1", n1.NodeId);
        Assert.Equal("hi", n1.Upstream["in-0"]!.ToString());
        Assert.Equal(1, (int)n1.Upstream["llm-0"]!["k"]!);
        Assert.Equal(["requests==2.31.0"], n1.Dependencies);
        Assert.Equal(12.5, n1.TimeoutSeconds);
        Assert.Equal(text, n1.ManifestText);
        Assert.Equal("x", n1.Entry!["argsKeys"]![0]!.ToString());
        var v1 = m.FindByFile(Path.Combine(Dir, "sub", "b.py"))!.Context;
        Assert.Equal("a@b.c", v1.Variables["contact.email"]!.ToString());
        Assert.Equal("yes", v1.Inputs["input_1"]!.ToString());
        Assert.Equal(["has email", "otherwise"], v1.Conditions);
        Assert.Equal(NodeLanguage.TypeScript, m.FindByFile(Path.Combine(Dir, "c.ts"))!.Context.Language);
    }

    [Theory]
    [InlineData("{\"nodes\": {\"a\": {\"dialect\": \"stackai\",}}}", "}", "Trailing comma")]
    [InlineData("{\"nodes\": {\"a\": {\"dialect\": \"stackai\"", "{", "Unclosed object")]
    [InlineData("{\"nodes\": [1, 2,]}", "]", "Trailing comma")]
    [InlineData("{'nodes': {}}", "'", "property name in double quotes")]
    [InlineData("", "", "end of the file")]
    [InlineData("{\"nodes\": {}} extra", "e", "after the JSON value")]
    [InlineData("{\"nodes\": \"unterminated}", "\"unterminated}", "Unterminated string")]
    public void InvalidJson_IsMF001_AtTheProblem(string text, string expectedAt, string expectedMessage)
    {
        var d = Assert.Single(Read(text).Diagnostics);
        Assert.Equal("MF001", d.Code);
        Assert.Equal(expectedAt, At(text, d));
        Assert.Contains(expectedMessage, d.Message);
    }

    [Fact]
    public void EachNodeProblem_HasItsCodeAndSpan()
    {
        string text = """
            {"nodes": {
              "a": {"dialect": "stackaii", "file": "a.py"},
              "b": {"dialect": "voxworks", "file": "missing.py"},
              "c": {"dialect": "voxworks", "file": "a.py", "timeout": "10", "dependencies": "x", "timout": 3},
              "d": {"file": "a.py"},
              "e": 5,
              "f": {"dialect": "stackai", "file": "a.py", "timeout": -1, "language": "ruby"}
            },
            "extra": 1}
            """;
        var found = Read(text, "a.py").Diagnostics.Select(d => (d.Code, At(text, d))).ToList();
        Assert.Contains(("MF003", "\"stackaii\""), found);
        Assert.Contains(("MF004", "\"missing.py\""), found);
        Assert.Contains(("MF002", "\"10\""), found);
        Assert.Contains(("MF002", "\"x\""), found);
        Assert.Contains(("MF006", "\"timout\""), found);
        Assert.Contains(("MF007", "\"d\""), found);
        Assert.Contains(("MF002", "5"), found);
        Assert.Contains(("MF009", "-1"), found);
        Assert.Contains(("MF009", "\"ruby\""), found);
        Assert.Contains(("MF008", "\"f\""), found);
        Assert.Contains(("MF006", "\"extra\""), found);
    }

    [Fact]
    public void UnknownDialect_SuggestsTheClosest()
    {
        var d = Read("{\"nodes\": {\"a\": {\"dialect\": \"voxwork\", \"file\": \"a.py\"}}}", "a.py").Diagnostics.Single();
        Assert.Contains("Did you mean \"voxworks\"?", d.Message);
    }

    [Fact]
    public void DialectSpecificOptions_AreNotFlagged()
    {
        Assert.Empty(Read("{\"nodes\": {\"a\": {\"dialect\": \"stackai\", \"file\": \"a.py\", \"argsKeys\": [\"q\"]}}}", "a.py").Diagnostics);
    }

    [Fact]
    public void NotAnObject_OrNoNodes_IsReported()
    {
        Assert.Equal("MF002", Read("[]").Diagnostics.Single().Code);
        Assert.Equal("MF007", Read("{}").Diagnostics.Single().Code);
        Assert.Equal("MF002", Read("{\"nodes\": []}").Diagnostics.Single().Code);
    }

    [Fact]
    public void EveryManifestCode_IsInTheCatalog()
    {
        foreach (var rule in ManifestRules.All) Assert.Same(rule, RuleCatalog.Find(rule.Code));
    }
}
