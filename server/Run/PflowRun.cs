// pflow: one code step of a .pflow.md workflow, with its inputs resolved from samples and pflow's own texts and lines.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Pflow;
using CodeNodeLsp.Syntax.Python;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>
/// Reads the workflow with the pflow dialect's reader, resolves the step's <c>inputs</c> with its template resolver
/// (simple templates keep their type, JSON containers are parsed, complex templates become text), and hands code,
/// inputs, the raw <c>timeout</c> and <c>_code_source_line</c> to the harness, which mirrors the code node's prep,
/// exec and post (PLATFORMS.md A.3-A.9). Values come from <c>.codenode/samples.json</c> (workflow inputs and
/// recorded step outputs) and from the user's <c>inputs</c> for this run.
/// </summary>
internal static class PflowRun
{
    public static async Task<RunOutcome> RunAsync(NodeRunner runner, RunTarget target, IProgress<string>? progress, CancellationToken ct)
    {
        var workflow = WorkflowReader.Read(target.Text);
        // pflow refuses to load a workflow with a structure error, so nothing runs; the first one is what it prints.
        if (workflow.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error) is { } broken)
        {
            int line = target.Text.LineOf(broken.Span.Start) + 1;
            return Refuse(target, target.Node, $"Line {line}: {broken.Message}", line);
        }

        var (step, problem) = PickStep(workflow, target.Node);
        if (step == null) return Refuse(target, target.Node, problem!, null) with { BadRequest = true };

        // pflow validates the whole workflow before it runs anything: what its validator (or, in current pflow, Pass 9)
        // rejects is refused here with the same text, even when samples would let the step resolve.
        // Current version only: 0.8 mode keeps the runs its tests were written for (docs/pflow.md, "pflow versions").
        var version0 = target.PflowVersion ?? runner.Settings.PflowVersion;
        if (version0 == PflowVersion.Current && ValidationError(target, version0) is { } invalid)
        {
            int line = target.Text.LineOf(invalid.Span.Start) + 1;
            return Refuse(target, step.Id, invalid.Message, line);
        }

        var samples = new WorkflowSamples(new AnalysisRequest
        {
            Path = target.Path, Text = target.Text, Context = target.Context, Samples = target.Samples, WorkspaceRoot = target.WorkspaceRoot,
        }, workflow);
        var context = WithUserValues(samples.Context, workflow, target.Inputs);

