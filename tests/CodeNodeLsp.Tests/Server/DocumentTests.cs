// In-process server tests of documents: diagnostics with versions, incremental UTF-16 edits, close, bursts, code actions.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Server;

public class DocumentTests
{
    private const string Uri = "file:///tmp/codenode-tests/node.py";

    /// <summary>A document-bound read that waits until cancelled, to observe -32800 and -32801.</summary>
    private sealed class SlowReadHandler : RequestHandler<TextDocumentPositionParams, string>
    {
        public override string Method => "test/slowRead";
        public override bool Mutates => false;
        protected override async Task<string?> Handle(TextDocumentPositionParams p, RequestContext context)
        {
            await Task.Delay(Timeout.Infinite, context.Cancellation);
            return "never";
        }
    }

    /// <summary>A read that throws, to observe -32603 without a crash.</summary>
    private sealed class ThrowingHandler : RequestHandler<JObject, string>
    {
        public override string Method => "test/throw";
        public override bool Mutates => false;
        protected override Task<string?> Handle(JObject p, RequestContext context) => throw new InvalidOperationException("boom");
    }

    /// <summary>Returns the server's current text of a document, to check incremental edits exactly.</summary>
    private sealed class TextHandler : RequestHandler<TextDocumentPositionParams, string>
    {
        public override string Method => "test/text";
        public override bool Mutates => false;
        protected override Task<string?> Handle(TextDocumentPositionParams p, RequestContext context) => Task.FromResult(context.Document?.Text.Text);
    }

    private static TestClient Start() => new(new SlowReadHandler(), new ThrowingHandler(), new TextHandler());

    private static object Change(int line, int character, int endLine, int endCharacter, string text) =>
        new { range = new { start = new { line, character }, end = new { line = endLine, character = endCharacter } }, text };

    private static string TextOf(TestClient client, string uri) =>
        client.Request("test/text", new { textDocument = new { uri }, position = new { line = 0, character = 0 } })["result"]!.Value<string>()!;

    [Fact]
    public void IncrementalEdits_CountUtf16_WithCrLfAndSurrogatePairs()
    {
        using var client = Start();
        client.Initialize();
        client.Open(Uri, "a = '\ud83d\ude00'\r\nb = 2\r\n");
        // Line 0: a = '😀' — the emoji is two UTF-16 units at characters 5 and 6, the quote at 7.
        client.Notify("textDocument/didChange", new { textDocument = new { uri = Uri, version = 2 }, contentChanges = new[] { Change(0, 7, 0, 8, "!'") } });
        Assert.Equal("a = '\ud83d\ude00!'\r\nb = 2\r\n", TextOf(client, Uri));
        // Replace across the CRLF: from the end of line 0 to the start of line 1's value.
        client.Notify("textDocument/didChange", new { textDocument = new { uri = Uri, version = 3 }, contentChanges = new[] { Change(0, 9, 1, 4, "; b = ") } });
        Assert.Equal("a = '\ud83d\ude00!'; b = 2\r\n", TextOf(client, Uri));
        // Several changes in one notification apply in order; a change without range replaces everything.
        client.Notify("textDocument/didChange", new
        {
            textDocument = new { uri = Uri, version = 4 },
            contentChanges = new object[] { new { text = "x\ny\n" }, Change(1, 0, 1, 1, "z"), Change(9, 0, 9, 0, "end") },
        });
        Assert.Equal("x\nz\nend", TextOf(client, Uri));
    }

    [Fact]
    public void Diagnostics_ArePublishedWithVersion_AfterOpenAndChange_AndClearedOnClose()
    {
        using var client = Start();
        client.Initialize();
        client.Open(Uri, "# codenode: nope\n");
        var first = client.WaitNotification(Methods.PublishDiagnostics, p => p["version"]?.Value<int>() == 1);
        Assert.Equal("MF005", first["params"]!["diagnostics"]![0]!["code"]!.Value<string>());
        Assert.Equal(12, first["params"]!["diagnostics"]![0]!["range"]!["start"]!["character"]!.Value<int>());

        client.Notify("textDocument/didChange", new { textDocument = new { uri = Uri, version = 2 }, contentChanges = new[] { new { text = "# codenode: alsonot\n" } } });
        var second = client.WaitNotification(Methods.PublishDiagnostics, p => p["version"]?.Value<int>() == 2);
        Assert.Contains("alsonot", second["params"]!["diagnostics"]![0]!["message"]!.Value<string>());

        client.Notify("textDocument/didClose", new { textDocument = new { uri = Uri } });
        var cleared = client.WaitNotification(Methods.PublishDiagnostics, p => p["version"] is null);
        Assert.Empty((JArray)cleared["params"]!["diagnostics"]!);
    }

    [Fact]
    public void BurstOfChanges_PublishesTheNewestVersionLast_AndNeverGoesBack()
    {
        using var client = Start();
        client.Initialize();
        client.Open(Uri, "# codenode: v0\n");
        for (int v = 2; v <= 1000; v++)
            client.Notify("textDocument/didChange", new { textDocument = new { uri = Uri, version = v }, contentChanges = new[] { new { text = $"# codenode: v{v}\n" } } });
        var last = client.WaitNotification(Methods.PublishDiagnostics, p => p["version"]?.Value<int>() == 1000);
        Assert.Contains("\"v1000\"", last["params"]!["diagnostics"]![0]!["message"]!.Value<string>());
        // Everything published before the last one has a lower version, in increasing order.
        var versions = client.Seen().Where(m => (string?)m["method"] == Methods.PublishDiagnostics).Select(m => m["params"]!["version"]!.Value<int>()).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.All(versions, v => Assert.True(v < 1000));
        Assert.True(versions.Count < 1000, $"published {versions.Count} intermediate versions");
    }

