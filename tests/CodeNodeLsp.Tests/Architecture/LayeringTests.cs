// Layering and tidiness of server/: the invariants of ARCHITECTURE.md checked by scanning each folder's source.
using System.Text.RegularExpressions;
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Architecture;

public partial class LayeringTests
{
    /// <summary>Source files of a top-level folder of server/ (or all of them), without build output.</summary>
    private static IEnumerable<string> Sources(string? folder = null)
    {
        string root = folder is null ? RepoPaths.Server : Path.Combine(RepoPaths.Server, folder);
        if (!Directory.Exists(root)) return [];
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>Code lines only: comment lines are skipped so prose may name anything.</summary>
    private static IEnumerable<(string File, int Line, string Text)> CodeLines(string? folder = null)
    {
        foreach (string file in Sources(folder))
        {
            int n = 0;
            foreach (string line in File.ReadLines(file))
            {
                n++;
                string t = line.TrimStart();
                if (t.StartsWith("//", StringComparison.Ordinal) || t.StartsWith("namespace ", StringComparison.Ordinal)) continue;
                yield return (Path.GetRelativePath(RepoPaths.Root, file), n, line);
            }
        }
    }

    private static void AssertNone(string? folder, Regex pattern, string why)
    {
        var hits = CodeLines(folder).Where(l => pattern.IsMatch(l.Text)).Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(hits.Count == 0, why + "\n" + string.Join("\n", hits));
    }

    [GeneratedRegex(@"\bCodeNodeLsp\.(Analysis|Syntax|Dialects|Protocol|Server|Workspace|Run|Cli|Features)\b|\bNewtonsoft\b")]
    private static partial Regex AnyOtherLayerOrJson();

    [GeneratedRegex(@"\bCodeNodeLsp\.(Dialects|Protocol|Server|Workspace|Run|Cli)\b|\bNewtonsoft\b|\bYamlDotNet\b")]
    private static partial Regex SyntaxForbidden();

    [GeneratedRegex(@"\bCodeNodeLsp\.(Protocol|Server|Workspace|Run|Cli)\b")]
    private static partial Regex AboveAnalysis();

    [GeneratedRegex(@"(?<![\w.])(File|Directory|Process|Console|FileInfo|DirectoryInfo|FileStream)\.|\bnew (FileInfo|DirectoryInfo|FileStream|Process)\b|System\.IO\.File\b|System\.Diagnostics\.Process\b")]
    private static partial Regex Io();

    [GeneratedRegex(@"\bCodeNodeLsp\.Protocol\b|\bProtocol\.Lsp\b")]
    private static partial Regex WireTypes();

    [GeneratedRegex(@"\bConsole\.(Write|WriteLine|Out)\b|\bConsole\.OpenStandardOutput\b")]
    private static partial Regex Stdout();

    [Fact]
    public void Text_DependsOnNothing() => AssertNone("Text", AnyOtherLayerOrJson(), "Text must not depend on other layers or JSON:");

    [Fact]
    public void Syntax_KnowsNothingOfLspJsonDialectsOrIo()
    {
        AssertNone("Syntax", SyntaxForbidden(), "Syntax must not reference dialects, LSP, the workspace or JSON:");
        AssertNone("Syntax", Io(), "Syntax must do no IO:");
    }

    [Theory]
    [InlineData("Analysis")]
    [InlineData("Dialects")]
    public void AnalysisAndDialects_DoNoIo_AndNeverReferenceTheLayersAbove(string folder)
    {
        AssertNone(folder, AboveAnalysis(), $"{folder} must not reference Protocol, Server, Workspace, Run or Cli:");
        AssertNone(folder, Io(), $"{folder} must do no IO (File, Directory, Process, Console):");
    }

    [Theory]
    [InlineData("Text")]
    [InlineData("Syntax")]
    [InlineData("Analysis")]
    [InlineData("Dialects")]
    [InlineData("Workspace")]
    [InlineData("Run")]
    [InlineData("Cli")]
    public void OnlyProtocolAndServer_KnowLspWireTypes(string folder) =>
        AssertNone(folder, WireTypes(), $"{folder} must not use the LSP wire types of Protocol:");

    [Fact]
    public void OnlyServerConvert_TurnsOffsetsIntoLspPositions()
    {
        var hits = CodeLines("Server")
            .Where(l => !l.File.Contains($"Server{Path.DirectorySeparatorChar}Convert{Path.DirectorySeparatorChar}") && Regex.IsMatch(l.Text, @"\bnew Position\(|\bnew LspRange\("))
            .Select(l => $"{l.File}:{l.Line}").ToList();
        Assert.True(hits.Count == 0, "Positions are made in Server/Convert only:\n" + string.Join("\n", hits));
    }

    [Fact]
    public void NothingButCliProtocolAndProgram_WritesToStdout()
    {
        var hits = CodeLines()
            .Where(l => !l.File.StartsWith(Path.Combine("server", "Cli"), StringComparison.Ordinal)
                && !l.File.StartsWith(Path.Combine("server", "Protocol"), StringComparison.Ordinal)
                && l.File != Path.Combine("server", "Program.cs")
                && l.File != Path.Combine("server", "Server", "ServerHost.cs")
                && Stdout().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(hits.Count == 0, "Only Cli, Protocol and Program may write to stdout (ServerHost opens it for Protocol):\n" + string.Join("\n", hits));
    }

    [Fact]
    public void EveryServerFile_StartsWithAPurposeComment()
    {
        var missing = Sources()
            .Where(f => !(File.ReadLines(f).FirstOrDefault() ?? "").StartsWith("// ", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f)).ToList();
        Assert.True(missing.Count == 0, "Files without a first-line // purpose comment:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void TheScanSeesTheWholeServer()
    {
        // Guards the checks above against passing because they read nothing.
        Assert.Contains(Sources(), f => f.EndsWith(Path.Combine("Protocol", "Connection.cs"), StringComparison.Ordinal));
        Assert.Contains(Sources("Analysis"), f => f.EndsWith("Diagnostic.cs", StringComparison.Ordinal));
        Assert.True(Sources().Count() > 40);
    }
}
