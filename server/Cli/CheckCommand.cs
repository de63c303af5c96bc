// `codenode check [--format text|json|sarif|github|junit] PATH...`: diagnostics for files and folders, for people and CI.
using System.CommandLine;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Cli;

public static class CheckCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "Output format: text (one line per diagnostic: path:line:col: severity code: message), json, sarif (SARIF 2.1.0), github (workflow annotations) or junit.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Formats);
        var pflowVersion = CliOptions.PflowVersion();
        var paths = new Argument<string[]>("PATH") { Description = "Files or folders; folders are searched for code-node files.", Arity = ArgumentArity.OneOrMore };
        var ignore = new Option<string[]>("--ignore") { Description = "Rule codes or code prefixes not to report (comma-separated or repeated), on top of codenode.json's \"rules\".", AllowMultipleArgumentsPerToken = true };
        var severity = new Option<string[]>("--severity") { Description = "CODE=LEVEL: report a rule (or a code prefix) as error, warning, information, hint or off; wins over codenode.json.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("check", "Report diagnostics for code-node files. Exit 0: no errors, 1: errors found, 2: bad usage or unreadable input.");
        command.Add(format);
        command.Add(ignore);
        command.Add(severity);
        command.Add(pflowVersion);
        command.Add(paths);
        command.SetAction(parsed =>
        {
            var problems = new List<string>();
            var rules = RulesFromFlags(parsed.GetValue(ignore) ?? [], parsed.GetValue(severity) ?? [], problems);
            foreach (string problem in problems) Console.Error.WriteLine($"codenode check: {problem}");
            if (problems.Count > 0) return ExitCodes.Usage;
            return Run(parsed.GetValue(paths) ?? [], parsed.GetValue(format) ?? "text", Console.Out, Console.Error, rules, parsed.GetValue(pflowVersion));
        });
        return command;
    }

    /// <summary>The rule configuration of <c>--ignore</c> and <c>--severity CODE=LEVEL</c>; bad entries go to <paramref name="problems"/>.</summary>
    public static RuleConfig RulesFromFlags(IEnumerable<string> ignore, IEnumerable<string> severity, List<string> problems)
    {
        var selectors = ignore.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries));
        var levels = new List<KeyValuePair<string, string>>();
        foreach (string entry in severity.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries)))
        {
            int eq = entry.IndexOf('=');
            if (eq <= 0) { problems.Add($"--severity \"{entry}\" is not CODE=LEVEL."); continue; }
            levels.Add(new(entry[..eq], entry[(eq + 1)..]));
        }
        return RuleConfig.From(selectors, levels, problems);
    }

    /// <summary>The values of <c>--format</c>.</summary>
    public static readonly string[] Formats = ["text", "json", "sarif", "github", "junit"];

    /// <summary>One checked file: its path as shown to the user and its diagnostics in offsets and positions.</summary>
    public sealed record FileResult(string DisplayPath, Document Document, IReadOnlyList<Diagnostic> Diagnostics);

    public static int Run(IReadOnlyList<string> paths, string format, TextWriter stdout, TextWriter stderr, RuleConfig? rules = null, string? pflowVersion = null)
    {
        var workspace = new CodeNodeWorkspace { Settings = Settings.Default with { Rules = rules ?? RuleConfig.Empty } };
        CliOptions.ApplyPflowVersion(workspace, pflowVersion);
        AnalysisPipeline.OnFailure ??= (message, e) => stderr.WriteLine($"codenode: internal error: {message}: {e.Message}");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        bool unreadable = false;
        foreach (string p in paths)
        {
            string full;
            try { full = Path.GetFullPath(p); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                stderr.WriteLine($"codenode: {p}: not a valid path ({e.Message})");
                unreadable = true;
                continue;
            }
            if (Directory.Exists(full))
            {
                foreach (string f in CodeNodeFinder.Candidates(full)) files.TryAdd(f, Display(f));
            }
            else if (File.Exists(full))
            {
                files.TryAdd(full, Display(p));
            }
            else
            {
                stderr.WriteLine($"codenode: {p}: no such file or folder");
                unreadable = true;
            }
        }

        var results = new List<FileResult>();
        int notCodeNodes = 0;
        foreach (var (full, display) in files)
        {
            Document doc;
            try
            {
                doc = workspace.LoadFile(full);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"codenode: {display}: cannot read ({e.Message})");
                unreadable = true;
                continue;
            }
            if (!CodeNodeFinder.IsReported(doc))
            {
                // Files found by a folder search that are not code nodes are left out silently; a file named on the
                // command line is reported, so that "0 errors" is never mistaken for a checked file.
                if (paths.Any(p => SameFile(p, full)))
                {
                    stderr.WriteLine($"codenode: {display}: not a code node, not checked (no codenode.json names it, it has no first-line pragma such as '# codenode: voxworks', and it is not a *.pflow.md workflow)");
                    notCodeNodes++;
                }
                continue;
            }
            var diagnostics = doc.AllDiagnostics(CancellationToken.None)
                .OrderBy(d => d.Span.Start).ThenBy(d => d.Span.End).ThenBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal)
                .ToList();
            results.Add(new FileResult(display, doc, diagnostics));
        }

        switch (format)
        {
            case "json": WriteJson(results, stdout); break;
            case "sarif": SarifReport.Write(results, Environment.CurrentDirectory, !unreadable, stdout); break;
            case "github": GitHubReport.Write(results, stdout); break;
            case "junit": JUnitReport.Write(results, stdout); break;
            default: WriteText(results, stdout); break;
        }
        // The summary goes to stderr in every format, so that stdout holds only the report a tool reads.
        WriteSummary(results, stderr);

        if (unreadable) return ExitCodes.Usage;
        // Every path named was a file that is not a code node: nothing was checked, which is a usage mistake.
        if (notCodeNodes > 0 && notCodeNodes == paths.Count) return ExitCodes.Usage;
        return results.Any(r => r.Diagnostics.Any(d => d.Severity == Severity.Error)) ? ExitCodes.Problems : ExitCodes.Ok;
    }

    private static bool SameFile(string given, string full)
    {
        try { return PathUtil.SamePath(Path.GetFullPath(given), full); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return false; }
    }

    /// <summary>Paths under the current folder are shown relative to it (with '/'), others absolute.</summary>
    private static string Display(string path)
    {
        string full = Path.GetFullPath(path);
        string cwd = Environment.CurrentDirectory;
        return PathUtil.IsUnder(full, cwd) ? PathUtil.Relative(cwd, full) : full;
    }

    /// <summary>One line per diagnostic; a message of several lines is folded onto one (the full text is in json and sarif).</summary>
    private static void WriteText(List<FileResult> results, TextWriter stdout)
    {
        foreach (var r in results)
        {
            foreach (var d in r.Diagnostics)
            {
                var pos = r.Document.Text.PositionOf(d.Span.Start);
                stdout.WriteLine($"{r.DisplayPath}:{pos.Line + 1}:{pos.Character + 1}: {SeverityName(d.Severity)} {d.Code}: {FoldLines(d.Message)}");
            }
        }
    }

    /// <summary><c>codenode: checked N files: E errors, W warnings.</c> on stderr (documented in the README).</summary>
    private static void WriteSummary(List<FileResult> results, TextWriter stderr)
    {
        int errors = results.Sum(r => r.Diagnostics.Count(d => d.Severity == Severity.Error));
        int warnings = results.Sum(r => r.Diagnostics.Count(d => d.Severity == Severity.Warning));
        stderr.WriteLine($"codenode: checked {results.Count} file{(results.Count == 1 ? "" : "s")}: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}.");
    }

    /// <summary>
    /// A message on one line: each line trimmed, blank lines dropped, the rest joined with a space, so tools that read
    /// <c>path:line:col:</c> lines see one diagnostic per line.
    /// </summary>
    public static string FoldLines(string message)
    {
        if (message.IndexOfAny(['\n', '\r']) < 0) return message;
        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static void WriteJson(List<FileResult> results, TextWriter stdout)
    {
        var files = new JArray();
        foreach (var r in results)
        {
            var diags = new JArray();
            foreach (var d in r.Diagnostics)
            {
                var start = r.Document.Text.PositionOf(d.Span.Start);
                var end = r.Document.Text.PositionOf(d.Span.End);
                diags.Add(new JObject
                {
                    ["range"] = new JObject
                    {
                        ["start"] = new JObject { ["line"] = start.Line, ["character"] = start.Character },
                        ["end"] = new JObject { ["line"] = end.Line, ["character"] = end.Character },
                    },
                    ["severity"] = SeverityName(d.Severity),
                    ["code"] = d.Code,
                    ["message"] = d.Message,
                });
            }
            files.Add(new JObject { ["path"] = r.DisplayPath, ["diagnostics"] = diags });
        }
        stdout.WriteLine(new JObject { ["files"] = files }.ToString(Formatting.Indented));
    }

    public static string SeverityName(Severity s) => RuleDocs.SeverityName(s);
}
