// Protocol tests of the editor features on templates and names: semantic tokens, inlay hints, hover on input names in
// code, and pull diagnostics (textDocument/diagnostic, workspace/diagnostic) agreeing with `codenode check`.
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Server;

public class EditorFeaturesTests
{
    private static string Example(string relative) => Path.Combine(RepoPaths.Root, "examples", relative);
    private static string ExampleUri(string relative) => new Uri(Example(relative)).AbsoluteUri;

    private static (TestClient Client, JObject Init) Start(object? options = null)
    {
        var client = new TestClient();
        var init = client.Initialize(rootUri: new Uri(Path.Combine(RepoPaths.Root, "examples")).AbsoluteUri, initializationOptions: options);
        return (client, init);
    }

    /// <summary>Decodes LSP's relative token data into (line, character, text, type, modifiers).</summary>
    private static List<(int Line, int Char, string Text, string Type, int Mods)> Tokens(JObject init, JArray data, string text)
    {
        var types = init["result"]!["capabilities"]!["semanticTokensProvider"]!["legend"]!["tokenTypes"]!.Select(t => t.Value<string>()!).ToList();
        var lines = text.Split('\n');
        var result = new List<(int, int, string, string, int)>();
        int line = 0, ch = 0;
        for (int i = 0; i + 4 < data.Count; i += 5)
        {
            int dl = data[i].Value<int>(), dc = data[i + 1].Value<int>(), len = data[i + 2].Value<int>();
            line += dl;
            ch = dl == 0 ? ch + dc : dc;
            result.Add((line, ch, lines[line].Substring(ch, len), types[data[i + 3].Value<int>()], data[i + 4].Value<int>()));
        }
        return result;
    }

    [Fact]
    public void Capabilities_AdvertiseTokensHintsAndWorkspaceDiagnostics()
    {
        var (client, init) = Start();
        using var _ = client;
        var caps = init["result"]!["capabilities"]!;
        Assert.Contains("unresolved", caps["semanticTokensProvider"]!["legend"]!["tokenModifiers"]!.Select(t => t.Value<string>()));
        Assert.True(caps["semanticTokensProvider"]!["full"]!.Value<bool>());
        Assert.True(caps["inlayHintProvider"]!.Value<bool>());
        Assert.True(caps["diagnosticProvider"]!["workspaceDiagnostics"]!.Value<bool>());
    }

    [Fact]
    public void SemanticTokens_SplitTemplatesIntoParts_AndMarkUnknownOnes()
    {
        var (client, init) = Start();
        using var _ = client;
        string text = File.ReadAllText(Example("pflow/unknown-template.pflow.md"));
        string uri = ExampleUri("pflow/unknown-template.pflow.md");
        client.Open(uri, text, languageId: "markdown");
        var data = (JArray)client.Request("textDocument/semanticTokens/full", new { textDocument = new { uri } })["result"]!["data"]!;
        var tokens = Tokens(init, data, text);
        Assert.Contains(tokens, t => t.Text == "${" && t.Type == "operator");
        Assert.Contains(tokens, t => t.Text == "}" && t.Type == "operator");
        // Known sources are plain; the PF101 source and the PF104 key are unresolved.
        Assert.Contains(tokens, t => t.Type is "namespace" or "parameter" && t.Mods == 0);
        Assert.Contains(tokens, t => t.Mods == 1);
        var published = client.WaitNotification("textDocument/publishDiagnostics", p => p["uri"]!.Value<string>() == uri);
        foreach (var d in published["params"]!["diagnostics"]!.Where(d => d["code"]!.Value<string>() is "PF101" or "PF104"))
        {
            int line = d["range"]!["start"]!["line"]!.Value<int>();
            Assert.Contains(tokens, t => t.Line == line && t.Mods == 1);
        }
    }

    [Fact]
    public void SemanticTokens_OfVoxworksPlaceholders_HaveNamespaceAndVariable()
    {
        var (client, init) = Start();
        using var _ = client;
        string text = File.ReadAllText(Example("voxworks/broken/variables.py"));
        string uri = ExampleUri("voxworks/broken/variables.py");
        client.Open(uri, text);
        var tokens = Tokens(init, (JArray)client.Request("textDocument/semanticTokens/full", new { textDocument = new { uri } })["result"]!["data"]!, text);
        Assert.Contains(tokens, t => t.Text == "{{" && t.Type == "operator");
        Assert.Contains(tokens, t => t.Text == "contact" && t.Type == "namespace");
        Assert.Contains(tokens, t => t.Type == "variable" && t.Mods == 1); // the misspelt variable (VX020)
        Assert.Contains(tokens, t => t.Type == "variable" && t.Mods == 0);
    }

    [Fact]
    public void HoverAndInlayHints_OnInputNamesInCode_ShowTheSample()
    {
        var (client, _) = Start(new { codeNode = new { inlayHints = new { enabled = true } } });
        using var c = client;
        string text = File.ReadAllText(Example("pflow/count-active-users.pflow.md"));
        string uri = ExampleUri("pflow/count-active-users.pflow.md");
        client.Open(uri, text, languageId: "markdown");
        var lines = text.Split('\n');
        int useLine = Array.FindIndex(lines, l => l.StartsWith("active = ", StringComparison.Ordinal));
        int col = lines[useLine].IndexOf("in users", StringComparison.Ordinal) + 3;
        var hover = client.Request("textDocument/hover", TestClient.Position(uri, useLine, col + 1))["result"]!;
        string md = hover["contents"]!["value"]!.Value<string>()!;
        Assert.Contains("**users**", md);
        Assert.Contains("${fetch.response.data}", md);
        Assert.Contains("\"Cy\"", md);
        var hints = (JArray)client.Request("textDocument/inlayHint", new { textDocument = new { uri }, range = new { start = new { line = 0, character = 0 }, end = new { line = lines.Length, character = 0 } } })["result"]!;
        int annotationLine = Array.FindIndex(lines, l => l == "users: list");
        Assert.Contains(hints, h => h["position"]!["line"]!.Value<int>() == annotationLine && h["position"]!["character"]!.Value<int>() == 5 && h["label"]!.Value<string>() == "⟵ [3 items]");
        Assert.Contains(hints, h => h["label"]!.Value<string>() == "⟵ 5");
    }

