// Locator tests (SPEC §1): which files are code nodes, by extension, manifest (here or enclosing) and first-line pragma.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Tests.Workspace;

public class LocatorTests
{
    [Theory]
    [InlineData("# codenode: voxworks\ndef run():\n", "voxworks")]
    [InlineData("#codenode:stackai\r\n", "stackai")]
    [InlineData("  #   codenode :  pflow  \n", "pflow")]
    [InlineData("\uFEFF# codenode: stackai", "stackai")]
    public void Pragma_OnTheFirstLine_MakesACodeNode(string text, string dialect)
    {
        var located = CodeNodeLocator.Classify("/w/a.py", text, null);
        Assert.Equal(DocumentKind.CodeNode, located.Kind);
        Assert.Equal(dialect, located.Context!.Dialect);
        Assert.Empty(located.Diagnostics);
    }

    [Theory]
    [InlineData("x = 1\n# codenode: voxworks\n")]
    [InlineData("import os\n")]
    [InlineData("")]
    [InlineData("# codenode voxworks\n")]
    public void NoPragmaOnTheFirstLine_IsNotACodeNode(string text)
    {
        var located = CodeNodeLocator.Classify("/w/a.py", text, null);
        Assert.Equal(DocumentKind.Other, located.Kind);
        Assert.Empty(located.Diagnostics);
    }

    [Fact]
    public void TypeScriptPragma_UsesSlashes()
    {
        var located = CodeNodeLocator.Classify("/w/a.ts", "// codenode: stackai\nfunction main(args) {}\n", null);
        Assert.Equal("stackai", located.Context!.Dialect);
        Assert.Equal(NodeLanguage.TypeScript, located.Context.Language);
    }

    [Fact]
    public void UnknownPragmaDialect_IsMF005OnTheDialectWord()
    {
        string text = "# codenode: voxwork\n";
        var d = Assert.Single(CodeNodeLocator.Classify("/w/a.py", text, null).Diagnostics);
        Assert.Equal("MF005", d.Code);
        Assert.Equal("voxwork", text.Substring(d.Span.Start, d.Span.Length));
        Assert.Contains("Did you mean \"voxworks\"?", d.Message);
    }

    [Fact]
    public void EmptyPragmaDialect_IsMF005()
    {
        Assert.Equal("MF005", CodeNodeLocator.Classify("/w/a.py", "# codenode:\n", null).Diagnostics.Single().Code);
    }

    [Theory]
    [InlineData("/w/flow.pflow.md", DocumentKind.CodeNode)]
    [InlineData("/w/README.md", DocumentKind.Other)]
    [InlineData("/w/codenode.json", DocumentKind.Manifest)]
    [InlineData("/w/data.json", DocumentKind.Other)]
    [InlineData("/w/script.js", DocumentKind.Other)]
    public void FileKinds_FollowTheirNames(string path, DocumentKind kind)
    {
        Assert.Equal(kind, CodeNodeLocator.Classify(path, "# codenode: voxworks\n", null).Kind);
    }

    [Fact]
    public void ManifestInAnEnclosingFolder_NamesTheFile_AndWinsOverAPragma()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", "{\"nodes\": {\"deep\": {\"dialect\": \"stackai\", \"file\": \"src/nodes/deep.py\"}}}");
        string file = dir.File("src/nodes/deep.py", "# codenode: voxworks\ndef main(args): return {}\n");
        var manifests = new ManifestCache();
        var node = CodeNodeLocator.FindManifestNode(file, dir.Path, manifests);
        Assert.NotNull(node);
        var located = CodeNodeLocator.Classify(file, File.ReadAllText(file), node);
        Assert.Equal("stackai", located.Context!.Dialect);
        Assert.Equal("deep", located.Context.NodeId);
    }

    [Fact]
    public void FileNotNamedByAnyManifest_IsNotACodeNode()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", "{\"nodes\": {\"a\": {\"dialect\": \"stackai\", \"file\": \"a.py\"}}}");
        dir.File("a.py", "");
        string other = dir.File("b.py", "def main(args): return {}\n");
        Assert.Null(CodeNodeLocator.FindManifestNode(other, dir.Path, new ManifestCache()));
        Assert.Equal(DocumentKind.Other, CodeNodeLocator.Classify(other, File.ReadAllText(other), null).Kind);
    }

    [Fact]
    public void ManifestCache_SeesEditsOnDisk()
    {
        using var dir = new TempDir();
        string manifest = dir.File("codenode.json", "{\"nodes\": {}}");
        string file = dir.File("a.py", "");
        var cache = new ManifestCache();
        Assert.Null(CodeNodeLocator.FindManifestNode(file, dir.Path, cache));
        File.WriteAllText(manifest, "{\"nodes\": {\"a\": {\"dialect\": \"voxworks\", \"file\": \"a.py\"}}}   ");
        Assert.NotNull(CodeNodeLocator.FindManifestNode(file, dir.Path, cache));
    }

    [Fact]
    public void WorkspaceRoot_PrefersCodenodeFolder_ThenGit_ThenManifest()
    {
        using var dir = new TempDir();
        string file = dir.File("repo/proj/nodes/a.py", "");
        dir.File("repo/proj/codenode.json", "{}");
        Directory.CreateDirectory(Path.Combine(dir.Path, "repo", ".git"));
        Assert.Equal(Path.Combine(dir.Path, "repo"), WorkspaceRoot.Find(file));
        Directory.CreateDirectory(Path.Combine(dir.Path, "repo", "proj", "nodes", ".codenode"));
        Assert.Equal(Path.Combine(dir.Path, "repo", "proj", "nodes"), WorkspaceRoot.Find(file));
    }
}
