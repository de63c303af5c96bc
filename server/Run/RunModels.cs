// The runner's inputs (what to run, with which settings) and its one output shape, shared by the CLI, LSP and client.
using System.Globalization;
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>Settings of runs (from <c>workspace/configuration</c>, the client, or CLI flags).</summary>
public sealed record RunSettings
{
    /// <summary><c>codeNode.python.path</c>: the interpreter to use; wins over everything else.</summary>
    public string? PythonPath { get; init; }
    /// <summary>The interpreter the client suggests (the Python extension's selection); used when the setting is empty.</summary>
    public string? ClientPythonPath { get; init; }
    /// <summary><c>codeNode.node.path</c>: the Node.js binary for TypeScript nodes.</summary>
    public string? NodePath { get; init; }
    /// <summary><c>codeNode.run.timeout</c>: seconds, used when neither the request nor the node sets one.</summary>
    public double? DefaultTimeoutSeconds { get; init; }
    /// <summary>Where harness files and dependency environments live; see <see cref="RunEnvironment.CacheDir"/>.</summary>
    public string? CacheDir { get; init; }
    /// <summary>pflow: the release a run follows (<c>codeNode.pflow.version</c>); current unless set to 0.8.</summary>
    public PflowVersion PflowVersion { get; init; } = PflowVersion.Current;
    /// <summary>pflow: true for every release after 0.8 (Optional, Any, next...).</summary>
    public bool PflowLater => PflowVersion != PflowVersion.V0_8;
    /// <summary>Keep a started interpreter waiting for the next run (the server does; a one-shot CLI run does not).</summary>
    public bool KeepWarm { get; init; } = true;
    /// <summary>
    /// <c>codeNode.stackai.userEnvironment</c>: Stack AI runs see the interpreter's own packages (and Node's usual
    /// module lookup) besides the declared ones. Off by default: a run sees only the standard library and the
    /// declared dependencies, as the platform's sandbox does. Shown in the result when on.
    /// </summary>
    public bool StackAiUserEnvironment { get; init; }
    /// <summary><c>codeNode.stackai.installTimeout</c>: seconds for installing dependencies; null: the install counts against the run's timeout.</summary>
    public double? InstallTimeoutSeconds { get; init; }
    /// <summary><c>codeNode.stackai.refreshUnpinnedHours</c>: unpinned dependencies are re-resolved this long after they were resolved.</summary>
    public double RefreshUnpinnedHours { get; init; } = 24;
    /// <summary>Re-resolve unpinned dependencies now (<c>codenode run --refresh-deps</c>).</summary>
    public bool RefreshDependencies { get; init; }
    /// <summary><c>codeNode.cache.maxSizeMB</c>: the cache is cleaned down to this size; see <see cref="DependencyCache"/>.</summary>
    public double? CacheMaxMegabytes { get; init; }

    public static RunSettings Default { get; } = new();
}

/// <summary>One node to run: its document (the editor's text, which may be unsaved), context and samples.</summary>
public sealed record RunTarget
{
    /// <summary>Absolute path of the document.</summary>
    public required string Path { get; init; }
    public required SourceText Text { get; init; }
    public required NodeContext Context { get; init; }
    public SampleSet Samples { get; init; } = SampleSet.Empty;
    /// <summary>The workspace folder: the run's working directory and the root of sample keys.</summary>
    public required string WorkspaceRoot { get; init; }
    /// <summary>pflow: the step id to run (<c>FILE#NODE</c>); null runs the only code step, or fails listing them.</summary>
    public string? Node { get; init; }
    /// <summary>Values given by the user for this run only (<c>--inputs</c>); they win over samples.</summary>
    public JObject? Inputs { get; init; }
    /// <summary>Seconds; wins over the node's own timeout.</summary>
    public double? TimeoutSeconds { get; init; }
    /// <summary>pflow: the version for this document when a codenode.json sets one; null uses the runner's setting.</summary>
    public PflowVersion? PflowVersion { get; init; }
}

