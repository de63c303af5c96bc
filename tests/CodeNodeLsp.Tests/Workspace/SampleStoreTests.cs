// Samples store tests: loading into SampleSet, atomic recording that keeps hand-written values, and no overwrite of a broken file.
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Workspace;

public class SampleStoreTests
{
    [Fact]
    public void Record_WritesEachSection_AndKeepsOtherValues()
    {
        using var dir = new TempDir();
        dir.File(".codenode/samples.json", "{\"variables\": {\"contact.email\": \"hand@written\"}}");
        var store = new SampleStore(dir.Path);
        int changed = 0;
        store.Changed += () => changed++;
        Assert.Null(store.RecordNodeOutput("llm-0", new JObject { ["sentiment"] = "ok" }));
        Assert.Null(store.RecordStepOutputs(Path.Combine(dir.Path, "flows", "a.pflow.md"), "fetch", new JObject { ["status_code"] = 200 }));
        Assert.Null(store.RecordVariables(new Dictionary<string, JToken?> { ["custom.count"] = 3 }));
        Assert.Equal(3, changed);

        var samples = store.Load();
        Assert.Equal("ok", samples.NodeOutput("llm-0")!["sentiment"]!.ToString());
        Assert.Equal(200, (int)samples.StepOutputs("flows/a.pflow.md", "fetch")!["status_code"]!);
        Assert.Equal(3, (int)samples.Variable("custom.count")!);
        Assert.Equal("hand@written", samples.Variable("contact.email")!.ToString());
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, ".codenode"), "*.tmp"));
    }

    [Fact]
    public void BrokenFile_IsNeverOverwritten()
    {
        using var dir = new TempDir();
        string path = dir.File(".codenode/samples.json", "{ broken");
        var store = new SampleStore(dir.Path);
        Assert.Same(CodeNodeLsp.Analysis.SampleSet.Empty, store.Load());
        Assert.NotNull(store.LoadError);
        string? error = store.RecordNodeOutput("x", 1);
        Assert.NotNull(error);
        Assert.Contains("left unchanged", error);
        Assert.Equal("{ broken", File.ReadAllText(path));
    }

    [Fact]
    public void MissingFile_IsEmpty_AndRecordingCreatesIt()
    {
        using var dir = new TempDir();
        var store = new SampleStore(dir.Path);
        Assert.Same(CodeNodeLsp.Analysis.SampleSet.Empty, store.Load());
        Assert.Null(store.RecordNodeOutput("n", "v"));
        Assert.Equal("v", store.Load().NodeOutput("n")!.ToString());
    }
}

/// <summary>Diagnostics of the samples file itself (MF010), shown when it is open or checked.</summary>
public class SamplesCheckTests
{
    [Theory]
    [InlineData("{\"nodes\": {\"a\": 1,}}", "}")]
    [InlineData("[1]", "[")]
    [InlineData("{\"nodes\": [1, 2]}", "[1, 2]")]
    [InlineData("{\"variables\": \"x\"}", "\"x\"")]
    public void BrokenSamples_AreMF010_AtTheProblem(string text, string at)
    {
        var d = Assert.Single(SampleStore.Check(text));
        Assert.Equal("MF010", d.Code);
        Assert.Equal(at, text.Substring(d.Span.Start, d.Span.Length));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"workflows\": {}, \"nodes\": {\"n\": [1]}, \"variables\": {\"a.b\": null}, \"notes\": 1}")]
    public void GoodSamples_HaveNoDiagnostics(string text) => Assert.Empty(SampleStore.Check(text));

    [Fact]
    public void SectionOfTheWrongType_IsDropped_AndTheRestIsUsed()
    {
        var (samples, error) = SampleStore.Parse("{\"nodes\": [1], \"variables\": {\"x\": 2}}", "s.json");
        Assert.NotNull(error);
        Assert.Null(samples.NodeOutput("anything"));
        Assert.Equal(2, (int)samples.Variable("x")!);
    }

    [Fact]
    public void SamplesFile_IsItsOwnDocumentKind()
    {
        var kind = CodeNodeLsp.Workspace.CodeNodeLocator.Classify(Path.Combine("w", ".codenode", "samples.json"), "{}", null).Kind;
        Assert.Equal(DocumentKind.Samples, kind);
    }
}
