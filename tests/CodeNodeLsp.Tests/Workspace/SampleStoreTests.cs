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
