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

    [Theory]
    // CPython 3.12's compile() of the same bytes says these words (it gives no line for the first three).
    [InlineData(new byte[] { (byte)'#', (byte)' ', (byte)'c', (byte)'o', (byte)'d', (byte)'i', (byte)'n', (byte)'g', (byte)':', (byte)' ', (byte)'f', (byte)'o', (byte)'o', (byte)'\n', (byte)'x', (byte)'=', (byte)'1', (byte)'\n' }, 1, "unknown encoding: foo")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'#', (byte)' ', (byte)'c', (byte)'o', (byte)'d', (byte)'i', (byte)'n', (byte)'g', (byte)':', (byte)'l', (byte)'a', (byte)'t', (byte)'i', (byte)'n', (byte)'-', (byte)'1', (byte)'\n' }, 1, "encoding problem: iso-8859-1 with BOM")]
    [InlineData(new byte[] { (byte)'x', (byte)'=', (byte)'1', (byte)'\n', (byte)'y', (byte)' ', (byte)'=', (byte)' ', (byte)'\'', 0xE9, (byte)'\'', (byte)'\n' }, 2, "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 0: unexpected end of data")]
    public void A_file_CPython_cannot_decode_gets_CPythons_error(byte[] bytes, int line, string message)
    {
        using var dir = new TempDir();
        var path = dir.File("enc.py", "");
        File.WriteAllBytes(path, bytes);
        var (code, output, _) = Run([path]);
        Assert.Equal(1, code);
        Assert.StartsWith($"{path}:{line}:", output);
        Assert.EndsWith($"error: {message}\n", output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Declared_encodings_and_undecodable_comments_are_accepted()
    {
        using var dir = new TempDir();
        var latin = dir.File("latin.py", "");
        File.WriteAllBytes(latin, [.. "# -*- coding: latin-1 -*-\nx = '"u8, 0xE9, .. "'\n# caf"u8, 0xE9, .. "\n"u8]);
        var plain = dir.File("comment.py", "");
        File.WriteAllBytes(plain, [.. "x = 1  # caf"u8, 0xE9, .. "\n"u8]);
        var (code, output, _) = Run([latin, plain]);
        Assert.Equal(0, code);
        Assert.Equal("", output);
    }
}
