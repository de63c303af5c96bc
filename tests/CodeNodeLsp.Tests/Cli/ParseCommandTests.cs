// `codenode parse`: text and JSON output, the tree dump, and the exit codes 0/1/2.
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Cli;

public class ParseCommandTests
{
    private static (int Code, string Out, string Err) Run(IReadOnlyList<string> files, string format = "text", bool tree = false)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = ParseCommand.Run(files, format, tree, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Text_output_lists_each_error_with_position()
    {
        using var dir = new TempDir();
        var good = dir.File("good.py", "x = 1\n");
        var bad = dir.File("bad.py", "x = 1\nif x\n    pass\n");
        var (code, output, _) = Run([good, bad]);
        Assert.Equal(1, code);
        Assert.Equal($"{bad}:2:5: error: expected ':'\n", output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Clean_files_exit_zero_with_no_output()
    {
        using var dir = new TempDir();
        var (code, output, _) = Run([dir.File("a.py", "def f():\n    return 1\n")]);
        Assert.Equal(0, code);
        Assert.Equal("", output);
    }

    [Fact]
    public void Json_output_has_checks_shape()
    {
        using var dir = new TempDir();
        var bad = dir.File("bad.py", "print(1\n");
        var (code, output, _) = Run([bad], "json");
        Assert.Equal(1, code);
        var diag = JObject.Parse(output)["files"]![0]!["diagnostics"]![0]!;
        Assert.Equal("'(' was never closed", (string?)diag["message"]);
        Assert.Equal("CN001", (string?)diag["code"]);
        Assert.Equal(5, (int)diag["range"]!["start"]!["character"]!);
    }

    [Fact]
    public void Unreadable_file_exits_two()
    {
        var (code, _, err) = Run(["/nonexistent/dir/file.py"]);
        Assert.Equal(2, code);
        Assert.Contains("cannot read", err);
    }

    [Fact]
    public void Tree_dumps_nodes_and_errors()
    {
        using var dir = new TempDir();
        var (code, output, _) = Run([dir.File("t.py", "x = foo.\n")], tree: true);
        Assert.Equal(1, code);
        Assert.Contains("Attribute [4..8)", output);
        Assert.Contains("error [8..8): invalid syntax", output);
    }

    [Fact]
    public void Tree_takes_exactly_one_file()
    {
        using var dir = new TempDir();
        var a = dir.File("a.py", "x = 1\n");
        Assert.Equal(2, Run([a, a], tree: true).Code);
    }
}