/// <summary>
/// One Voxworks condition as every view shows it: numbered from 1 in the manifest's order, named, with the boolean
/// run() gave it (null for the final "otherwise", which no output names, and for every condition of a failed run).
/// </summary>
public sealed record ConditionRow(int Number, string? Name, bool? Output, bool Routed)
{
    /// <summary>"condition 1 (caller has an email)": the one wording of a condition, from a 0-based index.</summary>
    public static string Label(int index, string? name) => name is null ? $"condition {index + 1}" : $"condition {index + 1} ({name})";

    public JObject ToJson() => new()
    {
        ["number"] = Number,
        ["name"] = Name is null ? JValue.CreateNull() : Name,
        ["output"] = Output is { } b ? b : JValue.CreateNull(),
        ["routed"] = Routed,
    };

    public string ToText()
    {
        var value = Output is { } b ? (b ? "True" : "False") : "-";
        return $"{Label(Number - 1, Name)}: {value}{(Routed ? "  <- routed" : "")}";
    }
}

/// <summary>Where in the document a run failed, in 1-based lines of the file (a <c>.pflow.md</c> line for pflow).</summary>
public sealed record RunLocation(int Line, int? CodeLine = null, string? Source = null);

/// <summary>
/// The result of a run, whatever happened: the CLI prints it, <c>codenode.run</c> returns it, the client renders
/// it. <see cref="ToJson"/> is the contract (docs/run.md); platform fields are present only for their platform.
/// </summary>
public sealed record RunResult
{
    public required bool Ok { get; init; }
    public required string Dialect { get; init; }
    public string? Node { get; init; }
    public JToken? Result { get; init; }
    public string Stdout { get; init; } = "";
    public string Stderr { get; init; } = "";
    public string? Error { get; init; }
    public double DurationMs { get; init; }
    public bool TimedOut { get; init; }
    public bool Cancelled { get; init; }
    public RunLocation? Location { get; init; }
    /// <summary>What child processes wrote straight to the process's stdout/stderr (not captured by the platform).</summary>
    public string? ProcessOutput { get; init; }

    /// <summary>pflow: the action the node returned (<c>default</c>, <c>error</c>, or a <c>next</c> target).</summary>
    public string? Action { get; init; }
    /// <summary>
    /// pflow (current version): the step the workflow runs next after this action, <c>end</c> when it stops there,
    /// null when no edge matches the action (pflow then fails) or in 0.8 mode (document order only).
    /// </summary>
    public string? NextStep { get; init; }
    /// <summary>Stack AI: the node's output as downstream nodes receive it.</summary>
    public JToken? Output { get; init; }
    /// <summary>Voxworks: the returned booleans in order.</summary>
    public IReadOnlyList<bool>? Outputs { get; init; }
    /// <summary>Voxworks: the condition the step routes to, by name, and its index.</summary>
    public string? Condition { get; init; }
    public int? ConditionIndex { get; init; }
    public IReadOnlyList<string>? SystemNotes { get; init; }
    /// <summary>Voxworks: this step's variables after the run (dotted paths): those its manifest entry declares, its
    /// placeholders name, and the run read or wrote; values other steps recorded stay out.</summary>
    public JObject? Variables { get; init; }
    /// <summary>Voxworks: the manifest's conditions in order, "otherwise" included, with the output each got.</summary>
    public IReadOnlyList<ConditionRow>? Conditions { get; init; }

    /// <summary>
    /// Stack AI: the environment the code saw (<c>isolated</c>, the resolved <c>packages</c>, <c>cached</c>,
    /// <c>installMs</c>, <c>resolvedAt</c>, a <c>note</c>); null for the other platforms.
    /// </summary>
    public JObject? Environment { get; init; }

    /// <summary>The run process's id, which is also its session id; not part of the JSON (tests use it to look for leftovers).</summary>
    public int? ProcessId { get; init; }

    /// <summary>
    /// What went in (docs/run.md): Stack AI <c>args</c>, pflow's resolved <c>inputs</c>, Voxworks <c>variables</c> before
    /// the run and mapped <c>inputs</c>; <c>from</c> says where each value came from, <c>given</c> holds the user's
    /// values for this run. Null when the run stopped before its inputs were known.
    /// </summary>
    public JObject? Inputs { get; init; }
    /// <summary>What the run wrote to <c>.codenode/samples.json</c>, by key (one entry per Voxworks variable).</summary>
    public JObject? RecordedValues { get; init; }

