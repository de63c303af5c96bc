// Stack AI quick fixes: each is applied to its text (the code, or codenode.json for dependency fixes) and the result
// is compared with the expected text; after a code fix the diagnostic it fixed is gone.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Analysis.Json;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Tests.Dialects.StackAi;

public class StackAiFixTests
{
    /// <summary>Applies the fix titled <paramref name="title"/> of the first <paramref name="code"/> diagnostic.</summary>
    private static string ApplyFix(string text, string code, string title, NodeLanguage language = NodeLanguage.Python, string? header = null)
    {
        var analysis = StackAiFixtures.Analyze(text, header, language);
        var diagnostic = analysis.Diagnostics.First(d => d.Code == code);
        var fix = diagnostic.FixList.Single(f => f.Title.StartsWith(title, StringComparison.Ordinal));
        Assert.Null(fix.Path);
        string fixedText = SourceText.From(text).WithEdits(fix.Edits).Text;
        var after = StackAiFixtures.Analyze(fixedText, header, language);
        Assert.DoesNotContain(after.Diagnostics, d => d.Code == code && d.Message == diagnostic.Message);
        return fixedText;
    }

    [Fact]
    public void Python_MissingMain_AddsSkeletonThatReadsTheFirstUpstream() => Assert.Equal(
        "import json\n\ndef main(args):\n    # args maps each upstream node id to that node's output.\n    value = args[\"in-0\"]\n    return {\"result\": value}\n",
        ApplyFix("import json\n", "SA001", "Add a main(args) skeleton", header: """{"upstream": {"in-0": "x"}}"""));

    [Fact]
    public void TypeScript_MissingMain_AddsSkeleton() => Assert.Equal(
        "const x = 1;\n\nfunction main(args: Record<string, any>) {\n  // args maps each upstream node id to that node's output.\n  return { result: null };\n}\n",
        ApplyFix("const x = 1;\n", "SA001", "Add a main(args) skeleton", NodeLanguage.TypeScript));

    [Fact]
    public void Python_MisnamedMain_Renames() =>
        Assert.Equal("def main(args):\n    return {}\n", ApplyFix("def Main(args):\n    return {}\n", "SA003", "Rename to main"));

    [Fact]
    public void Python_NoParameter_AddsArgs() =>
        Assert.Equal("def main(args):\n    return {}\n", ApplyFix("def main():\n    return {}\n", "SA004", "Add the args parameter"));

    [Fact]
    public void TypeScript_NoParameter_AddsArgs() =>
        Assert.Equal("const main = (args) => ({});\n", ApplyFix("const main = () => ({});\n", "SA004", "Add the args parameter", NodeLanguage.TypeScript));

    [Fact]
    public void Python_AsyncMain_RemovesAsync() =>
        Assert.Equal("def main(args):\n    return {}\n", ApplyFix("async def main(args):\n    return {}\n", "SA006", "Remove async"));

    [Fact]
    public void TypeScript_NotExported_Exports() => Assert.Equal(
        "export function main(args) { return {} }\n",
        ApplyFix("function main(args) { return {} }\n", "SA007", "Export main", NodeLanguage.TypeScript, """{"typescript": "module"}"""));

    [Fact]
    public void Python_MissingReturn_AddsReturnAtBodyIndentation() => Assert.Equal(
        "def main(args):\n    if args:\n        return {\"a\": 1}\n    print(args)\n    return {}\n",
        ApplyFix("def main(args):\n    if args:\n        return {\"a\": 1}\n    print(args)\n", "SA010", "Add return {}"));

    [Theory]
    [InlineData("function main(args) {\n  console.log(args);\n}\n", "function main(args) {\n  console.log(args);\n  return {};\n}\n")]
    [InlineData("function main(args) { console.log(args) }\n", "function main(args) { console.log(args); return {}; }\n")]
    [InlineData("const main = (args) => {\n\tfoo();\n};\n", "const main = (args) => {\n\tfoo();\n\treturn {};\n};\n")]
    public void TypeScript_MissingReturn_AddsReturnBeforeTheClosingBrace(string text, string expected) =>
        Assert.Equal(expected, ApplyFix(text, "SA010", "Add return {}", NodeLanguage.TypeScript));

    [Fact]
    public void Python_SetReturn_WrapsInList() =>
        Assert.Equal("def main(args):\n    return {\"tags\": list({1, 2})}\n", ApplyFix("def main(args):\n    return {\"tags\": {1, 2}}\n", "SA011", "Convert with list(...)"));

    [Fact]
    public void Python_SetVariableReturn_WrapsTheName() => Assert.Equal(
        "def main(args):\n    s = set()\n    return list(s)\n",
        ApplyFix("def main(args):\n    s = set()\n    return s\n", "SA011", "Convert with list(...)"));

    [Fact]
    public void Python_BytesReturn_Decodes() =>
        Assert.Equal("def main(args):\n    return {\"b\": b\"x\".decode(\"utf-8\")}\n", ApplyFix("def main(args):\n    return {\"b\": b\"x\"}\n", "SA011", "Decode"));

    [Fact]
    public void Python_StringReturn_WrapsInDict() => Assert.Equal(
        "def main(args):\n    return {\"result\": \"done\"}\n",
        ApplyFix("def main(args):\n    return \"done\"\n", "SA012", "Wrap in a dict"));

