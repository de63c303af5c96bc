// Voxworks: the dialect's validator decides, its renderer makes the code, the harness runs run() with the allow-list.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Voxworks;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>
/// The three steps of the platform (PLATFORMS.md C.1): placeholders rendered, the deny-by-default validator (the same
/// <see cref="VoxworksValidator"/> the editor uses, so editor and run never disagree), then <c>run()</c> executed with
/// only the allow-listed built-ins and helpers, its return normalised to ordered booleans and routed to a
/// condition. System notes use the platform's format. Variable writes are recorded under <c>variables</c> in the
/// samples, so the next run reads them (a counter increments run after run).
/// </summary>
internal static class VoxworksRun
{
    private const string NotePrefix = "Tool | Code Step | ";

    public static async Task<RunOutcome> RunAsync(NodeRunner runner, RunTarget target, IProgress<string>? progress, CancellationToken ct)
    {
        var id = target.Context.NodeId ?? Path.GetFileNameWithoutExtension(target.Path);
        var text = target.Text.Text;
        var validation = VoxworksValidator.Validate(text, target.Context, target.Samples);
        // Errors the platform meets only while run() executes (VoxworksRules.RunTimeFailures) do not stop the run, so it
        // shows the platform's own run error note on its line; any other error is a refusal and nothing runs.
        var refusal = validation.Refusal;
        if (refusal != null)
        {
            // A compile error fails closed: nothing runs, and the step takes its fallback route.
            var first = refusal;
            int line = target.Text.LineOf(first.Span.Start) + 1;
            var (condition, index) = Route(target.Context.Conditions, null);
            var result = new RunResult
            {
                Ok = false, Dialect = DialectIds.Voxworks, Node = id, Error = first.Message,
                Location = RunSupport.LocationAt(target, line),
                SystemNotes = [$"{NotePrefix}Compile error on line {line}: {first.Message} | {target.Text.LineText(line - 1).Trim()}"],
                Condition = condition, ConditionIndex = index, Conditions = Rows(target.Context.Conditions, null, index),
                Variables = StepVariables(Variables(target), StepNames(target, validation, null)),
                Inputs = InputsReport(target, StepNames(target, validation, null)),
            };
            return new RunOutcome(result, [], line);
        }

        var rendered = VoxworksRenderer.Render(validation.Parse);
        var lineMap = new JObject();
        var renderedText = new Text.SourceText(rendered.Code);
        for (int l = 0; l < renderedText.LineCount; l++)
        {
            int user = rendered.ToUserLine(l);
            if (user != l) lineMap[(l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)] = user + 1;
        }

        progress?.Report("Running");
        var job = new JObject
        {
            ["kind"] = "voxworks",
            ["code"] = rendered.Code,
            ["rawCode"] = text,
            ["variablesName"] = VoxworksRenderer.VariablesName,
            ["variables"] = Variables(target),
            ["inputs"] = Inputs(target),
            ["lineMap"] = lineMap,
            // The harness builds run()'s namespace from this table alone and re-checks the code against it.
            ["allow"] = JObject.FromObject(VoxworksAllowList.HarnessTable()),
        };
        var timeout = runner.TimeoutFor(target);
        var outcome = await runner.RunPythonJobAsync(job, target.WorkspaceRoot, timeout, ct).ConfigureAwait(false);
        var runResult = ToResult(target, id, outcome, timeout);
        var names = StepNames(target, validation, outcome.Outcome?.Reply);
        runResult = runResult with { Variables = StepVariables(runResult.Variables, names), Inputs = InputsReport(target, names) };
        IReadOnlyList<SampleWrite> writes = runResult.Ok && outcome.Outcome?.Reply?["written"] is JObject { Count: > 0 } written
            ? [new VariablesWrite(written.Properties().ToDictionary(p => p.Name, p => (JToken?)p.Value.DeepClone(), StringComparer.Ordinal))]
            : [];
        return new RunOutcome(runResult, writes, runResult.Location?.Line);
    }