    /// <summary>The id of this run in the node's history (<c>.codenode/runs/</c>), or null when it was not kept.</summary>
    public string? RunId { get; init; }
    /// <summary>The saved test case this run ran, or null.</summary>
    public string? Case { get; init; }

    /// <summary>Keys recorded in <c>.codenode/samples.json</c> after the run (empty when nothing was recorded).</summary>
    public IReadOnlyList<string> Recorded { get; init; } = [];
    /// <summary>Why recording samples failed (a broken samples file is never overwritten), or null.</summary>
    public string? RecordError { get; init; }

    /// <summary>A failure before anything ran (bad target, missing interpreter, refused by the validator).</summary>
    public static RunResult Failure(string dialect, string? node, string error, RunLocation? location = null) =>
        new() { Ok = false, Dialect = dialect, Node = node, Error = error, Location = location };

    /// <summary>
    /// A result back from its JSON (a kept run of the history), so it prints as a fresh one does; fields it lacks
    /// keep their defaults.
    /// </summary>
    public static RunResult FromJson(JObject o)
    {
        static string? Str(JToken? t) => t is JValue { Type: JTokenType.String } v ? (string?)v : null;
        var location = o["location"] is JObject loc && RunSupport.IntOrNull(loc["line"]) is { } line
            ? new RunLocation(line, RunSupport.IntOrNull(loc["codeLine"]), Str(loc["source"]))
            : null;
        return new RunResult
        {
            Ok = (bool?)o["ok"] ?? false,
            Dialect = Str(o["dialect"]) ?? "none",
            Node = Str(o["node"]),
            Result = o["result"] is { Type: not JTokenType.Null } r ? r.DeepClone() : null,
            Stdout = Str(o["stdout"]) ?? "",
            Stderr = Str(o["stderr"]) ?? "",
            Error = Str(o["error"]),
            DurationMs = o["durationMs"] is JValue { Type: JTokenType.Integer or JTokenType.Float } d ? d.Value<double>() : 0,
            TimedOut = (bool?)o["timedOut"] ?? false,
            Cancelled = (bool?)o["cancelled"] ?? false,
            Location = location,
            ProcessOutput = Str(o["processOutput"]),
            Action = Str(o["action"]),
            NextStep = Str(o["next"]),
            Environment = o["environment"] as JObject,
            Output = o["output"] is { Type: not JTokenType.Null } output ? output.DeepClone() : null,
            Outputs = o["outputs"] is JArray outs ? outs.Select(b => b.Type == JTokenType.Boolean && (bool)b).ToList() : null,
            Condition = Str(o["condition"]),
            ConditionIndex = RunSupport.IntOrNull(o["conditionIndex"]),
            Conditions = o["conditions"] is JArray rows
                ? rows.OfType<JObject>().Select(c => new ConditionRow(RunSupport.IntOrNull(c["number"]) ?? 0, Str(c["name"]), (bool?)c["output"], (bool?)c["routed"] ?? false)).ToList()
                : null,
            SystemNotes = o["systemNotes"] is JArray notes ? notes.Select(n => Str(n) ?? "").ToList() : null,
            Variables = o["variables"] as JObject,
            Inputs = o["inputs"] as JObject,
            RecordedValues = o["recordedValues"] as JObject,
            Recorded = o["recorded"] is JArray keys ? keys.Select(k => Str(k) ?? "").ToList() : [],
            RecordError = Str(o["recordError"]),
            RunId = Str(o["runId"]),
            Case = Str(o["case"]),
        };
    }