    [Fact]
    public void StackAiBoundVariables_HoverAndHint_FromTheirUpstreamKey()
    {
        var (client, _) = Start(new { codeNode = new { inlayHints = new { enabled = true } } });
        using var c = client;
        string text = File.ReadAllText(Example("stackai/summarize.py"));
        string uri = ExampleUri("stackai/summarize.py");
        client.Open(uri, text);
        var lines = text.Split('\n');
        int useLine = Array.FindIndex(lines, l => l.Contains("len(text.split())", StringComparison.Ordinal));
        var hover = client.Request("textDocument/hover", TestClient.Position(uri, useLine, lines[useLine].IndexOf("text.", StringComparison.Ordinal) + 1))["result"]!;
        Assert.Contains("args[\"in-0\"]", hover["contents"]!["value"]!.Value<string>());
        var hints = (JArray)client.Request("textDocument/inlayHint", new { textDocument = new { uri }, range = new { start = new { line = 0, character = 0 }, end = new { line = lines.Length, character = 0 } } })["result"]!;
        int bindLine = Array.FindIndex(lines, l => l.Contains("text = args", StringComparison.Ordinal));
        Assert.Contains(hints, h => h["position"]!["line"]!.Value<int>() == bindLine && h["label"]!.Value<string>()!.StartsWith("⟵ \"", StringComparison.Ordinal));
    }

    [Fact]
    public void InlayHints_AreOffByDefault()
    {
        var (client, _) = Start();
        using var c = client;
        string uri = ExampleUri("stackai/summarize.py");
        client.Open(uri, File.ReadAllText(Example("stackai/summarize.py")));
        var hints = (JArray)client.Request("textDocument/inlayHint", new { textDocument = new { uri }, range = new { start = new { line = 0, character = 0 }, end = new { line = 50, character = 0 } } })["result"]!;
        Assert.Empty(hints);
    }

    [Fact]
    public void WorkspaceDiagnostics_ReportClosedFiles_AsTheCliDoes_AndOnlyWithScopeWorkspace()
    {
        var (off, _) = Start();
        using (off)
            Assert.Empty((JArray)off.Request("workspace/diagnostic", new { previousResultIds = Array.Empty<object>() })["result"]!["items"]!);

        var (client, _) = Start(new { codeNode = new { diagnostics = new { scope = "workspace" } } });
        using var c = client;
        // An open file is pushed, so the workspace report leaves it out and its document report is empty.
        string openUri = ExampleUri("stackai/summarize.py");
        client.Open(openUri, File.ReadAllText(Example("stackai/summarize.py")));
        var items = (JArray)client.Request("workspace/diagnostic", new { previousResultIds = Array.Empty<object>() })["result"]!["items"]!;
        Assert.DoesNotContain(items, i => i["uri"]!.Value<string>() == openUri);
        Assert.Empty((JArray)client.Request("textDocument/diagnostic", new { textDocument = new { uri = openUri } })["result"]!["items"]!);

        // Every other file the CLI reports is there, with the same codes and positions.
        var stdout = new StringWriter();
        CheckCommand.Run([Path.Combine(RepoPaths.Root, "examples")], "json", stdout, new StringWriter());
        var cli = JObject.Parse(stdout.ToString())["files"]!.ToDictionary(
            f => new Uri(Path.GetFullPath(f["path"]!.Value<string>()!, RepoPaths.Root)).AbsoluteUri,
            f => f["diagnostics"]!.Select(d => $"{d["range"]!["start"]!["line"]}:{d["range"]!["start"]!["character"]} {d["code"]}").OrderBy(x => x).ToList());
        var pulled = items.ToDictionary(i => i["uri"]!.Value<string>()!, i => i["items"]!.Select(d => $"{d["range"]!["start"]!["line"]}:{d["range"]!["start"]!["character"]} {d["code"]}").OrderBy(x => x).ToList());
        cli.Remove(openUri);
        Assert.Equal(cli.Keys.Order(), pulled.Keys.Order());
        foreach (var (uri, codes) in cli) Assert.Equal(codes, pulled[uri]);
        Assert.Contains(pulled.Values, v => v.Count > 0);

        // Asked again with the result ids it gave, it answers "unchanged"; a closed file's document report matches.
        var previous = items.Select(i => new { uri = i["uri"]!.Value<string>(), value = i["resultId"]!.Value<string>() }).ToArray();
        var again = (JArray)client.Request("workspace/diagnostic", new { previousResultIds = previous })["result"]!["items"]!;
        Assert.All(again, i => Assert.Equal("unchanged", i["kind"]!.Value<string>()));
        string closedUri = ExampleUri("pflow/unknown-template.pflow.md");
        var report = client.Request("textDocument/diagnostic", new { textDocument = new { uri = closedUri } })["result"]!;
        Assert.Equal(pulled[closedUri].Count, report["items"]!.Count());
    }
}
