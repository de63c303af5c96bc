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

    /// <summary>
    /// Like <see cref="AssertNone"/> over the whole server, except the given places (paths under server/; a
    /// folder ends with '/'). Scanning everything else means a new folder is checked without being listed.
    /// </summary>
    private static void AssertNoneOutside(Regex pattern, string why, params string[] allowed)
    {
        var places = allowed.Select(a => Path.Combine("server", a.Replace('/', Path.DirectorySeparatorChar))).ToList();
        var hits = CodeLines()
            .Where(l => !places.Any(p => p.EndsWith(Path.DirectorySeparatorChar) ? l.File.StartsWith(p, StringComparison.Ordinal) : l.File == p)
                && pattern.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(hits.Count == 0, why + "\n" + string.Join("\n", hits));
    }

    [GeneratedRegex(@"\bCodeNodeLsp\.(Analysis|Syntax|Dialects|Protocol|Server|Workspace|Run|Cli|Features)\b|\bNewtonsoft\b|\bSystem\.Text\.Json\b")]
    private static partial Regex AnyOtherLayerOrJson();

    [GeneratedRegex(@"\bCodeNodeLsp\.(Analysis|Dialects|Protocol|Server|Workspace|Run|Cli)\b|\bNewtonsoft\b|\bSystem\.Text\.Json\b|\bYamlDotNet\b")]
    private static partial Regex SyntaxForbidden();

    [GeneratedRegex(@"\bCodeNodeLsp\.(Protocol|Server|Workspace|Run|Cli)\b")]
    private static partial Regex AboveAnalysis();

    [GeneratedRegex(@"(?<![\w.])(File|Directory|Process|Console|FileInfo|DirectoryInfo|FileStream|Environment|Dns)\.|\bnew (FileInfo|DirectoryInfo|FileStream|Process|HttpClient|Socket|TcpClient)\b|System\.IO\.File\b|System\.Diagnostics\.Process\b|\bSystem\.Net\b")]
    private static partial Regex Io();

    [GeneratedRegex(@"\bCodeNodeLsp\.Protocol\b|\bProtocol\.Lsp\b")]
    private static partial Regex WireTypes();

    [GeneratedRegex(@"\bConsole\.(Write|WriteLine|Out)\b|\bConsole\.OpenStandardOutput\b")]
    private static partial Regex Stdout();

    [GeneratedRegex(@"\bFile\.(Write|Create|Move|Copy|Delete|Append|Replace|Open(Write)?\b)|\bDirectory\.(CreateDirectory|Delete|Move)\b|\bnew (FileStream|StreamWriter)\b")]
    private static partial Regex WritesFiles();

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

    [Fact]
    public void OnlyProtocolAndServer_KnowLspWireTypes() =>
        AssertNoneOutside(WireTypes(), "Only Protocol and Server may use the LSP wire types of Protocol:", "Protocol/", "Server/");

    // The server never writes the user's files: samples.json is written by SampleStore, and Run writes only its
    // cache and work folders. Any other writer would need a reason stated in ARCHITECTURE.md first.
    [Fact]
    public void OnlySampleStoreAndRun_WriteFiles() =>
        AssertNoneOutside(WritesFiles(), "Only Workspace/SampleStore.cs and Run/ may write files:", "Run/", "Workspace/SampleStore.cs");

    [Theory]
    [InlineData("x = File.ReadAllText(p);", true)]
    [InlineData("using var s = new FileStream(p, FileMode.Open);", true)]
    [InlineData("var v = Environment.GetEnvironmentVariable(\"HOME\");", true)]
    [InlineData("var c = new HttpClient();", true)]
    [InlineData("string n = Path.GetFileName(p);", false)]
    [InlineData("var f = node.File;", false)]
    [InlineData("using var reader = new StreamReader(embeddedResource);", false)]
    public void TheIoPattern_CatchesIoAndOnlyIo(string line, bool isIo) => Assert.Equal(isIo, Io().IsMatch(line));

    [Theory]
    [InlineData("File.WriteAllText(p, s);", true)]
    [InlineData("File.Move(tmp, p, overwrite: true);", true)]
    [InlineData("Directory.CreateDirectory(d);", true)]
    [InlineData("using var w = new StreamWriter(p);", true)]
    [InlineData("var s = File.ReadAllText(p);", false)]
    [InlineData("if (File.Exists(p)) return;", false)]
    public void TheWritePattern_CatchesWritesAndNotReads(string line, bool writes) => Assert.Equal(writes, WritesFiles().IsMatch(line));

    [Fact]
    public void OnlyServerConvert_TurnsOffsetsIntoLspPositions()
    {
        var hits = CodeLines("Server")
            .Where(l => !l.File.Contains($"Server{Path.DirectorySeparatorChar}Convert{Path.DirectorySeparatorChar}") && Regex.IsMatch(l.Text, @"\bnew Position\(|\bnew LspRange\("))
            .Select(l => $"{l.File}:{l.Line}").ToList();
        Assert.True(hits.Count == 0, "Positions are made in Server/Convert only:\n" + string.Join("\n", hits));
    }

    [Fact]
    public void NothingButCliProtocolAndProgram_WritesToStdout() =>
        AssertNoneOutside(Stdout(), "Only Cli, Protocol and Program may write to stdout (ServerHost opens it for Protocol):",
            "Cli/", "Protocol/", "Program.cs", "Server/ServerHost.cs");

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
