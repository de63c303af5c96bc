// Stack AI: main(args) called with the upstream values; its return value must be JSON; dependencies installed first.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.StackAi;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

internal static partial class StackAiRun
{
    /// <summary>Stack AI's documented text for an exception in the code (PLATFORMS.md B, "Error Handling").</summary>
    public const string ExecutionFailedText = "Code execution failed: an unhandled exception in your code. Check the Error output for details.";

    /// <summary>
    /// <c>args</c> maps each upstream id of the manifest to its value: the recorded output of that node
    /// (<c>nodes.ID</c> in the samples) when there is one, else the manifest's sample; <c>--inputs</c> wins over both.
    /// </summary>
    public static JObject Args(RunTarget target) => ArgsWithSources(target).Args;

    /// <summary><see cref="Args"/> with where each value came from, for the result's <c>inputs</c> report.</summary>
    public static (JObject Args, JObject From) ArgsWithSources(RunTarget target)
    {
        var args = new JObject();
        var from = new JObject();
        foreach (var (id, sample) in target.Context.Upstream)
        {
            var recorded = target.Samples.NodeOutput(id);
            args[id] = recorded?.DeepClone() ?? sample?.DeepClone() ?? JValue.CreateNull();
            from[id] = recorded != null ? $"samples nodes.{id}" : "manifest upstream";
        }
        if (target.Inputs != null)
            foreach (var (key, value) in target.Inputs)
            {
                args[key] = value?.DeepClone();
                from[key] = "given for this run";
            }
        return (args, from);
    }

    /// <summary>The <c>inputs</c> report of a Stack AI run: <c>args</c> as passed to main, and their sources.</summary>
    public static JObject InputsReport(RunTarget target)
    {
        var (args, from) = ArgsWithSources(target);
        return RunSupport.InputsReport(target, new JObject { ["args"] = args }, from);
    }

    /// <summary>The id under which the node's output is recorded: its manifest key, else the file name.</summary>
    public static string NodeId(RunTarget target) =>
        target.Context.NodeId ?? Path.GetFileNameWithoutExtension(target.Path);

