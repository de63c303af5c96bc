// `codenode parse`: checks Python syntax only (no dialect, no placeholders) or dumps a file's syntax tree.
using System.CommandLine;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using ParseResult = CodeNodeLsp.Syntax.Python.ParseResult;

namespace CodeNodeLsp.Cli;

public static class ParseCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Output format: text (path:line:col: error: message) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var tree = new Option<bool>("--tree") { Description = "Print the syntax tree of one file (for debugging the parser)." };
        var files = new Argument<string[]>("FILE") { Description = "Python files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("parse", "Check Python syntax only (no dialect): what compile() refuses. Exit 0: no syntax error, 1: syntax errors, 2: bad usage or unreadable file.");
        command.Add(format);
        command.Add(tree);
        command.Add(files);
        command.SetAction(parsed => Run(parsed.GetValue(files) ?? [], parsed.GetValue(format) ?? "text", parsed.GetValue(tree), Console.Out, Console.Error));
        return command;
    }

    /// <summary>Runs the command. Exit code: 0 no syntax error, 1 some file has one, 2 bad usage or unreadable file.</summary>
    public static int Run(IReadOnlyList<string> files, string format, bool tree, TextWriter stdout, TextWriter stderr)
    {
        if (tree && files.Count != 1)
        {
            stderr.WriteLine("codenode parse: --tree takes exactly one file");
            return ExitCodes.Usage;
        }
        var results = new List<(string Path, SourceText Text, ParseResult Result, IReadOnlyList<SyntaxError> Errors)>();
        foreach (var path in files)
        {
            string text;
            SyntaxError? decodeError;
            try
            {
                // As CPython reads a file: PEP 263's BOM and coding declaration; a file it cannot decode is that error only.
                (text, decodeError) = SourceDecoding.Decode(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"codenode: {path}: cannot read ({e.Message})");
                return ExitCodes.Usage;
            }
            var parsed = PythonParser.Parse(text);
            results.Add((path, new SourceText(text), parsed, decodeError is null ? parsed.AllErrors : [decodeError]));
        }

        if (tree)
        {
            stdout.Write(TreeDump.Dump(results[0].Result));
            return results[0].Errors.Count > 0 ? ExitCodes.Problems : ExitCodes.Ok;
        }
        if (format == "json") WriteJson(results, stdout);
        else
        {
            foreach (var (path, src, _, errors) in results)
            {
                foreach (var e in errors)
                {
                    var s = src.PositionOf(e.Span.Start);
                    stdout.WriteLine($"{path}:{s.Line + 1}:{s.Character + 1}: error: {e.Message}");
                }
            }
        }
        return results.Any(r => r.Errors.Count > 0) ? ExitCodes.Problems : ExitCodes.Ok;
    }

    /// <summary>The same shape as <c>codenode check --format json</c>: files, each with LSP-style ranges.</summary>
    private static void WriteJson(List<(string Path, SourceText Text, ParseResult Result, IReadOnlyList<SyntaxError> Errors)> results, TextWriter stdout)
    {
        var files = new JArray();
        foreach (var (path, src, _, errors) in results)
        {
            var diags = new JArray();
            foreach (var e in errors)
            {
                var start = src.PositionOf(e.Span.Start);
                var end = src.PositionOf(e.Span.End);
                diags.Add(new JObject
                {
                    ["range"] = new JObject
                    {
                        ["start"] = new JObject { ["line"] = start.Line, ["character"] = start.Character },
                        ["end"] = new JObject { ["line"] = end.Line, ["character"] = end.Character },
                    },
                    ["severity"] = "error",
                    ["code"] = CommonRules.SyntaxError.Code,
                    ["message"] = e.Message,
                });
            }
            files.Add(new JObject { ["path"] = path, ["diagnostics"] = diags });
        }
        stdout.WriteLine(new JObject { ["files"] = files }.ToString(Formatting.Indented));
    }
}