    public JObject ToJson()
    {
        var o = new JObject
        {
            ["ok"] = Ok,
            ["result"] = Result?.DeepClone() ?? JValue.CreateNull(),
            ["stdout"] = Stdout,
            ["stderr"] = Stderr,
            ["error"] = Error is null ? JValue.CreateNull() : Error,
            ["durationMs"] = Math.Round(DurationMs, 2),
            ["dialect"] = Dialect,
            ["node"] = Node is null ? JValue.CreateNull() : Node,
            ["timedOut"] = TimedOut,
        };
        if (Cancelled) o["cancelled"] = true;
        if (RunId != null) o["runId"] = RunId;
        if (Case != null) o["case"] = Case;
        if (Location != null)
        {
            var loc = new JObject { ["line"] = Location.Line };
            if (Location.CodeLine != null) loc["codeLine"] = Location.CodeLine;
            if (Location.Source != null) loc["source"] = Location.Source;
            o["location"] = loc;
        }
        else if (Dialect == DialectIds.Pflow) o["location"] = JValue.CreateNull();
        if (!string.IsNullOrEmpty(ProcessOutput)) o["processOutput"] = ProcessOutput;
        if (Inputs != null) o["inputs"] = Inputs.DeepClone();
        if (Recorded.Count > 0) o["recorded"] = new JArray(Recorded.Select(k => (object)k).ToArray());
        if (RecordedValues is { Count: > 0 }) o["recordedValues"] = RecordedValues.DeepClone();
        if (RecordError != null) o["recordError"] = RecordError;
        if (Error != null) o["cause"] = CauseOf(Error);
        if (Environment != null) o["environment"] = Environment.DeepClone();
        switch (Dialect)
        {
            case DialectIds.Pflow:
                o["action"] = Action ?? (Ok ? "default" : "error");
                if (NextStep != null) o["next"] = NextStep;
                break;
            case DialectIds.StackAi:
                o["output"] = Output?.DeepClone() ?? JValue.CreateNull();
                break;
            case DialectIds.Voxworks:
                o["outputs"] = Outputs == null ? JValue.CreateNull() : new JArray(Outputs.Select(b => (object)b).ToArray());
                o["condition"] = Condition is null ? JValue.CreateNull() : Condition;
                o["conditionIndex"] = ConditionIndex is null ? JValue.CreateNull() : ConditionIndex;
                o["systemNotes"] = new JArray((SystemNotes ?? []).Select(s => (object)s).ToArray());
                o["variables"] = Variables?.DeepClone() ?? new JObject();
                o["conditions"] = new JArray((Conditions ?? []).Select(c => (object)c.ToJson()).ToArray());
                break;
        }
        return o;
    }

    /// <summary>The result for people: status line, then the non-empty parts, each under a heading.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        var where = (Node is null ? Dialect : $"{Dialect} {Node}") + (Case is null ? "" : $", case '{Case}'");
        var ms = DurationMs.ToString("0.#", CultureInfo.InvariantCulture);
        sb.Append(Ok ? "ok" : TimedOut ? "timed out" : Cancelled ? "cancelled" : "failed").Append(" (").Append(where).Append(", ").Append(ms).Append(" ms)\n");
        if (Error != null) Section(sb, "error", CauseFirst(Error));
        if (Location != null)
        {
            sb.Append("location: line ").Append(Location.Line);
            if (Location.CodeLine != null) sb.Append(" (line ").Append(Location.CodeLine).Append(" of the code)");
            sb.Append('\n');
        }
        if (InputsText() is { Length: > 0 } inputs) Section(sb, "inputs", inputs);
        if (Dialect == DialectIds.Voxworks)
        {
            if (Outputs != null) sb.Append("outputs: [").Append(string.Join(", ", Outputs.Select(b => b ? "True" : "False"))).Append("]\n");
            if (Conditions is { Count: > 0 }) Section(sb, "conditions", string.Join("\n", Conditions.Select(c => c.ToText())));
            else if (Condition != null) sb.Append("routed to: ").Append(ConditionRow.Label(ConditionIndex ?? 0, Condition)).Append('\n');
            if (SystemNotes is { Count: > 0 }) Section(sb, "system notes", string.Join("\n", SystemNotes));
            if (Variables is { Count: > 0 }) Section(sb, "variables", Variables.ToString(Formatting.Indented));
        }
        else
        {
            if (Result != null && Result.Type != JTokenType.Null) Section(sb, "result", Result.ToString(Formatting.Indented));
            if (Dialect == DialectIds.StackAi && Output != null && !JToken.DeepEquals(Output, Result)) Section(sb, "output", Output.ToString(Formatting.Indented));
            if (Action != null && Action != "default" && Action != "error") sb.Append("action: ").Append(Action).Append('\n');
            if (NextStep != null) sb.Append("next step: ").Append(NextStep).Append('\n');
        }
        if (Environment != null) sb.Append("environment: ").Append(EnvironmentText(Environment)).Append('\n');
        if (Stdout.Length > 0) Section(sb, "stdout", Stdout);
        if (Stderr.Length > 0) Section(sb, "stderr", Stderr);
        if (!string.IsNullOrEmpty(ProcessOutput)) Section(sb, "process output", ProcessOutput);
        if (RecordedValues is { Count: > 0 })
            Section(sb, "recorded in .codenode/samples.json", string.Join("\n", RecordedValues.Properties().Select(p => $"{p.Name} = {RunJson.Write(p.Value)}")));
        else if (Recorded.Count > 0) sb.Append("recorded samples: ").Append(string.Join(", ", Recorded)).Append('\n');
        if (RecordError != null) sb.Append("samples not recorded: ").Append(RecordError).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// The inputs for people: one line per value, <c>group name = value  (from ...)</c>, in the report's order.
    /// </summary>
    private string InputsText()
    {
        if (Inputs == null) return "";
        var lines = new List<string>();
        var from = Inputs["from"] as JObject;
        foreach (var (group, values) in Inputs)
        {
            if (group is "from" or "given" || values is not JObject o) continue;
            foreach (var (name, value) in o)
            {
                var source = from?[name] is JValue { Type: JTokenType.String } f ? $"  ({(string?)f})" : "";
                lines.Add($"{group} {name} = {RunJson.Write(value)}{source}");
            }
        }
        return string.Join("\n", lines);
    }

