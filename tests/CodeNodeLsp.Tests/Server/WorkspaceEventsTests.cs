// In-process server tests of workspace events: manifest, samples and folder changes re-resolve open nodes; runtime diagnostics live until the next edit.
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

    private static void ChangeFolders(TestClient client, string[] added, string[] removed) =>
        client.Notify(Methods.DidChangeWorkspaceFolders, new
        {
            @event = new
            {
                added = added.Select(f => new { uri = new Uri(f).AbsoluteUri, name = System.IO.Path.GetFileName(f) }),
                removed = removed.Select(f => new { uri = new Uri(f).AbsoluteUri, name = System.IO.Path.GetFileName(f) }),
            },
        });

    [Fact]
    public void WorkspaceFolders_AreAdvertisedWithChangeNotifications()
    {
        using var client = new TestClient();
        var folders = client.Initialize()["result"]!["capabilities"]!["workspace"]!["workspaceFolders"]!;
        Assert.True(folders["supported"]!.Value<bool>());
        Assert.True(folders["changeNotifications"]!.Value<bool>());
    }

    [Fact]
    public void FolderChange_FindsTheManifestAboveTheOldFolder_AndDropsItAgain()
    {
        // The manifest sits in ws/ and names sub/a.py; with only ws/sub/ open it is beyond the folder's boundary.
        using var dir = new TempDir();
        dir.File("codenode.json", "{\"nodes\": {\"n\": {\"dialect\": \"voxworks\", \"file\": \"sub/a.py\"}}}");
        const string code = "def run():\n    return 1\n";
        dir.File("sub/a.py", code);
        string sub = System.IO.Path.Combine(dir.Path, "sub");
        string uri = dir.Uri("sub/a.py");
        using var client = new TestClient(new ContextHandler());
        client.Initialize(rootUri: new Uri(sub).AbsoluteUri);
        client.Open(uri, code);
        Assert.Equal(JTokenType.Null, ContextOf(client, uri)["dialect"]!.Type);

        ChangeFolders(client, added: [dir.Path], removed: [sub + "/"]);
        Assert.Equal("voxworks", ContextOf(client, uri)["dialect"]!.Value<string>());
        client.WaitNotification(Methods.PublishDiagnostics, p => p["uri"]!.Value<string>() == uri && p["diagnostics"]!.Any());

        // Back to the sub folder alone: the file is no longer a code node, so its diagnostics are withdrawn.
        ChangeFolders(client, added: [sub], removed: [dir.Path]);
        Assert.Equal(JTokenType.Null, ContextOf(client, uri)["dialect"]!.Type);
        client.WaitNotification(Methods.PublishDiagnostics, p => p["uri"]!.Value<string>() == uri && !p["diagnostics"]!.Any());
    }

    [Fact]
    public void FolderChange_SwitchesToTheSamplesOfTheNewRoot()
    {
        using var dir = new TempDir();
        dir.File(".codenode/samples.json", "{\"nodes\": {\"llm-0\": {\"from\": \"outer\"}}}");
        dir.File("inner/.codenode/samples.json", "{\"nodes\": {\"llm-0\": {\"from\": \"inner\"}}}");
        string inner = System.IO.Path.Combine(dir.Path, "inner");
        string uri = dir.Uri("inner/a.py");
        using var client = new TestClient(new ContextHandler());
        client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
        client.Open(uri, "# codenode: stackai\n");
        Assert.Equal("outer", ContextOf(client, uri)["sample"]!["from"]!.Value<string>());

        // The deepest folder holding a file is its root, so adding the inner folder brings its samples.
        ChangeFolders(client, added: [inner], removed: []);
        Assert.Equal("inner", ContextOf(client, uri)["sample"]!["from"]!.Value<string>());
        ChangeFolders(client, added: [], removed: [inner]);
        Assert.Equal("outer", ContextOf(client, uri)["sample"]!["from"]!.Value<string>());
    }
}
