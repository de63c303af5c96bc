// `codenode check` tests: text, JSON, GitHub and JUnit shapes, positions, exit codes 0/1/2, folder search, order, files that are not code nodes.
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Cli;

public class CheckCommandTests
{
    private static (int Code, string Out, string Err) Check(string format, params string[] paths)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CheckCommand.Run(paths, format, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Text_IsPathLineColSeverityCodeMessage_OneBased_AndExitOneOnErrors()
    {
        using var dir = new TempDir();
        string file = dir.File("a.py", "# codenode: nope\n");
        var (code, output, _) = Check("text", file);
        Assert.Equal(1, code);
        Assert.Equal($"{file}:1:13: error MF005: Unknown dialect \"nope\" in the codenode pragma; expected one of: pflow, stackai, voxworks.{Environment.NewLine}", output);
    }

    [Fact]
    public void Json_HasLspZeroBasedRanges_AndSeverityNames()
    {
        using var dir = new TempDir();
        string file = dir.File("a.py", "# codenode: nope\n");
        var (code, output, _) = Check("json", file);
        Assert.Equal(1, code);
        var root = JObject.Parse(output);
        var f = Assert.Single((JArray)root["files"]!);
        Assert.Equal(file, f["path"]!.Value<string>());
        var d = Assert.Single((JArray)f["diagnostics"]!);
        Assert.Equal(0, d["range"]!["start"]!["line"]!.Value<int>());
        Assert.Equal(12, d["range"]!["start"]!["character"]!.Value<int>());
        Assert.Equal(16, d["range"]!["end"]!["character"]!.Value<int>());
        Assert.Equal("error", d["severity"]!.Value<string>());
        Assert.Equal("MF005", d["code"]!.Value<string>());
    }

    [Fact]
    public void Folder_IsSearched_PlainFilesAreLeftOut_AndOrderIsByPath()
    {
        using var dir = new TempDir();
        dir.File("z/codenode.json", "{\"nodes\": {\"a\": {\"dialect\": \"stackai\", \"file\": \"gone.py\"}}}");
        dir.File("b.py", "# codenode: bad\n");
        dir.File("plain.py", "import numpy\n");
        dir.File("node_modules/x.py", "# codenode: bad\n");
        var (code, output, _) = Check("text", dir.Path);
        Assert.Equal(1, code);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(Path.Combine(dir.Path, "b.py") + ":1:13: error MF005", lines[0]);
        Assert.StartsWith(Path.Combine(dir.Path, "z", "codenode.json") + ":1:", lines[1]);
        Assert.Contains("MF004", lines[1]);
        var json = JObject.Parse(Check("json", dir.Path).Out);
        Assert.Equal(2, ((JArray)json["files"]!).Count);
    }

    [Fact]
    public void NoErrors_ExitsZero()
    {
        using var dir = new TempDir();
        string file = dir.File("ok.py", "# codenode: voxworks\ndef run():\n    return True\n");
        var (code, output, err) = Check("text", file);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Equal($"codenode: checked 1 file: 0 errors, 0 warnings.{Environment.NewLine}", err);
    }

    [Fact]
    public void AFileThatIsNotACodeNode_IsReported_AndExitsTwoWhenItIsAllThatWasNamed()
    {
        using var dir = new TempDir();
        string plain = dir.File("plain.py", "print('hi')\n");
        var (code, output, err) = Check("text", plain);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("plain.py: not a code node, not checked", err);
        Assert.Contains("checked 0 files", err);

        // Named beside a code node, it is still reported, and the exit code is the code node's.
        string node = dir.File("bad.py", "# codenode: nope\n");
        (code, output, err) = Check("text", plain, node);
        Assert.Equal(1, code);
        Assert.Contains("plain.py: not a code node", err);
        Assert.Contains("MF005", output);
    }

    [Fact]
    public void Text_FoldsAMultiLineMessageOntoOneLine_JsonKeepsItWhole()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", "{}");
        string flow = dir.File("w.pflow.md", "# W\n\n## Steps\n\n### fetch\n\nNo type here.\n");
        var (code, output, _) = Check("text", flow);
        Assert.Equal(1, code);
        var json = JObject.Parse(Check("json", flow).Out);
        var messages = json["files"]![0]!["diagnostics"]!.Select(d => d["message"]!.Value<string>()!).ToList();
        Assert.Contains(messages, m => m.Contains('\n'));
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(messages.Count, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^.*w\.pflow\.md:\d+:\d+: (error|warning|information|hint) [A-Z]{2}\d{3}: ", l));
        Assert.Equal("a b: c - d", CheckCommand.FoldLines("a\n  b: c\r\n\n  - d  "));
    }

    [Fact]
    public void GitHub_IsOneWorkflowCommandPerDiagnostic_EscapedAsTheToolkitEscapes()
    {
        using var dir = new TempDir();
        string file = dir.File("a,b:c.py", "# codenode: nope\n");
        var (code, output, _) = Check("github", file);
        Assert.Equal(1, code);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        string shown = file.Replace('\\', '/').Replace(":", "%3A").Replace(",", "%2C");
        Assert.StartsWith($"::error file={shown},line=1,col=13,endLine=1,endColumn=17,title=MF005::Unknown dialect \"nope\"", line);
        Assert.Equal("100%25 a%0Ab%0D", GitHubReport.EscapeData("100% a\nb\r"));
        Assert.Equal("x%3Ay%2Cz%0A", GitHubReport.EscapeProperty("x:y,z\n"));
    }

    [Fact]
    public void JUnit_IsWellFormed_ErrorsFail_WarningsPass()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", "{\"nodes\": {\"a\": {\"dialect\": \"stackaii\", \"file\": \"a.py\", \"timout\": 3}}}");
        dir.File("a.py", "def main(args):\n    return {}\n");
        dir.File("ok.py", "# codenode: voxworks\ndef run():\n    return True\n");
        dir.File("ctl.py", "# codenode: nope\u0001\n");
        var (code, output, _) = Check("junit", dir.Path);
        Assert.Equal(1, code);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", output);
        var doc = XDocument.Parse(output);
        var suites = doc.Root!.Elements("testsuite").ToList();
        int failures = doc.Descendants("failure").Count();
        Assert.Equal(failures, (int)doc.Root!.Attribute("failures")!);
        Assert.Equal(doc.Descendants("testcase").Count(), (int)doc.Root!.Attribute("tests")!);
        var manifest = suites.Single(s => ((string)s.Attribute("name")!).EndsWith("codenode.json", StringComparison.Ordinal));
        Assert.Contains(manifest.Elements("testcase"), t => (string?)t.Element("failure")?.Attribute("type") == "MF003");
        Assert.Contains(manifest.Elements("testcase"), t => t.Element("failure") == null && ((string?)t.Element("system-out") ?? "").Contains("MF006"));
        var ok = suites.Single(s => ((string)s.Attribute("name")!).EndsWith("ok.py", StringComparison.Ordinal));
        Assert.Equal("codenode check", (string)Assert.Single(ok.Elements("testcase")).Attribute("name")!);
        Assert.Contains("\uFFFD", JUnitReport.Clean("a\u0001b"));
    }