    [Fact]
    public void Python_StringReturn_JsonDumpsAddsImportAfterDocstring() => Assert.Equal(
        "\"\"\"Doc.\"\"\"\nimport json\nimport os\n\ndef main(args):\n    return json.dumps(\"done\")\n",
        ApplyFix("\"\"\"Doc.\"\"\"\nimport os\n\ndef main(args):\n    return \"done\"\n", "SA012", "Wrap in json.dumps"));

    [Fact]
    public void Python_StringReturn_JsonDumpsKeepsExistingImport() => Assert.Equal(
        "import json\n\ndef main(args):\n    return json.dumps(f\"{args}\")\n",
        ApplyFix("import json\n\ndef main(args):\n    return f\"{args}\"\n", "SA012", "Wrap in json.dumps"));

    [Fact]
    public void Python_NoneReturn_ReturnsEmptyDict() => Assert.Equal(
        "def main(args):\n    if not args:\n        return {}\n    return {\"a\": 1}\n",
        ApplyFix("def main(args):\n    if not args:\n        return\n    return {\"a\": 1}\n", "SA013", "Return an empty dict"));

    [Theory]
    [InlineData("function main(args) { const s = new Set(); return s }\n", "Convert with Array.from", "function main(args) { const s = new Set(); return Array.from(s) }\n")]
    [InlineData("function main(args) { return { m: new Map() } }\n", "Convert with Object.fromEntries", "function main(args) { return { m: Object.fromEntries(new Map()) } }\n")]
    public void TypeScript_NonJsonReturn_Converts(string text, string title, string expected) =>
        Assert.Equal(expected, ApplyFix(text, "SA011", title, NodeLanguage.TypeScript));

    [Fact]
    public void TypeScript_StringReturn_Stringifies() => Assert.Equal(
        "function main(args) { return JSON.stringify(`x${args.a}`) }\n",
        ApplyFix("function main(args) { return `x${args.a}` }\n", "SA012", "Wrap in JSON.stringify", NodeLanguage.TypeScript));

    [Fact]
    public void UnknownUpstream_ChangesToTheSuggestion() => Assert.Equal(
        "def main(args):\n    return {\"q\": args[\"in-0\"]}\n",
        ApplyFix("def main(args):\n    return {\"q\": args[\"in-1\"]}\n", "SA030", "Change to \"in-0\"", header: """{"upstream": {"in-0": "x"}}"""));

    // ───────────── fixes that edit codenode.json ─────────────

    /// <summary>Applies the manifest fix of the first <paramref name="code"/> diagnostic to the fixture's manifest text.</summary>
    private static string ApplyManifestFix(string text, string code, string header, NodeLanguage language = NodeLanguage.Python)
    {
        var request = StackAiFixtures.Request(text, header, language);
        var analysis = new CodeNodeLsp.Dialects.StackAi.StackAiDialect().Analyze(request, CancellationToken.None);
        var fix = Assert.Single(analysis.Diagnostics.First(d => d.Code == code).FixList);
        Assert.Equal(StackAiFixtures.ManifestPath, fix.Path);
        string manifest = SourceText.From(request.Context.ManifestText!).WithEdits(fix.Edits).Text;
        Assert.NotNull(SpannedJson.Parse(manifest, out var error));
        Assert.Null(error);
        return manifest;
    }

    private static string Dependencies(string manifest) =>
        string.Join(",", SpannedJson.Parse(manifest, out _)!.Member("nodes")!.Value.Member("node")!.Value.Member("dependencies")!.Value.Items.Select(i => i.StringValue));

    [Theory]
    [InlineData("""{"dependencies": ["requests==2.31.0"]}""", "requests==2.31.0,PyYAML")]
    [InlineData("""{"dependencies": []}""", "PyYAML")]
    [InlineData("""{"upstream": {}}""", "PyYAML")]
    public void UndeclaredImport_AddsThePackageToTheManifest(string header, string expected) =>
        Assert.Equal(expected, Dependencies(ApplyManifestFix("import yaml\n\ndef main(args):\n    return {}\n", "SA040", header)));

    [Fact]
    public void UndeclaredImport_TypeScriptAddsTheNpmPackage() => Assert.Equal(
        "@acme/pkg", Dependencies(ApplyManifestFix("import x from \"@acme/pkg/sub\";\nfunction main(args) { return {} }\n", "SA040", "{}", NodeLanguage.TypeScript)));

    [Theory]
    [InlineData("""{"dependencies": ["numpy", "requests"]}""", "requests")]
    [InlineData("""{"dependencies": ["requests", "numpy"]}""", "requests")]
    [InlineData("""{"dependencies": ["requests", "numpy", "rich"]}""", "requests")]
    public void UnusedDependency_RemovesItFromTheManifest(string header, string expected)
    {
        string manifest = ApplyManifestFix("import requests, rich\n\ndef main(args):\n    return {}\n".Replace(", rich", header.Contains("rich") ? ", rich" : ""), "SA041", header);
        Assert.Equal(expected + (header.Contains("rich") ? ",rich" : ""), Dependencies(manifest));
    }

    [Fact]
    public void PragmaFile_HasNoManifestFix()
    {
        var analysis = StackAiFixtures.Analyze("import yaml\n\ndef main(args):\n    return {}\n", """{"pragma": true}""");
        var d = Assert.Single(analysis.Diagnostics, d => d.Code == "SA040");
        Assert.Empty(d.FixList);
        Assert.Contains("no codenode.json entry", d.Message);
    }
}
