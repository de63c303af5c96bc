// `codenode run [--json] [--inputs FILE.json] [--case NAME] [--timeout S] [--last] FILE[#NODE]`: runs one node as its platform would.
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
        var caseName = new Option<string?>("--case") { Description = "Run with the inputs of the named test case (saved in FILE.cases.json); --inputs values win over it." };
        var last = new Option<bool>("--last") { Description = "Print the node's last run (kept in .codenode/runs/) instead of running it." };
        var target = new Argument<string>("FILE[#NODE]") { Description = "The node's file; #NODE picks a pflow step by id." };
        var userEnv = new Option<bool>("--user-env") { Description = "Stack AI: let the code see the interpreter's own packages too (codeNode.stackai.userEnvironment); by default it sees only the standard library and the declared dependencies." };
        var installTimeout = new Option<string?>("--install-timeout") { Description = "Stack AI: seconds for installing dependencies (codeNode.stackai.installTimeout); by default the install counts against the run's timeout." };
        var refresh = new Option<bool>("--refresh-deps") { Description = "Stack AI: re-resolve unpinned dependencies now instead of on their schedule." };
        var command = new Command("run", "Run one code node locally as its platform runs it. Exit 0: the node succeeded, 1: it failed, 2: bad usage or unreadable input.");
        command.Add(json);
        command.Add(inputs);
        command.Add(timeout);
        command.Add(pflowVersion);
        command.Add(userEnv);
        command.Add(installTimeout);
        command.Add(refresh);
        command.Add(caseName);
        command.Add(last);
        command.Add(target);
        command.SetAction(parsed => Run(parsed.GetValue(target) ?? "", parsed.GetValue(inputs), parsed.GetValue(timeout), parsed.GetValue(json), Console.Out, Console.Error,
            parsed.GetValue(pflowVersion), new StackAiFlags(parsed.GetValue(userEnv), parsed.GetValue(installTimeout), parsed.GetValue(refresh)),
            parsed.GetValue(caseName), parsed.GetValue(last)));
        return command;
    }

    /// <summary>The Stack AI flags of <c>codenode run</c>, which override the settings for this run.</summary>
    public sealed record StackAiFlags(bool UserEnvironment = false, string? InstallTimeout = null, bool RefreshDependencies = false);

    public static int Run(string targetArg, string? inputsFile, string? timeoutArg, bool json, TextWriter stdout, TextWriter stderr, string? pflowVersion = null,
        StackAiFlags? flags = null, string? caseName = null, bool last = false)
    {
        flags ??= new StackAiFlags();
        var (file, node) = SplitTarget(targetArg);
        if (!Seconds("--timeout", timeoutArg, stderr, out var timeout) || !Seconds("--install-timeout", flags.InstallTimeout, stderr, out var installTimeout))
            return ExitCodes.Usage;
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
        if (last) return PrintLast(runTarget, json, stdout, stderr);
        var (withCase, caseError) = RunDocuments.InputsWithCase(runTarget, caseName, runTarget.Inputs);
        if (caseError != null)
        {
            stderr.WriteLine("codenode: " + caseError);
            return ExitCodes.Usage;
        }
        runTarget = runTarget with { Inputs = withCase };

        // Ctrl+C, SIGTERM and SIGHUP stop the node (its whole process tree, an installer included, and its temporary
        // folders) rather than leaving it running behind the CLI; the result then says "cancelled".
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCancel;
        var signals = new List<System.Runtime.InteropServices.PosixSignalRegistration>();
        if (!OperatingSystem.IsWindows())
        {
            foreach (var signal in new[] { System.Runtime.InteropServices.PosixSignal.SIGTERM, System.Runtime.InteropServices.PosixSignal.SIGHUP })
                signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, ctx => { ctx.Cancel = true; cts.Cancel(); }));
        }
        RunResult result;
        bool badRequest;
        try
        {
            var settings = RunDocuments.SettingsFrom(workspace.Settings, keepWarm: false);
            settings = settings with
            {
                StackAiUserEnvironment = settings.StackAiUserEnvironment || flags.UserEnvironment,
                InstallTimeoutSeconds = installTimeout ?? settings.InstallTimeoutSeconds,
                RefreshDependencies = flags.RefreshDependencies,
            };
            using var runner = new NodeRunner(settings);
            var outcome = runner.RunAsync(runTarget, null, cts.Token).GetAwaiter().GetResult();
            var recorded = RunDocuments.Record(workspace, runTarget, outcome);
            badRequest = outcome.BadRequest;
            if (badRequest) result = recorded;
            else
            {
                // Only a run is kept in the history, not a request that named no runnable node.
                var (kept, entry, key) = RunDocuments.HistoryEntry(runTarget, recorded, caseName);
                result = RunHistory.Append(runTarget.WorkspaceRoot, key, entry) == null ? kept : kept with { RunId = null };
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            foreach (var registration in signals) registration.Dispose();
            Cleanup.WaitAll(TimeSpan.FromSeconds(3));
        }
        if (badRequest)
        {
            // The request named no runnable node: a usage mistake, reported like the others (stderr, exit 2).
            stderr.WriteLine("codenode: " + CheckCommand.FoldLines(result.Error ?? "nothing to run"));
            if (json) stdout.Write(result.ToJson().ToString(Formatting.None) + "\n");
            return ExitCodes.Usage;
        }
        stdout.Write(json ? result.ToJson().ToString(Formatting.None) + "\n" : result.ToText());
        return result.Ok ? ExitCodes.Ok : ExitCodes.Problems;
    }

    /// <summary>A positive number of seconds from an option, or a usage error printed; null when the option is absent.</summary>
    private static bool Seconds(string option, string? text, TextWriter stderr, out double? seconds)
    {
        seconds = null;
        if (text == null) return true;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !double.IsFinite(t) || t <= 0)
        {
            stderr.WriteLine($"codenode: {option} must be a positive number of seconds, got '{text}'");
            return false;
        }
        seconds = t;
        return true;
    }

    /// <summary>The node's last kept run, printed like a fresh result (exit code by its outcome), or exit 2 when none is kept.</summary>
    private static int PrintLast(RunTarget target, bool json, TextWriter stdout, TextWriter stderr)
    {
        var key = RunDocuments.NodeKey(target);
        if (RunHistory.Read(target.WorkspaceRoot, key).FirstOrDefault() is not JObject { } entry || entry["result"] is not JObject stored)
        {
            stderr.WriteLine($"codenode: no run of {key} is kept yet (looked in {RunHistory.FileFor(target.WorkspaceRoot, key)})");
            return ExitCodes.Usage;
        }
        var result = RunResult.FromJson(stored);
        if (json) stdout.Write(entry.ToString(Formatting.None) + "\n");
        else stdout.Write($"last run {(string?)entry["id"]} at {(string?)entry["at"]}\n" + result.ToText());
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
