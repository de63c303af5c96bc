// A Stack AI node through the real language server: diagnostics, a fix that edits codenode.json (a WorkspaceEdit
// for another file), completion, hover and the Run CodeLens over LSP.
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.StackAi;

public sealed class StackAiServerTests
{
    private const string Manifest = """
        {
          "nodes": {
            "summarize": {
              "dialect": "stackai",
              "file": "node.py",
              "upstream": { "in-0": "some text", "llm-0": { "score": 0.5 } },
              "dependencies": ["requests"]
            }
          }
        }
        """;

    [Fact]
    public void A_node_in_a_manifest_gets_stackai_diagnostics_manifest_fix_completion_hover_and_lens()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", Manifest);
        const string text = "import requests\nimport yaml\n\ndef main(args):\n    q = args[\"in-1\"]\n    s = args[\"\n    return {\"q\": q, \"llm\": args[\"llm-0\"]}\n";
        dir.File("node.py", text);
        string uri = dir.Uri("node.py");
        string manifestUri = dir.Uri("codenode.json");

        using var client = new TestClient();
        client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
        var diagnostics = client.OpenAndWaitDiagnostics(uri, text);
        var codes = diagnostics.Select(d => d["code"]!.Value<string>()).ToList();
        Assert.Contains("SA030", codes);
        Assert.Contains("SA040", codes);

        // The "add PyYAML" fix edits codenode.json: the code action's WorkspaceEdit names the manifest's URI.
        var sa040 = diagnostics.First(d => d["code"]!.Value<string>() == "SA040");
        var actions = client.CodeActions(uri, sa040);
        var action = Assert.Single(actions, a => a["title"]!.Value<string>()!.StartsWith("Add \"PyYAML\"", StringComparison.Ordinal));
        var changes = (JObject)action["edit"]!["changes"]!;
        var edit = Assert.Single((JArray)changes[manifestUri]!);
        Assert.Equal(", \"PyYAML\"", edit["newText"]!.Value<string>());
        // The edit lands right after "requests" on line 7 (0-based 6) of the manifest.
        Assert.Equal(6, edit["range"]!["start"]!["line"]!.Value<int>());

        // args[" on line 6 completes the upstream ids.
        var items = client.CompletionItems(uri, 5, 14);
        Assert.Equal(["in-0", "llm-0"], items.Select(i => i["label"]!.Value<string>()));

        var hover = client.Request("textDocument/hover", TestClient.Position(uri, 6, 35))["result"]!;
        Assert.Contains("\"score\": 0.5", hover["contents"]!["value"]!.Value<string>());

        var lenses = client.CodeLenses(uri);
        var lens = Assert.Single(lenses);
        Assert.Equal("codenode.run", lens["command"]!["command"]!.Value<string>());
        Assert.Equal("summarize", lens["command"]!["arguments"]![0]!["node"]!.Value<string>());

        Assert.Equal(0, client.ShutdownAndExit());
    }
}
