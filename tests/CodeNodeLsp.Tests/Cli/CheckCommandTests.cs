// `codenode check` tests: text and JSON shapes, 1-based vs 0-based positions, exit codes 0/1/2, folder search, order.
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;
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
        string file = dir.File("plain.py", "print('hi')\n");
        var (code, output, err) = Check("text", file);
        Assert.Equal(0, code);
        Assert.Equal("", output);
        Assert.Contains("checked 1 file", err);
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
            Assert.Equal(2, CliApp.Run(["check"]));
            Assert.Equal(2, CliApp.Run(["frobnicate"]));
            Assert.Equal(2, CliApp.Run([]));
        }
        finally
        {
            Console.SetError(stderr);
        }
    }
}
