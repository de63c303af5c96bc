// The bridge between the workspace and the runner: a document becomes a run target; a run's samples and errors go back.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>Used by the CLI (<c>codenode run</c>) and the server (<c>codenode.run</c>) alike, so both run the same way.</summary>
public static class RunDocuments
{
    /// <summary>
    /// Run settings from the server's settings. The VS Code client sends the interpreter the Python extension selected
    /// as <c>clientPythonPath</c>; it is used only when <c>pythonPath</c> (codeNode.python.path) is empty.
    /// </summary>
    public static RunSettings SettingsFrom(Settings settings, bool keepWarm) => new()
    {
        PythonPath = settings.PythonPath,
        ClientPythonPath = settings.Raw["clientPythonPath"] is JValue { Type: JTokenType.String } c && !string.IsNullOrWhiteSpace((string?)c) ? (string?)c : null,
        NodePath = settings.NodePath,
        DefaultTimeoutSeconds = settings.DefaultTimeoutSeconds,
        PflowVersion = settings.PflowVersion,
        KeepWarm = keepWarm,
        StackAiUserEnvironment = RawSetting(settings, "stackai.userEnvironment") is JValue { Type: JTokenType.Boolean } own && (bool)own,
        InstallTimeoutSeconds = PositiveNumber(RawSetting(settings, "stackai.installTimeout")),
        RefreshUnpinnedHours = PositiveNumber(RawSetting(settings, "stackai.refreshUnpinnedHours")) ?? RunSettings.Default.RefreshUnpinnedHours,
        CacheMaxMegabytes = PositiveNumber(RawSetting(settings, "cache.maxSizeMB")),
    };

    /// <summary>A run setting from the section, nested (<c>{"stackai": {"x": 1}}</c>) or flat (<c>{"stackai.x": 1}</c>).</summary>
    private static JToken? RawSetting(Settings settings, string dotted) => settings.Raw[dotted] ?? settings.Raw.SelectToken(dotted);

    private static double? PositiveNumber(JToken? token) =>
        token is JValue { Type: JTokenType.Integer or JTokenType.Float } v && v.Value<double>() > 0 && double.IsFinite(v.Value<double>()) ? v.Value<double>() : null;

    /// <summary>
    /// The target for a document snapshot, or a failed result saying why it cannot run (not a code node, no path).
    /// <paramref name="node"/> picks a pflow step; <paramref name="inputs"/> and <paramref name="timeout"/> are the
    /// user's values for this run only.
    /// </summary>
    public static (RunTarget? Target, RunResult? Refusal) TargetFor(Document doc, string? node, JObject? inputs, double? timeout)
    {
        var context = doc.Located.Context;
        if (doc.Kind != DocumentKind.CodeNode || context == null)
        {
            var why = doc.Located.Diagnostics.Count > 0 ? " " + doc.Located.Diagnostics[0].Message : "";
            return (null, RunResult.Failure("none", node,
                $"{doc.Path ?? doc.Uri} is not a code node: a code node is a *.pflow.md workflow, a file named in a codenode.json manifest, or a file whose first line is a pragma such as '# codenode: stackai'.{why}"));
        }
        if (doc.Path == null)
            return (null, RunResult.Failure(context.Dialect, node, "Only files can run: save the document first."));
        if (timeout is { } t && (double.IsNaN(t) || t <= 0))
            return (null, RunResult.Failure(context.Dialect, node, $"The timeout must be a positive number of seconds, got {t}."));
        return (new RunTarget
        {
            Path = doc.Path,
            Text = doc.Text,
            Context = context,
            Samples = doc.Samples,
            WorkspaceRoot = doc.WorkspaceRoot ?? Path.GetDirectoryName(doc.Path) ?? Directory.GetCurrentDirectory(),
            Node = node,
            Inputs = inputs,
            TimeoutSeconds = timeout,
            PflowVersion = doc.Settings.PflowVersion,
        }, null);
    }

    /// <summary>
    /// Applies the run's sample writes through the workspace's samples store and returns the result with the keys
    /// recorded (or why nothing could be recorded). Never throws.
    /// </summary>
    public static RunResult Record(CodeNodeWorkspace workspace, RunTarget target, RunOutcome outcome)
    {
        if (outcome.SampleWrites.Count == 0) return outcome.Result;
        var store = workspace.SamplesFor(target.WorkspaceRoot);
        var recorded = new List<string>();
        foreach (var write in outcome.SampleWrites)
        {
            string? error;
            try
            {
                error = write switch
                {
                    NodeOutputWrite n => store.RecordNodeOutput(n.NodeId, n.Output),
                    StepOutputsWrite s => store.RecordStepOutputs(s.WorkflowPath, s.StepId, s.Outputs),
                    VariablesWrite v => store.RecordVariables(v.Values),
                    _ => "unknown kind of sample",
                };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = e.Message;
            }
            if (error != null) return outcome.Result with { Recorded = recorded, RecordedValues = ValuesOf(store, outcome.SampleWrites.TakeWhile(w => w != write)), RecordError = error };
            recorded.Add(KeyOf(store, write));
        }
        return outcome.Result with { Recorded = recorded, RecordedValues = ValuesOf(store, outcome.SampleWrites) };
    }

