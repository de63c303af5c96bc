// Stack AI: main(args) called with the upstream values; its return value must be JSON; dependencies installed first.
using CodeNodeLsp.Analysis;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

internal static class StackAiRun
{
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

    public static async Task<RunOutcome> RunAsync(NodeRunner runner, RunTarget target, IProgress<string>? progress, CancellationToken ct)
    {
        var id = NodeId(target);
        var timeout = runner.TimeoutFor(target);
        var deps = target.Context.Dependencies;
        JobOutcome job;
        if (target.Context.Language == NodeLanguage.TypeScript)
        {
            job = await TypeScriptRun.RunAsync(runner, target, Args(target), timeout, progress, ct).ConfigureAwait(false);
        }
        else
        {
            var sysPath = new JArray();
            if (deps.Count > 0)
            {
                progress?.Report("Installing dependencies");
                var env = await Dependencies.EnsurePythonAsync(runner.Settings, deps, ct).ConfigureAwait(false);
                if (env.Error != null) return new RunOutcome(RunResult.Failure(DialectIds.StackAi, id, env.Error) with { Inputs = InputsReport(target) }, []);
                sysPath.Add(env.Path);
            }
            progress?.Report("Running");
            var request = new JObject
            {
                ["kind"] = "stackai",
                ["code"] = target.Text.Text,
                ["filename"] = target.Path,
                ["args"] = Args(target),
                ["sysPath"] = sysPath,
            };
            job = await runner.RunPythonJobAsync(request, target.WorkspaceRoot, timeout, ct).ConfigureAwait(false);
        }
        var result = ToResult(target, id, job, timeout) with { Inputs = InputsReport(target) };
        IReadOnlyList<SampleWrite> writes = result.Ok && result.Output != null ? [new NodeOutputWrite(id, result.Output)] : [];
        return new RunOutcome(result, writes, result.Location?.Line);
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
        return new RunResult
        {
            Ok = ok,
            Dialect = DialectIds.StackAi,
            Node = id,
            Result = reply["result"],
            Output = ok ? reply["output"] : null,
            Stdout = JobOutcome.Captured(reply["stdout"]),
            Stderr = JobOutcome.Captured(reply["stderr"]),
            Error = ok ? null : (string?)reply["error"] ?? "The run failed.",
            Location = ok ? null : RunSupport.LocationAt(target, line),
            DurationMs = o.DurationMs, ProcessId = o.Pid,
            ProcessOutput = JobOutcome.ProcessOutput(o),
        };
    }
}