    /// <summary>
    /// Installs the declared dependencies (on the run's clock, or within <c>codeNode.stackai.installTimeout</c> when
    /// set), then runs the code isolated like the platform's sandbox: the standard library (or Node's built-ins) and
    /// the declared packages only, unless <c>codeNode.stackai.userEnvironment</c> is on.
    /// </summary>
    public static async Task<RunOutcome> RunAsync(NodeRunner runner, RunTarget target, IProgress<string>? progress, CancellationToken ct)
    {
        var id = NodeId(target);
        var settings = runner.Settings;
        var timeout = runner.TimeoutFor(target);
        bool typeScript = target.Context.Language == NodeLanguage.TypeScript;
        bool isolated = !settings.StackAiUserEnvironment;
        var deps = target.Context.Dependencies;
        var environment = new JObject { ["isolated"] = isolated };
        if (!isolated)
            environment["note"] = "codeNode.stackai.userEnvironment is on: the code also sees the interpreter's own packages, which Stack AI's sandbox does not have";

        var paths = new JArray();
        double runTimeout = timeout;
        if (deps.Count > 0)
        {
            progress?.Report("Installing dependencies");
            var clock = Stopwatch.StartNew();
            double limit = settings.InstallTimeoutSeconds ?? timeout;
            DependencyEnv env;
            using (var limitCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                limitCts.CancelAfter(TimeSpan.FromSeconds(Math.Clamp(limit, 0.001, 24 * 3600)));
                try
                {
                    env = typeScript
                        ? await Dependencies.EnsureNodeAsync(settings, deps, target.WorkspaceRoot, limitCts.Token).ConfigureAwait(false)
                        : await Dependencies.EnsurePythonAsync(settings, deps, target.WorkspaceRoot, limitCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    var waitedFor = e.Message.StartsWith("Another process", StringComparison.Ordinal) ? " " + e.Message : "";
                    return new RunOutcome(InstallTimedOut(id, deps, limit, settings, ready: false, waitedFor, environment, clock) with { Inputs = InputsReport(target) }, []);
                }
            }
            if (env.Info != null) foreach (var (key, value) in env.Info) environment[key] = value?.DeepClone();
            if (env.Error != null) return new RunOutcome(RunResult.Failure(DialectIds.StackAi, id, env.Error) with { Inputs = InputsReport(target), Environment = environment }, []);
            paths.Add(env.Path);
            if (settings.InstallTimeoutSeconds == null)
            {
                runTimeout = timeout - clock.Elapsed.TotalSeconds;
                if (runTimeout <= 0)
                {
                    return new RunOutcome(InstallTimedOut(id, deps, limit, settings, ready: true, "", environment, clock) with { Inputs = InputsReport(target) }, []);
                }
            }
        }

        JobOutcome job;
        if (typeScript)
        {
            job = await TypeScriptRun.RunAsync(runner, target, Args(target), paths, isolated, runTimeout, progress, ct).ConfigureAwait(false);
        }
        else
        {
            progress?.Report("Running");
            var request = new JObject
            {
                ["kind"] = "stackai",
                ["code"] = target.Text.Text,
                ["filename"] = target.Path,
                ["args"] = Args(target),
                ["sysPath"] = paths,
                ["isolated"] = isolated,
            };
            job = await runner.RunPythonJobAsync(request, target.WorkspaceRoot, runTimeout, ct, isolated).ConfigureAwait(false);
        }
        var result = ToResult(target, id, job, runTimeout) with { Inputs = InputsReport(target), Environment = environment };
        IReadOnlyList<SampleWrite> writes = result.Ok && result.Output != null ? [new NodeOutputWrite(id, result.Output)] : [];
        return new RunOutcome(result, writes, result.Location?.Line);
    }

    /// <summary>
    /// The platform's "Sandbox timed out" text, then what ran out locally: the install (or the wait for another process making the same environment) used the whole limit. When
    /// <paramref name="ready"/>, the environment was finished just too late for the code: it is kept for the next run.
    /// </summary>
    private static RunResult InstallTimedOut(string id, IReadOnlyList<string> deps, double limit, RunSettings settings, bool ready, string detail,
        JObject environment, Stopwatch clock)
    {
        var which = settings.InstallTimeoutSeconds != null
            ? "codeNode.stackai.installTimeout"
            : "the run's timeout, which covers installing the dependencies";
        var seconds = limit.ToString("0.###", CultureInfo.InvariantCulture);
        var error = Dependencies.SandboxTimeoutText + "\n" +
                    (ready
                        ? $"Making the environment for {string.Join(", ", deps)} used all of {seconds} s ({which}), so the code did not run. The environment is ready now and kept; the next run reuses it. "
                        : $"Installing {string.Join(", ", deps)} did not finish within {seconds} s ({which}); the installer was stopped and nothing was kept.{detail} ") +
                    "Raise the node's timeout, or give installs their own limit with codeNode.stackai.installTimeout (codenode run --install-timeout).";
        environment["installMs"] = Math.Round(clock.Elapsed.TotalMilliseconds);
        return RunResult.Failure(DialectIds.StackAi, id, error) with { TimedOut = true, Environment = environment };
    }

    /// <summary>Turns a Stack AI harness reply (Python or Node) into the result shape.</summary>
    public static RunResult ToResult(RunTarget target, string id, JobOutcome job, double timeoutSeconds)
    {
        if (job.StartError != null) return RunResult.Failure(DialectIds.StackAi, id, job.StartError);
        var o = job.Outcome!;
        var reply = o.Reply;
        if (reply == null)
        {
            return new RunResult
            {
                Ok = false, Dialect = DialectIds.StackAi, Node = id, Error = JobOutcome.NoReplyText(o, timeoutSeconds),
                TimedOut = o.TimedOut, Cancelled = o.Cancelled, DurationMs = o.DurationMs, ProcessId = o.Pid,
                ProcessOutput = JobOutcome.ProcessOutput(o),
            };
        }
        bool ok = (bool?)reply["ok"] ?? false;
        var line = RunSupport.IntOrNull(reply["codeLine"]);
        var error = ok ? null : (string?)reply["error"] ?? "The run failed.";
        if (error != null && (bool?)reply["exception"] == true)
            error = ExecutionFailedText + "\n" + error + MissingDeclaration(target, error);
        return new RunResult
        {
            Ok = ok,
            Dialect = DialectIds.StackAi,
            Node = id,
            Result = reply["result"],
            Output = ok ? reply["output"] : null,
            Stdout = JobOutcome.Captured(reply["stdout"]),
            Stderr = JobOutcome.Captured(reply["stderr"]),
            Error = error,
            Location = ok ? null : RunSupport.LocationAt(target, line),
            DurationMs = o.DurationMs, ProcessId = o.Pid,
            ProcessOutput = JobOutcome.ProcessOutput(o),
        };
    }

    [GeneratedRegex(@"ModuleNotFoundError: No module named '(?<m>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex PythonMissing();

    [GeneratedRegex(@"Cannot find module '(?<m>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex NodeMissing();

    /// <summary>
    /// For an import of a package that is not declared: which declaration is missing and how to add it, since
    /// the sandbox has only the standard library and the declared packages. Empty otherwise.
    /// </summary>
    private static string MissingDeclaration(RunTarget target, string error)
    {
        var context = target.Context;
        bool python = context.Language != NodeLanguage.TypeScript;
        var m = (python ? PythonMissing() : NodeMissing()).Match(error);
        if (!m.Success) return "";
        var module = m.Groups["m"].Value;
        string? package;
        if (python)
        {
            if (PythonStdlib.Contains(module)) return "";
            package = PackageNames.PipPackageFor(module);
        }
        else package = PackageNames.NpmPackageOf(module);
        if (package == null) return "";
        var declared = context.Dependencies
            .Select(d => python ? PackageNames.ParsePip(d).Name : PackageNames.ParseNpm(d).Name)
            .Where(n => n != null)
            .Select(n => python ? PackageNames.NormalizePip(n!) : n!);
        var candidates = python ? PackageNames.PipCandidates(module) : [package];
        if (declared.Any(d => candidates.Contains(d, StringComparer.Ordinal))) return "";
        var sandbox = "Stack AI's sandbox has only the standard library and the declared dependencies";
        var fix = context.NodeId is { } node
            ? $"add \"{package}\" to \"dependencies\" of node \"{node}\" in codenode.json (the editor's quick fix on the import, SA040, does it)"
            : $"name this file in a codenode.json with \"dependencies\": [\"{package}\"]";
        return $"\n\n\"{package}\" is not a declared dependency of this node; {sandbox}. Declare it: {fix}.";
    }
}