    /// <summary>
    /// The result with what its writes will record, as <see cref="Record"/> reports it (the server answers first and
    /// records just after).
    /// </summary>
    public static RunResult Planned(CodeNodeWorkspace workspace, RunTarget target, RunOutcome outcome)
    {
        if (outcome.SampleWrites.Count == 0) return outcome.Result;
        var store = workspace.SamplesFor(target.WorkspaceRoot);
        return outcome.Result with { Recorded = outcome.SampleWrites.Select(w => KeyOf(store, w)).ToList(), RecordedValues = ValuesOf(store, outcome.SampleWrites) };
    }

    /// <summary>The values written, by their key in the samples file (each Voxworks variable under its own key).</summary>
    private static JObject ValuesOf(SampleStore store, IEnumerable<SampleWrite> writes)
    {
        var values = new JObject();
        foreach (var write in writes)
        {
            if (write is VariablesWrite v)
                foreach (var (path, value) in v.Values) values["variables." + path] = value?.DeepClone() ?? JValue.CreateNull();
            else values[KeyOf(store, write)] = write switch
            {
                NodeOutputWrite n => n.Output.DeepClone(),
                StepOutputsWrite st => st.Outputs.DeepClone(),
                _ => JValue.CreateNull(),
            };
        }
        return values;
    }

    private static string KeyOf(SampleStore store, SampleWrite write) => write switch
    {
        StepOutputsWrite s => $"workflows.{store.WorkflowKey(s.WorkflowPath)}.steps.{s.StepId}",
        _ => write.Key,
    };

    /// <summary>
    /// The node's key in <c>.codenode/runs/</c> and <c>.codenode/inputs/</c> file names: the file's path in the workspace,
    /// with <c>@STEP</c> for a pflow step (the one named, else the one the run ran, else the only code step).
    /// </summary>
    public static string NodeKey(RunTarget target, string? ranNode = null) =>
        RunHistory.Key(target.WorkspaceRoot, target.Path, target.Context.Dialect,
            target.Context.Dialect == DialectIds.Pflow ? target.Node ?? ranNode ?? PflowRun.StepId(target) : null);

    /// <summary>The pflow step a target means (named, or the only code step); null for other platforms.</summary>
    public static string? StepOf(RunTarget target) =>
        target.Context.Dialect == DialectIds.Pflow ? target.Node ?? PflowRun.StepId(target) : null;

    /// <summary>
    /// The history entry of a finished run, and the result with its <c>runId</c> (and test case) set. The caller
    /// appends the entry with <see cref="RunHistory.Append"/> (the server does so after answering).
    /// </summary>
    public static (RunResult Result, JObject Entry, string Key) HistoryEntry(RunTarget target, RunResult result, string? caseName)
    {
        var at = DateTimeOffset.UtcNow;
        var kept = result with { RunId = RunHistory.NewId(at), Case = caseName };
        var key = NodeKey(target, result.Node);
        return (kept, RunHistory.Entry(kept.RunId!, at, key, kept, target.Inputs, caseName), key);
    }

    /// <summary>
    /// The inputs of a run: the named test case's (when given), with the request's own values on top. Returns the
    /// inputs, or why the case cannot be used.
    /// </summary>
    public static (JObject? Inputs, string? Error) InputsWithCase(RunTarget target, string? caseName, JObject? given)
    {
        JObject? inputs = given == null ? null : TestCases.Clean(given);
        if (caseName == null) return (inputs, null);
        var (fromCase, error) = TestCases.Find(target.Path, target.Context.Dialect, StepOf(target), caseName);
        if (fromCase == null) return (null, error);
        var merged = (JObject)fromCase.DeepClone();
        if (inputs != null) foreach (var (k, v) in inputs) merged[k] = v?.DeepClone();
        return (merged, null);
    }

    /// <summary>
    /// The runtime diagnostic of a failed run (RT001), on the trimmed text of its line; none when the run succeeded
    /// or no line is known. The server shows it until the document's next edit.
    /// </summary>
    public static IReadOnlyList<Diagnostic> RuntimeDiagnostics(SourceText text, RunOutcome outcome)
    {
        var result = outcome.Result;
        if (result.Ok || result.Cancelled || outcome.DiagnosticLine is not { } line || line < 1 || line > text.LineCount) return [];
        int start = text.LineStart(line - 1), end = text.LineEnd(line - 1);
        var content = text.Text.AsSpan(start, end - start);
        int lead = content.Length - content.TrimStart().Length;
        int trail = content.Length - content.TrimEnd().Length;
        var span = TextSpan.FromBounds(start + lead, Math.Max(start + lead, end - trail));
        // The cause leads (a Python traceback's exception and message), the traceback follows below it.
        var error = RunResult.CauseFirst(result.Error ?? "The run failed.");
        // The first paragraph is the error itself; pflow's "Suggestions:" block after it is for the full result view.
        int cut = error.IndexOf("\n\n", StringComparison.Ordinal);
        var message = "Run failed: " + (cut > 0 ? error[..cut] : error);
        return [Diagnostic.Of(RuntimeRules.RunError, span, message)];
    }
}
