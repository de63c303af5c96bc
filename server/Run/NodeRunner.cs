// The one runner behind codenode.run, the "Run node" lens and `codenode run`: picks the platform and never throws.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CodeNodeLsp.Analysis;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>
/// A value a run asks to keep in <c>.codenode/samples.json</c>, in the store's terms (docs/run.md lists the keys).
/// The runner itself writes nothing; <see cref="RunDocuments.Record"/> applies these through the samples store.
/// </summary>
public abstract record SampleWrite
{
    /// <summary>The key written, as shown to the user (<c>nodes.code-0</c>).</summary>
    public abstract string Key { get; }
}

/// <summary>Stack AI: the node's output under <c>nodes.ID</c>, which feeds <c>args</c> of downstream nodes.</summary>
public sealed record NodeOutputWrite(string NodeId, JToken Output) : SampleWrite
{
    public override string Key => "nodes." + NodeId;
}

/// <summary>pflow: a step's outputs (<c>result</c>, <c>stdout</c>, <c>stderr</c>) under <c>workflows.REL.steps.ID</c>.</summary>
public sealed record StepOutputsWrite(string WorkflowPath, string StepId, JToken Outputs) : SampleWrite
{
    public override string Key => "steps." + StepId;
}

/// <summary>Voxworks: variable values by dotted path under <c>variables</c>.</summary>
public sealed record VariablesWrite(IReadOnlyDictionary<string, JToken?> Values) : SampleWrite
{
    public override string Key => "variables." + string.Join(", variables.", Values.Keys);
}

/// <summary>
/// A run's result plus what it wants recorded as samples, and the 1-based line a runtime error diagnostic goes on
/// (the error's own line, else the node's anchor such as the pflow step heading; null for none).
/// </summary>
/// <summary>
/// A run's result, the sample values it records and the line its diagnostic goes on. <paramref name="BadRequest"/>:
/// nothing ran because the request named no runnable node (a step that does not exist, a step that is not code, or
/// no step where the workflow has several), which the CLI reports as bad usage (exit 2) rather than a failed node.
/// </summary>
public sealed record RunOutcome(RunResult Result, IReadOnlyList<SampleWrite> SampleWrites, int? DiagnosticLine = null, bool BadRequest = false);

/// <summary>
/// Runs code nodes. One instance lives in the server (it keeps a warm interpreter); the CLI makes one per call.
/// <see cref="RunAsync"/> always returns a result: failures of every kind become <see cref="RunResult.Error"/>.
/// </summary>
public sealed class NodeRunner : IDisposable
{
    /// <summary>Seconds a run may take when neither the request, the node nor the settings say otherwise.</summary>
    public const double DefaultTimeoutSeconds = 30;

    private readonly WarmPool _pool = new();

    public NodeRunner(RunSettings? settings = null)
    {
        Settings = settings ?? RunSettings.Default;
    }

    /// <summary>Current settings; the server replaces them when the configuration changes.</summary>
    public RunSettings Settings { get; set; }

    /// <summary>Starts a Python harness now, so the first run is warm too. Never throws.</summary>
    public void Prewarm()
    {
        try
        {
            var spec = PythonSpec(out _);
            if (spec != null) _pool.Prestart(spec);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException) { }
    }

    /// <summary>Processes waiting for a job (tests and the benchmark read it).</summary>
    internal int WaitingProcesses => _pool.WaitingCount;

