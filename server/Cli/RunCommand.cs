// `codenode run [--json] [--inputs FILE.json] [--timeout S] FILE[#NODE]`: runs one node as its platform would.
using System.CommandLine;
using System.Globalization;
using CodeNodeLsp.Run;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Cli;

public static class RunCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object (the same object codenode.run returns)." };
        var inputs = new Option<string?>("--inputs") { Description = "A JSON file with values for this run: pflow workflow inputs (or a step id with its outputs), Stack AI upstream ids, Voxworks input_N and variables." };
        var timeout = new Option<string?>("--timeout") { Description = "Seconds before the run is stopped (default: the node's timeout, else 30)." };
        var pflowVersion = CliOptions.PflowVersion();
        var target = new Argument<string>("FILE[#NODE]") { Description = "The node's file; #NODE picks a pflow step by id." };
        var command = new Command("run", "Run one code node locally as its platform runs it. Exit 0: the node succeeded, 1: it failed, 2: bad usage or unreadable input.");
        command.Add(json);
        command.Add(inputs);
        command.Add(timeout);
        command.Add(pflowVersion);
        command.Add(target);
        command.SetAction(parsed => Run(parsed.GetValue(target) ?? "", parsed.GetValue(inputs), parsed.GetValue(timeout), parsed.GetValue(json), Console.Out, Console.Error, parsed.GetValue(pflowVersion)));
        return command;
    }

    public static int Run(string targetArg, string? inputsFile, string? timeoutArg, bool json, TextWriter stdout, TextWriter stderr, string? pflowVersion = null)
    {
        var (file, node) = SplitTarget(targetArg);
        double? timeout = null;
        if (timeoutArg != null)
        {
            if (!double.TryParse(timeoutArg, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !double.IsFinite(t) || t <= 0)
            {
                stderr.WriteLine($"codenode: --timeout must be a positive number of seconds, got '{timeoutArg}'");
                return ExitCodes.Usage;
            }
            timeout = t;
        }
        JObject? inputs = null;
        if (inputsFile != null)
        {
            try
            {
                inputs = RunJson.Parse(File.ReadAllText(inputsFile)) as JObject;
                if (inputs == null)
                {
                    stderr.WriteLine($"codenode: {inputsFile}: the inputs file must hold a JSON object");
                    return ExitCodes.Usage;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                stderr.WriteLine($"codenode: {inputsFile}: cannot read inputs ({e.Message})");
                return ExitCodes.Usage;
            }
        }

        var workspace = new CodeNodeWorkspace();
        CliOptions.ApplyPflowVersion(workspace, pflowVersion);
        Document doc;
        try
        {
            if (!File.Exists(file))
            {
                stderr.WriteLine($"codenode: {file}: no such file");
                return ExitCodes.Usage;
            }
            doc = workspace.LoadFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"codenode: {file}: cannot read ({e.Message})");
            return ExitCodes.Usage;
        }
        var (runTarget, refusal) = RunDocuments.TargetFor(doc, node, inputs, timeout);
        if (runTarget == null)
        {
            stderr.WriteLine("codenode: " + refusal!.Error);
            return ExitCodes.Usage;
        }

        // Ctrl+C stops the node (its whole process tree) rather than leaving it running behind the CLI.
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        RunResult result;
        try
        {
            using var runner = new NodeRunner(RunDocuments.SettingsFrom(workspace.Settings, keepWarm: false));
            var outcome = runner.RunAsync(runTarget, null, cts.Token).GetAwaiter().GetResult();
            result = RunDocuments.Record(workspace, runTarget, outcome);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            Cleanup.WaitAll(TimeSpan.FromSeconds(3));
        }
        stdout.Write(json ? result.ToJson().ToString(Formatting.None) + "\n" : result.ToText());
        return result.Ok ? ExitCodes.Ok : ExitCodes.Problems;
    }

    /// <summary>
    /// Splits <c>FILE#NODE</c>. A '#' that is part of an existing file's name stays in the name, and a '#' followed
    /// by a path separator is not a node selector.
    /// </summary>
    public static (string File, string? Node) SplitTarget(string arg)
    {
        int hash = arg.LastIndexOf('#');
        if (hash <= 0 || File.Exists(arg)) return (arg, null);
        var node = arg[(hash + 1)..];
        if (node.Contains('/') || node.Contains('\\')) return (arg, null);
        return (arg[..hash], node.Length == 0 ? null : node);
    }
}