    /// <summary>
    /// Variables by dotted path: the manifest's samples, then values recorded by earlier runs (or written by hand in
    /// the samples file), then the user's values for this run (keys with a dot, such as <c>contact.email</c>).
    /// </summary>
    private static JObject Variables(RunTarget target) => Sourced(target).Variables;

    /// <summary>Mapped inputs <c>input_N</c> from the manifest, overridden by the user's values for this run.</summary>
    private static JObject Inputs(RunTarget target) => Sourced(target).Inputs;

    /// <summary>Variables and mapped inputs with where each value came from (manifest, samples, given).</summary>
    private static (JObject Variables, JObject Inputs, JObject From) Sourced(RunTarget target)
    {
        var vars = new JObject();
        var inputs = new JObject();
        var from = new JObject();
        foreach (var (path, sample) in target.Context.Variables) { vars[path] = sample?.DeepClone() ?? JValue.CreateNull(); from[path] = "manifest"; }
        if (target.Samples.Root["variables"] is JObject recorded)
            foreach (var (path, value) in recorded) { vars[path] = value?.DeepClone(); from[path] = "samples variables"; }
        foreach (var (name, sample) in target.Context.Inputs) { inputs[name] = sample?.DeepClone() ?? JValue.CreateNull(); from[name] = "manifest"; }
        if (target.Inputs != null)
            foreach (var (key, value) in target.Inputs)
            {
                if (key.Contains('.')) vars[key] = value?.DeepClone();
                else inputs[key] = value?.DeepClone();
                from[key] = "given for this run";
            }
        return (vars, inputs, from);
    }

    /// <summary>
    /// The step's current values in <c>--inputs</c> form: its variables (those it declares or names, from the manifest
    /// and the samples) and its mapped inputs, with where each comes from.
    /// </summary>
    public static (JObject Values, JObject Notes) CurrentInputs(RunTarget target)
    {
        var validation = VoxworksValidator.Validate(target.Text.Text, target.Context, target.Samples);
        var report = InputsReport(target, StepNames(target, validation, null));
        var values = new JObject();
        foreach (var group in new[] { "variables", "inputs" })
            if (report[group] is JObject o) foreach (var (k, v) in o) values[k] = v?.DeepClone();
        return (values, (JObject)report["from"]!);
    }

    /// <summary>The <c>inputs</c> report: this step's variables before the run and the mapped inputs, with sources.</summary>
    private static JObject InputsReport(RunTarget target, HashSet<string> names)
    {
        var (vars, inputs, from) = Sourced(target);
        var mine = StepVariables(vars, names)!;
        foreach (var p in from.Properties().ToList())
            if (!mine.ContainsKey(p.Name) && !inputs.ContainsKey(p.Name)) p.Remove();
        return RunSupport.InputsReport(target, new JObject { ["variables"] = mine, ["inputs"] = inputs }, from);
    }

    /// <summary>
    /// The names that make a variable this step's: the node's manifest variables, the placeholders of its code, and
    /// what the run read or wrote (the harness reports both, so <c>get_variable("x.y")</c> counts too).
    /// </summary>
    private static HashSet<string> StepNames(RunTarget target, VoxworksValidation validation, JObject? reply)
    {
        var names = new HashSet<string>(target.Context.Variables.Keys, StringComparer.Ordinal);
        foreach (var use in validation.Placeholders) names.Add(use.Path);
        foreach (var key in new[] { "read", "written" })
        {
            if (reply?[key] is JArray read) foreach (var n in read) if ((string?)n is { } s) names.Add(s);
            if (reply?[key] is JObject written) foreach (var p in written.Properties()) names.Add(p.Name);
        }
        return names;
    }

    /// <summary>
    /// The entries of a variable map that belong to this step: a stored path that is one of its names, lies below one
    /// (<c>custom.lead</c> for <c>custom.lead.score</c>) or above one. Values other steps recorded stay out.
    /// </summary>
    private static JObject? StepVariables(JObject? all, HashSet<string> names)
    {
        if (all == null) return null;
        var mine = new JObject();
        foreach (var (path, value) in all)
            if (names.Any(n => n == path || n.StartsWith(path + ".", StringComparison.Ordinal) || path.StartsWith(n + ".", StringComparison.Ordinal)))
                mine[path] = value?.DeepClone();
        return mine;
    }

