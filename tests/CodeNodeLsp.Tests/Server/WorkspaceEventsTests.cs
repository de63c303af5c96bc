// In-process server tests of workspace events: manifest and samples changes re-resolve open nodes; runtime diagnostics live until the next edit.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Server;

public class WorkspaceEventsTests
{
    /// <summary>Reports what the server currently knows about a document: its dialect and a sample value.</summary>
    private sealed class ContextHandler : RequestHandler<TextDocumentPositionParams, JObject>
    {
        public override string Method => "test/context";
        public override bool Mutates => false;
        protected override Task<JObject?> Handle(TextDocumentPositionParams p, RequestContext context) => Task.FromResult<JObject?>(new JObject
        {
            ["dialect"] = context.Document?.Located.Context?.Dialect,
            ["sample"] = context.Document?.Samples.NodeOutput("llm-0"),
        });
    }

    /// <summary>Sets a runtime diagnostic on the first character of a document, as the runner does after a failed run.</summary>
    private sealed class RuntimeHandler : RequestHandler<TextDocumentPositionParams, string>
    {
        public override string Method => "test/runtime";
        public override bool Mutates => false;
        protected override Task<string?> Handle(TextDocumentPositionParams p, RequestContext context)
        {
            context.Server.SetRuntimeDiagnostics(p.TextDocument.Uri, [Diagnostic.Of(RuntimeRules.RunError, new TextSpan(0, 1), "ZeroDivisionError: division by zero")], context.Document?.Version);
            return Task.FromResult<string?>("ok");
        }
    }

    private static JObject ContextOf(TestClient client, string uri) =>
        (JObject)client.Request("test/context", new { textDocument = new { uri }, position = new { line = 0, character = 0 } })["result"]!;

    [Fact]
    public void ManifestChangeOnDisk_ReResolvesOpenNodes()
    {
        using var dir = new TempDir();
        string manifest = dir.File("codenode.json", "{\"nodes\": {\"n\": {\"dialect\": \"voxworks\", \"file\": \"a.py\"}}}");
        dir.File("a.py", "def run():\n    return True\n");
        using var client = new TestClient(new ContextHandler());
        client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
        client.Open(dir.Uri("a.py"), "def run():\n    return True\n");
        Assert.Equal("voxworks", ContextOf(client, dir.Uri("a.py"))["dialect"]!.Value<string>());

        File.WriteAllText(manifest, "{\"nodes\": {\"n\": {\"dialect\": \"stackai\", \"file\": \"a.py\"}}}\n");
        client.Notify(Methods.DidChangeWatchedFiles, new { changes = new[] { new { uri = dir.Uri("codenode.json"), type = 2 } } });
        Assert.Equal("stackai", ContextOf(client, dir.Uri("a.py"))["dialect"]!.Value<string>());

        File.WriteAllText(manifest, "{\"nodes\": {}}");
        client.Notify(Methods.DidChangeWatchedFiles, new { changes = new[] { new { uri = dir.Uri("codenode.json"), type = 2 } } });
        Assert.Equal(JTokenType.Null, ContextOf(client, dir.Uri("a.py"))["dialect"]!.Type);
    }

    [Fact]
    public void OpenManifestBuffer_DecidesBeforeItIsSaved()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", "{\"nodes\": {}}");
        dir.File("a.py", "x = 1\n");
        using var client = new TestClient(new ContextHandler());
        client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
        client.Open(dir.Uri("a.py"), "x = 1\n");
        client.Open(dir.Uri("codenode.json"), "{\"nodes\": {\"n\": {\"dialect\": \"stackai\", \"file\": \"a.py\"}}}", languageId: "json");
        Assert.Equal("stackai", ContextOf(client, dir.Uri("a.py"))["dialect"]!.Value<string>());
    }

    [Fact]
    public void SavedSamplesFile_FeedsOpenNodes()
    {
        using var dir = new TempDir();
        dir.File(".codenode/samples.json", "{}");
        using var client = new TestClient(new ContextHandler());
        client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
        client.Open(dir.Uri("a.py"), "# codenode: stackai\n");
        Assert.Equal(JTokenType.Null, ContextOf(client, dir.Uri("a.py"))["sample"]!.Type);
        dir.File(".codenode/samples.json", "{\"nodes\": {\"llm-0\": {\"sentiment\": \"good\"}}}");
        client.Notify(Methods.DidSave, new { textDocument = new { uri = dir.Uri(".codenode/samples.json") } });
        Assert.Equal("good", ContextOf(client, dir.Uri("a.py"))["sample"]!["sentiment"]!.Value<string>());
    }

    [Fact]
    public void RuntimeDiagnostics_ArePublished_AndClearedByTheNextEdit()
    {
        using var dir = new TempDir();
        using var client = new TestClient(new RuntimeHandler());
        client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
        string uri = dir.Uri("a.py");
        client.Open(uri, "# codenode: voxworks\n");
        client.Request("test/runtime", new { textDocument = new { uri }, position = new { line = 0, character = 0 } });
        client.WaitNotification(Methods.PublishDiagnostics, p => p["diagnostics"]!.Any(d => d["code"]!.Value<string>() == "RT001"));
        client.Notify("textDocument/didChange", new { textDocument = new { uri, version = 2 }, contentChanges = new[] { new { text = "# codenode: voxworks\n\n" } } });
        var after = client.WaitNotification(Methods.PublishDiagnostics, p => p["version"]?.Value<int>() == 2);
        Assert.DoesNotContain(after["params"]!["diagnostics"]!, d => d["code"]!.Value<string>() == "RT001");
    }
}