    [Fact]
    public void MissingPath_ExitsTwo_WithAClearMessage()
    {
        using var dir = new TempDir();
        var (code, _, err) = Check("text", Path.Combine(dir.Path, "nope.py"));
        Assert.Equal(2, code);
        Assert.Contains("nope.py: no such file or folder", err);
    }

    [Fact]
    public void BadUsage_ExitsTwo()
    {
        var stderr = Console.Error;
        try
        {
            Console.SetError(TextWriter.Null);
            Assert.Equal(2, CliApp.Run(["check", "--format", "xml", "x"]));
            Assert.Equal(2, CliApp.Run(["check", "--nope", "x"]));
            Assert.Equal(2, CliApp.Run(["check"]));
            Assert.Equal(2, CliApp.Run(["frobnicate"]));
            Assert.Equal(2, CliApp.Run([]));
        }
        finally
        {
            Console.SetError(stderr);
        }
    }

    [Theory]
    [InlineData("codenode: unknown command 'frobnicate'. Commands: {commands}.", "frobnicate")]
    [InlineData("codenode: no command given. Commands: {commands}.")]
    [InlineData("codenode: unknown option '--bogus'. Commands: {commands}.", "--bogus")]
    [InlineData("codenode run: unknown option '--bogus'.", "run", "--bogus", "x")]
    [InlineData("codenode check: unknown option '--nope'.", "check", "--format=json", "--nope", "x")]
    [InlineData("codenode check: Required argument missing for command: 'check'.", "check")]
    public void UsageErrors_FirstLineNamesTheMistake(string firstLine, params string[] args)
    {
        var stderr = Console.Error;
        var captured = new StringWriter();
        try
        {
            Console.SetError(captured);
            Assert.Equal(2, CliApp.Run(args));
        }
        finally
        {
            Console.SetError(stderr);
        }
        var lines = captured.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(firstLine.Replace("{commands}", string.Join(", ", CliCommands.All().Select(c => c.Name))), lines[0]);
        Assert.DoesNotContain(lines, l => l.Contains("Required command was not provided", StringComparison.Ordinal));
        Assert.StartsWith("Run 'codenode", lines[^1]);
    }

    [Fact]
    public void UnknownOption_SkipsOptionValues_AndStopsAtDoubleDash()
    {
        var run = RunCommand.Create();
        Assert.Null(CliApp.UnknownOption(run, ["--timeout", "-1", "x.py"]));
        Assert.Null(CliApp.UnknownOption(run, ["--json", "--", "--not-an-option"]));
        Assert.Equal("--jsn", CliApp.UnknownOption(run, ["--jsn", "x.py"]));
        Assert.Equal("-q", CliApp.UnknownOption(run, ["x.py", "-q"]));
    }
}