        var version = target.PflowVersion ?? runner.Settings.PflowVersion;
        bool current = version == PflowVersion.Current;
        var unresolvedInputs = new List<string>();
        var unresolvedCode = new List<string>();
        var rawCode = step.Params["code"] is JValue { Type: JTokenType.String } rc ? (string?)rc : null;
        bool codeFromFile = false;
        if (current && rawCode is not null && CodeSteps.CodeFilePath(rawCode) is { } codePath)
        {
            // Current pflow: the step's code is the .py file it names, relative to the workflow's folder.
            string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(target.Path) ?? target.WorkspaceRoot, codePath));
            if (!File.Exists(full)) return Refuse(target, step.Id, $"Code file not found: {codePath} (looked for {full})", step.HeadingLine);
            rawCode = await File.ReadAllTextAsync(full, ct).ConfigureAwait(false);
            codeFromFile = true;
        }
        var parsedCode = rawCode is null ? null : PythonParser.Parse(rawCode, new ParseOptions(PlaceholderSyntax.Pflow));
        var inputs = step.Params["inputs"] is { } rawInputs ? ResolveInputs(rawInputs, context, unresolvedInputs, current, parsedCode) : new JObject();
        // pflow resolves templates in every parameter, the code included (a ${...} inside a string literal).
        var code = rawCode is not null ? TemplateResolver.ResolveString(rawCode, context, unresolvedCode, current) : step.Params["code"];
        var report = InputsReport(target, inputs, step.Params["inputs"]);
        if (unresolvedInputs.Count > 0) return Refuse(target, step.Id, UnresolvedText("inputs", unresolvedInputs), step.HeadingLine, report);
        if (unresolvedCode.Count > 0) return Refuse(target, step.Id, UnresolvedText("code", unresolvedCode), step.HeadingLine, report);

        int codeSourceLine = !codeFromFile && step.CodeBlock is { } block ? block.FenceLine + 1 : 0;
        JToken timeoutParam = target.TimeoutSeconds is { } given ? new JValue(given) : step.Params["timeout"]?.DeepClone() ?? JValue.CreateNull();
        double killAfter = target.TimeoutSeconds ?? PositiveSeconds(step.Params["timeout"]) ?? runner.Settings.DefaultTimeoutSeconds ?? NodeRunner.DefaultTimeoutSeconds;

        progress?.Report("Running");
        var job = new JObject
        {
            ["kind"] = "pflow",
            ["code"] = code?.DeepClone(),
            ["inputs"] = inputs,
            ["timeout"] = timeoutParam,
            ["codeSourceLine"] = codeSourceLine,
            ["later"] = current,
        };
        var outcome = await runner.RunPythonJobAsync(job, target.WorkspaceRoot, killAfter, ct).ConfigureAwait(false);
        var result = ToResult(target, step, outcome, killAfter, codeSourceLine) with { Inputs = report };
        if (current && result.Action is { } action)
        {
            // The step the workflow would run next, from pflow's edges (the code's next literals included).
            var info = new CodeStepInfo { Step = step, Parse = parsedCode };
            var routing = WorkflowRouting.Build(workflow, [info]);
            result = result with { NextStep = routing.NextStepAfter(step.Id, action) };
        }
        IReadOnlyList<SampleWrite> writes = result.Ok
            ? [new StepOutputsWrite(target.Path, step.Id, new JObject { ["result"] = result.Result?.DeepClone(), ["stdout"] = result.Stdout, ["stderr"] = result.Stderr })]
            : [];
        return new RunOutcome(result, writes, result.Location?.Line ?? (result.Ok ? null : step.HeadingLine));
    }

    private static RunOutcome Refuse(RunTarget target, string? node, string error, int? line, JObject? inputs = null) =>
        new(RunResult.Failure(DialectIds.Pflow, node, error, RunSupport.LocationAt(target, line)) with { Inputs = inputs }, [], line);

    /// <summary>
    /// The <c>inputs</c> report: the code's inputs as resolved, and for each the template (or literal) it came from
    /// as the workflow writes it.
    /// </summary>
    private static JObject InputsReport(RunTarget target, JToken? resolved, JToken? raw)
    {
        var from = new JObject();
        if (raw is JObject written)
            foreach (var (name, value) in written) from[name] = value is JValue { Type: JTokenType.String } t ? (string?)t : RunJson.Write(value);
        var inputs = resolved as JObject ?? new JObject();
        return RunSupport.InputsReport(target, new JObject { ["inputs"] = inputs }, from);
    }

    /// <summary>The step to run: the one named, else the only code step; otherwise a message listing the code steps.</summary>
    internal static (WorkflowStep? Step, string? Problem) PickStep(PflowWorkflow workflow, string? node)
    {
        var codeSteps = workflow.Steps.Where(s => s.IsCode).ToList();
        var ids = codeSteps.Count == 0 ? "none" : string.Join(", ", codeSteps.Select(s => s.Id));
        if (node == null)
        {
            if (codeSteps.Count == 1) return (codeSteps[0], null);
            return (null, codeSteps.Count == 0
                ? "This workflow has no code step to run."
                : $"This workflow has {codeSteps.Count} code steps; choose one with FILE#STEP (or \"node\"): {ids}.");
        }
        var step = workflow.FindStep(node);
        if (step == null) return (null, $"No step '{node}' in this workflow.{Suggestions.DidYouMean(node, workflow.Steps.Select(s => s.Id))} Code steps: {ids}.");
        if (!step.IsCode) return (null, $"Step '{node}' is a '{step.Type ?? "untyped"}' step; only code steps run locally. Code steps: {ids}.");
        return (step, null);
    }

    /// <summary>The step a run of the target runs (its id), or null when none can be picked.</summary>
    public static string? StepId(RunTarget target) => PickStep(WorkflowReader.Read(target.Text), target.Node).Step?.Id;

    /// <summary>
    /// The step's current values in <c>--inputs</c> form: each workflow input and upstream step that its
    /// <c>inputs</c> templates name, with its value from the samples (a step's recorded outputs); the notes say which.
    /// </summary>
    public static (JObject Values, JObject Notes) CurrentInputs(RunTarget target)
    {
        var values = new JObject();
        var notes = new JObject();
        var workflow = WorkflowReader.Read(target.Text);
        var (step, _) = PickStep(workflow, target.Node);
        if (step == null) return (values, notes);
        var samples = new WorkflowSamples(new AnalysisRequest
        {
            Path = target.Path, Text = target.Text, Context = target.Context, Samples = target.Samples, WorkspaceRoot = target.WorkspaceRoot,
        }, workflow);
        var texts = new List<string>();
        StringsIn(step.Params["inputs"], texts, 0);
        foreach (var template in texts.SelectMany(TemplateScanner.Scan))
        {
            var root = template.Base;
            if (template.IsEscaped || values.ContainsKey(root)) continue;
            if (workflow.FindInput(root) != null)
            {
                values[root] = samples.Context.Inputs.TryGetValue(root, out var v) ? v?.DeepClone() ?? JValue.CreateNull() : JValue.CreateNull();
                notes[root] = $"workflow input '{root}' ({(samples.Context.Inputs.ContainsKey(root) ? "samples" : "no sample yet")}), used as {template.Text}";
            }
            else if (workflow.FindStep(root) != null)
            {
                values[root] = samples.Context.Steps.TryGetValue(root, out var o) ? o?.DeepClone() ?? new JObject() : new JObject();
                notes[root] = $"outputs of step '{root}' ({(samples.Context.Steps.ContainsKey(root) ? "recorded" : "not recorded yet")}), used as {template.Text}";
            }
        }
        return (values, notes);
    }

    /// <summary>Every other key <c>--inputs</c> takes for this workflow: its inputs and its steps, with a note each.</summary>
    public static IReadOnlyDictionary<string, string> OtherKeys(RunTarget target)
    {
        var workflow = WorkflowReader.Read(target.Text);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in workflow.Inputs) keys.TryAdd(input.Id, $"workflow input '{input.Id}'");
        foreach (var s in workflow.Steps) keys.TryAdd(s.Id, $"outputs of step '{s.Id}' (an object of output name to value)");
        return keys;
    }

    /// <summary>The strings of a parameter value, nested containers included (bounded depth: a value is data, not code).</summary>
    private static void StringsIn(JToken? token, List<string> into, int depth)
    {
        if (token == null || depth > 64) return;
        if (token is JValue { Type: JTokenType.String } s) into.Add((string)s!);
        else foreach (var child in token.Children()) StringsIn(child is JProperty p ? p.Value : child, into, depth + 1);
    }

    /// <summary>
    /// The user's values for this run win over samples: a key naming a workflow input gives that input; a key naming
    /// a step gives that step's outputs (an object such as <c>{"response": ...}</c>).
    /// </summary>
    private static TemplateContext WithUserValues(TemplateContext context, PflowWorkflow workflow, JObject? given)
    {
        if (given == null || given.Count == 0) return context;
        var inputs = new Dictionary<string, JToken?>(context.Inputs, StringComparer.Ordinal);
        var steps = new Dictionary<string, JToken?>(context.Steps, StringComparer.Ordinal);
        foreach (var (key, value) in given)
        {
            if (workflow.FindInput(key) == null && workflow.FindStep(key) != null) steps[key] = value?.DeepClone();
            else inputs[key] = value?.DeepClone();
        }
        return new TemplateContext { Inputs = inputs, Steps = steps, Batch = context.Batch };
    }

    /// <summary>Codes of the code-step checks current pflow runs at validate time (Pass 9 and the parse of routing).</summary>
    private static readonly HashSet<string> CurrentValidateCodes = ["PF202", "PF203", "PF205", "PF212", "PF213"];

    /// <summary>
    /// The first error pflow reports before running: a template or node-type error of its validator (PF1xx), a
    /// routing error (current), a template written as Python in the code (pflow fails to parse the block); in current
    /// pflow also the validate-time code-step checks. A Python syntax error is left to the harness, which gives
    /// pflow's parser text with the file's line.
    /// </summary>
    private static Diagnostic? ValidationError(RunTarget target, PflowVersion version)
    {
        var analysis = new PflowDialect().Analyze(new AnalysisRequest
        {
            Path = target.Path, Text = target.Text, Context = target.Context, Samples = target.Samples, WorkspaceRoot = target.WorkspaceRoot,
            Settings = new AnalysisSettings { PflowVersion = version },
        }, CancellationToken.None);
        return analysis.Diagnostics.FirstOrDefault(d => d.Severity == Severity.Error && (
            d.Code.StartsWith("PF1", StringComparison.Ordinal) || d.Code.StartsWith("PF0", StringComparison.Ordinal)
            || d.Code is "PF207" || version == PflowVersion.Current && CurrentValidateCodes.Contains(d.Code)));
    }

    /// <summary>
    /// Resolves <c>inputs</c>. In current pflow (PR #109) an input annotated <c>T | None</c> / <c>Optional[T]</c>
    /// whose template reads only steps that did not run receives <c>None</c> instead of failing; locally a step
    /// "did not run" when no outputs are known for it (no sample, nothing given for this run): docs/pflow.md.
    /// </summary>
    private static JToken ResolveInputs(JToken rawInputs, TemplateContext context, List<string> unresolved, bool current, ParseResult? parsedCode)
    {
        if (!current || rawInputs is not JObject obj || parsedCode is null) return TemplateResolver.ResolveNested(rawInputs, context, unresolved, current);
        var optional = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in parsedCode.Module.DescendantsAndSelf())
            if (n is AnnAssign { Target: Name name } ann && ann.Annotation.Span.End <= parsedCode.Text.Length
                && PflowTypes.OptionalInner(parsedCode.Text.Substring(ann.Annotation.Span.Start, ann.Annotation.Span.Length).Trim()) is not null)
                optional.Add(name.Id);
        var result = new JObject();
        foreach (var (key, value) in obj)
        {
            if (value is null) continue;
            var missing = new List<string>();
            var resolved = TemplateResolver.ResolveNested(value, context, missing, current);
            if (missing.Count > 0 && optional.Contains(key) && value is JValue { Type: JTokenType.String } s
                && TemplateScanner.AsSimpleExpression((string)s!) is { } expr
                && expr.Operands.All(o => o.Ref is { } r && !context.Steps.ContainsKey(r.Base) && !context.Inputs.ContainsKey(r.Base)))
                resolved = JValue.CreateNull();
            else unresolved.AddRange(missing);
            result[key] = resolved;
        }
        return result;
    }

    /// <summary>pflow's unresolved-template failure, with where our run looks for values.</summary>
    /// <remarks>
    /// Only pflow's first line (node_wrapper.py): pflow then lists the keys of its shared store, which a local run
    /// does not have; where values come from is said in docs/run.md, not appended to pflow's text.
    /// </remarks>
    private static string UnresolvedText(string param, IReadOnlyList<string> unresolved) =>
        $"Unresolved variables in parameter '{param}': {string.Join(", ", unresolved.Distinct(StringComparer.Ordinal))}";

    /// <summary>The kill deadline from the node's <c>timeout</c> when it is a positive number (else the harness reports it).</summary>
    private static double? PositiveSeconds(JToken? token) => token switch
    {
        JValue { Type: JTokenType.Integer or JTokenType.Float } v when v.Value<double>() > 0 => v.Value<double>(),
        JValue { Type: JTokenType.String } s when double.TryParse((string?)s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d > 0 => d,
        _ => null,
    };

    /// <summary>
    /// pflow's timeout text (the same words the harness uses when the code raises TimeoutError itself). Written here
    /// too because a run killed at its deadline has no harness left to write it.
    /// </summary>
    public static string TimeoutText(double seconds) =>
        $"Python code execution timed out after {JobOutcome.FormatSeconds(seconds)} seconds\n\n" +
        "Suggestions:\n" +
        $"  - Increase timeout: \"timeout\": {(long)Math.Truncate(seconds * 2)}\n" +
        "  - Check for infinite loops or blocking I/O in code\n" +
        "  - Break long computation into multiple code nodes";

    private static RunResult ToResult(RunTarget target, WorkflowStep step, JobOutcome job, double killAfter, int codeSourceLine)
    {
        if (job.StartError != null) return RunResult.Failure(DialectIds.Pflow, step.Id, job.StartError);
        var o = job.Outcome!;
        var reply = o.Reply;
        if (reply == null)
        {
            // A run stopped at its deadline gives pflow's timeout text; pflow clears stdout and stderr on errors.
            var error = o.TimedOut ? TimeoutText(killAfter) : JobOutcome.NoReplyText(o, killAfter);
            return new RunResult
            {
                Ok = false, Dialect = DialectIds.Pflow, Node = step.Id, Error = error, Action = "error",
                TimedOut = o.TimedOut, Cancelled = o.Cancelled, DurationMs = o.DurationMs, ProcessId = o.Pid, ProcessOutput = JobOutcome.ProcessOutput(o),
            };
        }
        bool ok = (bool?)reply["ok"] ?? false;
        var codeLine = RunSupport.IntOrNull(reply["codeLine"]);
        string? text = ok ? null : (string?)reply["error"] ?? "The run failed.";
        int? fileLine = codeLine is { } n && codeSourceLine > 0 ? codeSourceLine + n - 1 : null;
        if ((string?)reply["stage"] == "syntax" && step.CodeBlock is { } block)
        {
            // pflow's Markdown parser rejects the file before anything runs, in lines of the .pflow.md file.
            fileLine = block.FenceLine + (codeLine ?? 0);
            text = $"Line {fileLine}: Python syntax error in code block: {text}\nFix the Python syntax in the code block starting at line {block.FenceLine}.";
        }
        return new RunResult
        {
            Ok = ok,
            Dialect = DialectIds.Pflow,
            Node = step.Id,
            Result = ok ? reply["result"] : null,
            Stdout = JobOutcome.Captured(reply["stdout"]),
            Stderr = JobOutcome.Captured(reply["stderr"]),
            Error = text,
            Action = (string?)reply["action"] ?? (ok ? "default" : "error"),
            Location = fileLine is { } l ? RunSupport.LocationAt(target, l, codeLine) : null,
            DurationMs = o.DurationMs, ProcessId = o.Pid,
            ProcessOutput = JobOutcome.ProcessOutput(o),
        };
    }
}