    /// <summary>
    /// The conditions as the views list them: the manifest's in order ("otherwise" included), each with the output
    /// run() gave it; outputs beyond the manifest's conditions get rows without a name.
    /// </summary>
    public static IReadOnlyList<ConditionRow> Rows(IReadOnlyList<string> conditions, IReadOnlyList<bool>? outputs, int? routed)
    {
        int count = Math.Max(conditions.Count, outputs?.Count ?? 0);
        var rows = new List<ConditionRow>(count);
        for (int i = 0; i < count; i++)
            rows.Add(new ConditionRow(i + 1, i < conditions.Count ? conditions[i] : null, outputs != null && i < outputs.Count ? outputs[i] : null, i == routed));
        return rows;
    }

    /// <summary>
    /// The condition a step routes to (PLATFORMS.md C.4): the first true output picks the condition at its index; no
    /// true output (or a failed run, which fails closed) takes the final condition, the "otherwise" fallback.
    /// </summary>
    public static (string? Condition, int? Index) Route(IReadOnlyList<string> conditions, IReadOnlyList<bool>? outputs)
    {
        int first = -1;
        if (outputs != null)
            for (int i = 0; i < outputs.Count; i++)
                if (outputs[i]) { first = i; break; }
        if (conditions.Count == 0) return (null, first >= 0 ? first : null);
        int index = first >= 0 && first < conditions.Count ? first : conditions.Count - 1;
        return (conditions[index], index);
    }

    private static RunResult ToResult(RunTarget target, string id, JobOutcome job, double timeout)
    {
        var conditions = target.Context.Conditions;
        if (job.StartError != null)
        {
            var (c, i) = Route(conditions, null);
            return RunResult.Failure(DialectIds.Voxworks, id, job.StartError) with { Condition = c, ConditionIndex = i, Conditions = Rows(conditions, null, i) };
        }
        var o = job.Outcome!;
        var reply = o.Reply;
        if (reply == null)
        {
            var (c, i) = Route(conditions, null);
            var error = JobOutcome.NoReplyText(o, timeout);
            return new RunResult
            {
                Ok = false, Dialect = DialectIds.Voxworks, Node = id, Error = error, TimedOut = o.TimedOut, Cancelled = o.Cancelled,
                DurationMs = o.DurationMs, ProcessId = o.Pid, Condition = c, ConditionIndex = i, Conditions = Rows(conditions, null, i), ProcessOutput = JobOutcome.ProcessOutput(o),
                SystemNotes = [NotePrefix + "Run error: " + error.Split('\n')[0]], Variables = Variables(target),
            };
        }
        bool ok = (bool?)reply["ok"] ?? false;
        var outputs = reply["outputs"] is JArray a ? a.Select(t => (bool)t).ToList() : null;
        var (condition, index) = Route(conditions, ok ? outputs : null);
        return new RunResult
        {
            Ok = ok,
            Dialect = DialectIds.Voxworks,
            Node = id,
            Result = reply["result"],
            Outputs = ok ? outputs : null,
            Condition = condition,
            ConditionIndex = index,
            Conditions = Rows(conditions, ok ? outputs : null, index),
            SystemNotes = reply["systemNotes"] is JArray notes ? notes.Select(n => (string?)n ?? "").ToList() : [],
            Variables = ok ? reply["variables"] as JObject : Variables(target),
            Stdout = JobOutcome.Captured(reply["stdout"]),
            Stderr = JobOutcome.Captured(reply["stderr"]),
            Error = ok ? null : (string?)reply["error"] ?? "The run failed.",
            Location = ok ? null : RunSupport.LocationAt(target, RunSupport.IntOrNull(reply["codeLine"])),
            DurationMs = o.DurationMs, ProcessId = o.Pid,
            ProcessOutput = JobOutcome.ProcessOutput(o),
        };
    }
}