    [Fact]
    public void CancelRequest_AnswersRequestCancelled()
    {
        using var client = Start();
        client.Initialize();
        client.Open(Uri, "x = 1\n");
        var id = client.SendRequest("test/slowRead", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 0 } });
        client.Notify("$/cancelRequest", new { id });
        Assert.Equal(ErrorCodes.RequestCancelled, client.WaitResponse(id)["error"]!["code"]!.Value<int>());
    }

    [Fact]
    public void EditOfTheDocument_CancelsItsReadsWithContentModified()
    {
        using var client = Start();
        client.Initialize();
        client.Open(Uri, "x = 1\n");
        var id = client.SendRequest("test/slowRead", new { textDocument = new { uri = Uri }, position = new { line = 0, character = 0 } });
        // The read is queued before the edit, so it has started on its snapshot when the edit arrives.
        TextOf(client, Uri);
        client.Notify("textDocument/didChange", new { textDocument = new { uri = Uri, version = 2 }, contentChanges = new[] { new { text = "x = 2\n" } } });
        Assert.Equal(ErrorCodes.ContentModified, client.WaitResponse(id)["error"]!["code"]!.Value<int>());
    }

    [Fact]
    public void HandlerException_IsInternalError_AndTheServerKeepsWorking()
    {
        using var client = Start();
        client.Initialize();
        var response = client.Request("test/throw", new { });
        Assert.Equal(ErrorCodes.InternalError, response["error"]!["code"]!.Value<int>());
        Assert.Contains("boom", response["error"]!["message"]!.Value<string>());
        Assert.Equal(0, client.ShutdownAndExit());
    }

    [Fact]
    public void CodeAction_TurnsFixesInDataIntoQuickFixes_WithoutReanalysis()
    {
        using var client = Start();
        client.Initialize();
        var text = SourceText.From("ab\ncd\n");
        var fix = new Fix("Replace cd", [new TextEdit(new TextSpan(3, 2), "XY")], IsPreferred: true);
        var data = CodeNodeLsp.Server.Convert.LspConvert.FixesToData(text, Uri, [fix]);
        var diagnostic = new JObject
        {
            ["range"] = new JObject { ["start"] = new JObject { ["line"] = 1, ["character"] = 0 }, ["end"] = new JObject { ["line"] = 1, ["character"] = 2 } },
            ["message"] = "m",
            ["data"] = data,
        };
        var result = (JArray)client.Request("textDocument/codeAction", new JObject
        {
            ["textDocument"] = new JObject { ["uri"] = Uri },
            ["range"] = diagnostic["range"]!.DeepClone(),
            ["context"] = new JObject { ["diagnostics"] = new JArray(diagnostic) },
        })["result"]!;
        var action = Assert.Single(result);
        Assert.Equal("Replace cd", action["title"]!.Value<string>());
        Assert.Equal("quickfix", action["kind"]!.Value<string>());
        Assert.True(action["isPreferred"]!.Value<bool>());
        var edit = action["edit"]!["changes"]![Uri]![0]!;
        Assert.Equal("XY", edit["newText"]!.Value<string>());
        Assert.Equal(1, edit["range"]!["start"]!["line"]!.Value<int>());
    }

    [Fact]
    public void OrdinaryPythonFile_GetsNoDiagnostics()
    {
        using var client = Start();
        client.Initialize();
        client.Open("file:///tmp/codenode-tests/plain.py", "import numpy\nprint(x)\n");
        client.Open(Uri, "# codenode: nope\n");
        client.WaitNotification(Methods.PublishDiagnostics, p => p["uri"]!.Value<string>() == Uri);
        Assert.DoesNotContain(client.Seen(), m => m["params"]?["uri"]?.Value<string>() == "file:///tmp/codenode-tests/plain.py");
    }

    [Fact]
    public void ExecuteCommand_RunsARegisteredCommand_AndRejectsUnknownOnes()
    {
        using var client = Start();
        client.Initialize();
        var rules = (JArray)client.Request("workspace/executeCommand", new { command = "codenode.rules" })["result"]!;
        Assert.Contains(rules, r => r["code"]!.Value<string>() == "MF001");
        var unknown = client.Request("workspace/executeCommand", new { command = "codenode.nope" });
        Assert.Equal(ErrorCodes.InvalidParams, unknown["error"]!["code"]!.Value<int>());
    }

    [Fact]
    public void ConfigurationIsPulledAfterInitialized_WhenTheClientSupportsIt()
    {
        using var client = Start();
        client.Initialize(capabilities: new { workspace = new { configuration = true } });
        var request = client.WaitFor(m => (string?)m["method"] == Methods.Configuration);
        Assert.Equal("codeNode", request["params"]!["items"]![0]!["section"]!.Value<string>());
    }
}