    /// <summary>
    /// The cause of a failure in one line: the exception and its message of a Python traceback (its last part), else
    /// the error's first line. RT001, the view's headline and the CLI lead with it.
    /// </summary>
    public static string CauseOf(string error)
    {
        var first = CauseFirst(error);
        int end = first.IndexOf('\n');
        return end < 0 ? first : first[..end];
    }

    /// <summary>
    /// The error with a Python traceback's exception part moved before the frames, so the cause reads first and the
    /// traceback follows (<c>ValueError: ...</c>, then <c>Traceback (most recent call last):</c> and its frames).
    /// The exception part is everything from the first line after the header that is not indented (a frame's lines
    /// are); other texts are returned unchanged.
    /// </summary>
    public static string CauseFirst(string error)
    {
        // Stack AI's documented "Code execution failed: ..." line leads its error; the cause goes before it and the
        // platform's line stays right after the cause it introduces.
        var platform = StackAiRun.ExecutionFailedText + "\n";
        if (error.StartsWith(platform, StringComparison.Ordinal))
        {
            var rest = CauseFirst(error[platform.Length..]);
            int end = rest.IndexOf('\n');
            return end < 0 ? rest + "\n" + StackAiRun.ExecutionFailedText : rest[..end] + "\n" + StackAiRun.ExecutionFailedText + rest[end..];
        }
        const string header = "Traceback (most recent call last):";
        if (!error.StartsWith(header, StringComparison.Ordinal)) return error;
        var lines = error.Split('\n');
        int cause = Array.FindIndex(lines, 1, l => l.Length > 0 && !char.IsWhiteSpace(l[0]));
        if (cause < 0) return error;
        return string.Join('\n', lines[cause..]) + "\n" + string.Join('\n', lines[..cause]);
    }

    /// <summary>One line: isolation, the resolved packages, and whether they were installed now or reused.</summary>
    private static string EnvironmentText(JObject env)
    {
        var sb = new StringBuilder((bool?)env["isolated"] == false ? "the interpreter's own (codeNode.stackai.userEnvironment is on)" : "isolated");
        if (env["packages"] is JObject { Count: > 0 } packages)
            sb.Append("; packages: ").Append(string.Join(", ", packages.Properties().Select(p => $"{p.Name} {p.Value}")));
        if (env["installMs"] is JValue ms) sb.Append(" (installed in ").Append(((double)ms / 1000).ToString("0.0", CultureInfo.InvariantCulture)).Append(" s)");
        else if ((bool?)env["cached"] == true) sb.Append(" (cached, resolved ").Append((string?)env["resolvedAt"]).Append(')');
        if ((string?)env["note"] is { } note) sb.Append("; ").Append(note);
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, string body)
    {
        sb.Append("--- ").Append(title).Append(" ---\n").Append(body);
        if (!body.EndsWith('\n')) sb.Append('\n');
    }
}
