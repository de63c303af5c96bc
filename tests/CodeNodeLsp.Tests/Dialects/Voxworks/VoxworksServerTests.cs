// A Voxworks step through the real language server: diagnostics, completion, hover, CodeLens and a quick fix over LSP.
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

public sealed class VoxworksServerTests
{
    private const string Manifest = """
        {"nodes": {"check-email": {"dialect": "voxworks", "file": "step.py",
          "variables": {"contact.email": "ada@example.com"}, "conditions": ["ok", "otherwise"]}}}
        """;

    [Fact]
    public void A_step_in_a_manifest_gets_voxworks_diagnostics_completion_hover_lens_and_fixes()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", Manifest);
        const string text = "def run():\n    x = json.loads({{contact.emial}})\n    return {{con\n";
        dir.File("step.py", text);
        string uri = dir.Uri("step.py");

        using var client = new TestClient();
        client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
        var diagnostics = client.OpenAndWaitDiagnostics(uri, text);
        var codes = diagnostics.Select(d => d["code"]!.Value<string>()).ToList();
        Assert.Contains("VX006", codes);
        Assert.Contains("VX020", codes);

        // The quick fix travels in the diagnostic's data and becomes a code action without re-analysis.
        var vx006 = diagnostics.First(d => d["code"]!.Value<string>() == "VX006");
        var actions = client.CodeActions(uri, vx006);
        var action = Assert.Single(actions, a => a["title"]!.Value<string>() == "Use json_loads()");
        Assert.Equal("json_loads", action["edit"]!["changes"]![uri]![0]!["newText"]!.Value<string>());

        // Completion inside the unclosed braces on line 2 offers the manifest's variable and closes the placeholder.
        var items = client.CompletionItems(uri, 2, 15);
        var email = Assert.Single(items, i => i["label"]!.Value<string>() == "contact.email");
        Assert.Equal("contact.email}}", (email["textEdit"]?["newText"] ?? email["insertText"])!.Value<string>());

        var hover = client.Request("textDocument/hover", TestClient.Position(uri, 1, 24))["result"]!;
        // The misspelt placeholder is named and said to be unknown (its name alone would only echo the request).
        string markdown = hover["contents"]!["value"]!.Value<string>()!;
        Assert.Contains("**{{contact.emial}}**: Voxworks variable", markdown);
        Assert.Contains("Not in this node's variables", markdown);

        var lenses = client.CodeLenses(uri);
        var lens = Assert.Single(lenses);
        Assert.Equal("codenode.run", lens["command"]!["command"]!.Value<string>());
        Assert.Equal("check-email", lens["command"]!["arguments"]![0]!["node"]!.Value<string>());

        Assert.Equal(0, client.ShutdownAndExit());
    }
}
