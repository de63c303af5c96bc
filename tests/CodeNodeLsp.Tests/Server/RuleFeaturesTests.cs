// Protocol tests of rule docs and configuration: codeDescription links, rule text on hover, ignore quick fixes,
// source.fixAll.codenode and the rules settings.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Server;

public class RuleFeaturesTests
{
    private const string Uri = "file:///tmp/codenode-tests/rules/node.py";
    private const string Node = "# codenode: stackai\nimport requests\ndef main():\n    return {}\n";

    private static JToken ByCode(JArray diagnostics, string code) => diagnostics.First(d => d["code"]!.Value<string>() == code);

    [Fact]
    public void EveryDiagnostic_LinksToItsRulePage()
    {
        using var client = new TestClient();
        client.Initialize();
        var diagnostics = client.OpenAndWaitDiagnostics(Uri, Node);
        Assert.NotEmpty(diagnostics);
        foreach (var d in diagnostics)
            Assert.Equal(RuleDocs.Url(d["code"]!.Value<string>()!), d["codeDescription"]!["href"]!.Value<string>());
    }

    [Fact]
    public void HoverOnADiagnostic_ShowsTheRuleTextAndLink()
    {
        using var client = new TestClient();
        client.Initialize();
        var d = ByCode(client.OpenAndWaitDiagnostics(Uri, Node), "SA040");
        var start = d["range"]!["start"]!;
        var hover = client.Request("textDocument/hover", TestClient.Position(Uri, start["line"]!.Value<int>(), start["character"]!.Value<int>() + 1))["result"]!;
        string text = hover["contents"]!["value"]!.Value<string>()!;
        Assert.Contains(RuleCatalog.Find("SA040")!.Summary, text);
        Assert.Contains(RuleDocs.Url("SA040")!, text);
    }

    [Fact]
    public void IgnoreActions_WriteComments_ThatSilenceTheRule()
    {
        using var client = new TestClient();
        client.Initialize();
        var d = ByCode(client.OpenAndWaitDiagnostics(Uri, Node), "SA040");
        var actions = client.CodeActions(Uri, d);
        var line = actions.First(a => a["title"]!.Value<string>() == "Ignore SA040 on this line");
        var file = actions.First(a => a["title"]!.Value<string>() == "Ignore SA040 in this file");
        Assert.Equal("quickfix", line["kind"]!.Value<string>());
        string Apply(JToken action)
        {
            var text = SourceText.From(Node);
            var edits = action["edit"]!["changes"]![Uri]!.Select(e => new TextEdit(
                CodeNodeLsp.Server.Convert.LspConvert.ToSpan(text, e["range"]!.ToObject<CodeNodeLsp.Protocol.Lsp.LspRange>()!), e["newText"]!.Value<string>()!));
            return text.WithEdits(edits).Text;
        }
        Assert.Equal("# codenode: stackai\nimport requests  # codenode: ignore[SA040]\ndef main():\n    return {}\n", Apply(line));
        Assert.Equal("# codenode: stackai\n# codenode: ignore-file[SA040]\nimport requests\ndef main():\n    return {}\n", Apply(file));
        // After the edit the document is still a stackai node and SA040 is gone.
        client.Notify("textDocument/didChange", new { textDocument = new { uri = Uri, version = 2 }, contentChanges = new[] { new { text = Apply(file) } } });
        var published = client.WaitNotification("textDocument/publishDiagnostics", p => p["version"]?.Value<int>() == 2);
        var codes = published["params"]!["diagnostics"]!.Select(x => x["code"]!.Value<string>()).ToList();
        Assert.DoesNotContain("SA040", codes);
        Assert.Contains("SA004", codes);
    }

    [Fact]
    public void FixAll_AppliesOnlySafeFixes_AndIsAdvertised()
    {
        using var client = new TestClient();
        var init = client.Initialize();
        var kinds = init["result"]!["capabilities"]!["codeActionProvider"]!["codeActionKinds"]!.Select(k => k.Value<string>()).ToList();
        Assert.Contains("source.fixAll.codenode", kinds);
        client.OpenAndWaitDiagnostics(Uri, Node);
        var result = (JArray)client.Request("textDocument/codeAction", new
        {
            textDocument = new { uri = Uri },
            range = new { start = new { line = 0, character = 0 }, end = new { line = 0, character = 0 } },
            context = new { diagnostics = Array.Empty<object>(), only = new[] { "source.fixAll" } },
        })["result"]!;
        var action = Assert.Single(result);
        Assert.Equal("source.fixAll.codenode", action["kind"]!.Value<string>());
        var edit = Assert.Single((JArray)action["edit"]!["changes"]![Uri]!);
        // The args parameter is added; the undeclared import (whose fix edits another file, if any) is left alone.
        Assert.Equal("args", edit["newText"]!.Value<string>());
        Assert.Equal(2, edit["range"]!["start"]!["line"]!.Value<int>());
        // A plain request for quick fixes does not include it.
        var quick = client.CodeActions(Uri, new JObject { ["range"] = new JObject { ["start"] = new JObject { ["line"] = 0, ["character"] = 0 }, ["end"] = new JObject { ["line"] = 0, ["character"] = 0 } } });
        Assert.DoesNotContain(quick, a => a["kind"]!.Value<string>() == "source.fixAll.codenode");
    }

    [Fact]
    public void RulesSettings_IgnoreAndReRate()
    {
        using var client = new TestClient();
        client.Initialize(initializationOptions: new { codeNode = new { rules = new { ignore = new[] { "SA040" }, severity = new Dictionary<string, string> { ["SA004"] = "hint" } } } });
        var diagnostics = client.OpenAndWaitDiagnostics(Uri, Node);
        var d = Assert.Single(diagnostics);
        Assert.Equal("SA004", d["code"]!.Value<string>());
        Assert.Equal(4, d["severity"]!.Value<int>());
    }
}