    /// <summary>Runs the node; progress messages are short phrases ("Installing dependencies", "Running").</summary>
    public async Task<RunOutcome> RunAsync(RunTarget target, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        try
        {
            return target.Context.Dialect switch
            {
                DialectIds.StackAi => await StackAiRun.RunAsync(this, target, progress, ct).ConfigureAwait(false),
                DialectIds.Pflow => await PflowRun.RunAsync(this, target, progress, ct).ConfigureAwait(false),
                DialectIds.Voxworks => await VoxworksRun.RunAsync(this, target, progress, ct).ConfigureAwait(false),
                _ => new RunOutcome(RunResult.Failure(target.Context.Dialect, target.Node,
                    $"Running {target.Context.Dialect} nodes is not supported yet."), []),
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new RunOutcome(RunResult.Failure(target.Context.Dialect, target.Node, "The run was cancelled.") with { Cancelled = true }, []);
        }
        catch (Exception e)
        {
            // The boundary promise: a bug of ours becomes a result the user can report, never a crash of the server.
            return new RunOutcome(RunResult.Failure(target.Context.Dialect, target.Node,
                $"Internal error of the runner: {e.GetType().Name}: {e.Message}"), []);
        }
    }

    /// <summary>The timeout of a run: request, then node, then settings, then the default.</summary>
    internal double TimeoutFor(RunTarget target) =>
        target.TimeoutSeconds ?? target.Context.TimeoutSeconds ?? Settings.DefaultTimeoutSeconds ?? DefaultTimeoutSeconds;

    /// <summary>
    /// The Python harness. <paramref name="isolated"/> (Stack AI's sandbox) starts it with <c>-I -S</c>: no user or
    /// global site-packages, no <c>PYTHON*</c> variables, no <c>sitecustomize</c>, so the code sees the standard library
    /// and only the folders the job adds; <c>-X utf8</c> stands in for the encoding variables <c>-I</c> ignores.
    /// </summary>
    private HarnessSpec? PythonSpec(out string? error, bool isolated = false)
    {
        var python = RunEnvironment.Python(Settings);
        error = python.Error;
        if (python.Path == null) return null;
        var harness = RunEnvironment.HarnessFile(Settings, "harness.py");
        string[] args = isolated ? ["-I", "-S", "-B", "-X", "utf8", harness] : ["-B", harness];
        return new HarnessSpec(python.Path, args, RunEnvironment.ForRun(), Path.GetDirectoryName(harness)!);
    }

    /// <summary>
    /// Sends one job to a Python harness and waits for its reply. The job gets a fresh nonce, the working folder and
    /// the output cap; the caller adds the platform's fields. Returns the reply or a failure text.
    /// </summary>
    internal async Task<JobOutcome> RunPythonJobAsync(JObject job, string cwd, double timeoutSeconds, CancellationToken ct, bool isolated = false)
    {
        var spec = PythonSpec(out var error, isolated);
        if (spec == null) return JobOutcome.Failed(error!);
        return await RunJobAsync(spec, job, cwd, timeoutSeconds, "Python interpreter", RunEnvironment.PythonSetting, ct).ConfigureAwait(false);
    }

    internal async Task<JobOutcome> RunJobAsync(HarnessSpec spec, JObject job, string cwd, double timeoutSeconds, string what, string setting, CancellationToken ct)
    {
        HarnessProcess process;
        try
        {
            process = await _pool.TakeAsync(spec).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return JobOutcome.Failed($"Could not start the {what} '{spec.FileName}': {e.Message}. Check {setting}.");
        }
        try
        {
            using var used = process;
            var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            job["nonce"] = nonce;
            job["cwd"] = cwd;
            job["cap"] = HarnessProcess.StreamCap;
            var bytes = Encoding.UTF8.GetBytes(RunJson.Write(job));
            var timeout = TimeSpan.FromSeconds(Math.Clamp(timeoutSeconds, 0.001, 24 * 3600));
            var outcome = await process.RunAsync(bytes, nonce, timeout, ct).ConfigureAwait(false);
            return new JobOutcome(outcome, null);
        }
        finally
        {
            // The replacement starts only now that the job has answered: started earlier, its interpreter start-up
            // would take CPU from the run the user is waiting for (the next run still finds it ready).
            if (Settings.KeepWarm) _pool.Prestart(spec);
        }
    }

    public void Dispose() => _pool.Dispose();
}

/// <summary>The harness's outcome, or why no job could be sent.</summary>
internal sealed record JobOutcome(HarnessOutcome? Outcome, string? StartError)
{
    public static JobOutcome Failed(string error) => new(null, error);

    /// <summary>The reply's captured text of a stream (<c>{"text","dropped"}</c>), with the truncation marker when cut.</summary>
    public static string Captured(JToken? token)
    {
        if (token is JValue { Type: JTokenType.String } s) return (string)s!;
        if (token is not JObject o) return "";
        var text = (string?)o["text"] ?? "";
        var dropped = (long?)o["dropped"] ?? 0;
        return dropped > 0 ? text + Truncation.Marker(dropped, "characters") : text;
    }

    /// <summary>
    /// Why a job has no reply, in words: the timeout, the cancellation, or the process's own end (exit code and the
    /// last lines it wrote to stderr).
    /// </summary>
    public static string NoReplyText(HarnessOutcome o, double timeoutSeconds)
    {
        if (o.TimedOut) return $"The run timed out after {FormatSeconds(timeoutSeconds)} seconds and was stopped (its whole process tree was killed).";
        if (o.Cancelled) return "The run was cancelled.";
        var sb = new StringBuilder("The run ended without a result: the process exited");
        sb.Append(o.ExitCode is { } code ? $" with code {code}" : "").Append('.');
        var tail = o.ProcessStderr.Trim();
        if (tail.Length > 0)
        {
            var lines = tail.Split('\n');
            sb.Append('\n').Append(string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 15))));
        }
        return sb.ToString();
    }

    /// <summary>Seconds as Python's <c>str(float)</c> writes them (30.0, 0.05), which pflow's texts use.</summary>
    public static string FormatSeconds(double seconds)
    {
        var r = seconds.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return r.Contains('.') || r.Contains('E') ? r : r + ".0";
    }

    /// <summary>What the process wrote outside the harness's capture, both streams together, or null.</summary>
    public static string? ProcessOutput(HarnessOutcome o)
    {
        var text = o.ProcessStdout + o.ProcessStderr;
        return text.Length == 0 ? null : text;
    }
}

/// <summary>Helpers shared by the platform runs.</summary>
internal static class RunSupport
{
    /// <summary>A 1-based line of the document with its text, for a result's location.</summary>
    public static RunLocation? LocationAt(RunTarget target, int? line, int? codeLine = null)
    {
        if (line is not { } l || l < 1 || l > target.Text.LineCount) return null;
        return new RunLocation(l, codeLine, target.Text.LineText(l - 1).Trim());
    }

    /// <summary>
    /// A result's <c>inputs</c> report: the platform's groups of values (<c>args</c>, <c>inputs</c>, <c>variables</c>),
    /// <c>from</c> (where each value came from, by name) and <c>given</c> (the user's values for this run, when any).
    /// </summary>
    public static JObject InputsReport(RunTarget target, JObject groups, JObject from)
    {
        var report = new JObject();
        foreach (var (group, values) in groups) report[group] = values?.DeepClone();
        report["from"] = from;
        if (target.Inputs is { Count: > 0 } given) report["given"] = given.DeepClone();
        return report;
    }

    public static int? IntOrNull(JToken? token) => token is JValue { Type: JTokenType.Integer } v ? (int)(long)v : null;

    public static double Elapsed(Stopwatch watch) => watch.Elapsed.TotalMilliseconds;
}
