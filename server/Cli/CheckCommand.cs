// `codenode check [--format text|json] PATH...`: diagnostics for files and folders, as text lines or LSP-shaped JSON.
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
        var format = new Option<string>("--format") { Description = "Output format: text (path:line:col: severity code: message) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
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
            // Files found by a folder search that are not code nodes are left out; an ordinary Python file gets nothing.
            if (doc.Kind == DocumentKind.Other && doc.Located.Diagnostics.Count == 0 && !paths.Any(p => SameFile(p, full))) continue;
            var diagnostics = doc.AllDiagnostics(CancellationToken.None)
                .OrderBy(d => d.Span.Start).ThenBy(d => d.Span.End).ThenBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.Message, StringComparer.Ordinal)
                .ToList();
            results.Add(new FileResult(display, doc, diagnostics));
        }

        if (format == "json") WriteJson(results, stdout);
        else WriteText(results, stdout, stderr);

        if (unreadable) return ExitCodes.Usage;
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

    private static void WriteText(List<FileResult> results, TextWriter stdout, TextWriter stderr)
    {
        int errors = 0, warnings = 0;
        foreach (var r in results)
        {
            foreach (var d in r.Diagnostics)
            {
                var pos = r.Document.Text.PositionOf(d.Span.Start);
                stdout.WriteLine($"{r.DisplayPath}:{pos.Line + 1}:{pos.Character + 1}: {SeverityName(d.Severity)} {d.Code}: {d.Message}");
                if (d.Severity == Severity.Error) errors++;
                else if (d.Severity == Severity.Warning) warnings++;
            }
        }
        stderr.WriteLine($"codenode: checked {results.Count} file{(results.Count == 1 ? "" : "s")}: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}.");
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
