// pflow's static workflow validation: templates, node types, unknown params, inputs, batch (PLATFORMS.md A.7).
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>
/// Mirrors pflow's template validator and data-flow check, with their texts. Where pflow reports one template
/// twice (both checks), one diagnostic is given, with the template validator's text. The ordering check (a later
/// step, or the step itself) is applied to every template, not only to top-level string parameters as pflow's
/// static check does, because such a template never resolves at run time.
/// </summary>
public sealed class WorkflowChecks
{
    private readonly PflowWorkflow _wf;
    private readonly WorkflowTemplates _templates;
    private readonly List<Diagnostic> _out;
    private readonly HashSet<string> _batchAliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OutputField> _anyNodeOutputs = new(StringComparer.Ordinal);
    private readonly bool _current;

    private WorkflowChecks(PflowWorkflow wf, WorkflowTemplates templates, List<Diagnostic> output, AnalysisSettings settings)
    {
        _wf = wf;
        _current = settings.PflowVersion == PflowVersion.Current;
        _templates = templates;
        _out = output;
        foreach (var step in wf.Steps)
        {
            if (step.BatchAlias is { } alias)
            {
                _batchAliases.Add(alias);
                _batchAliases.Add("__index__");
            }
            foreach (var kv in OutputsOf(step) ?? []) _anyNodeOutputs[kv.Key] = kv.Value;
        }
    }

    public static void Run(PflowWorkflow wf, WorkflowTemplates templates, List<Diagnostic> output, AnalysisSettings settings)
    {
        var c = new WorkflowChecks(wf, templates, output, settings);
        c.CheckNodeTypes();
        c.CheckInputs();
        c.CheckOutputsFields();
        c.CheckBatches();
        c.CheckMalformed();
        foreach (var use in templates.Uses) c.CheckTemplate(use);
        c.CheckUnusedInputs();
    }

    /// <summary>The outputs a step declares: its node type's, or a batch's; null when dynamic or unknown.</summary>
    public static IReadOnlyList<KeyValuePair<string, OutputField>>? OutputsOf(WorkflowStep step)
    {
        var info = NodeTypes.Find(step.Type);
        if (step.Batch is not null) return NodeTypes.BatchOutputs(info);
        return info?.Outputs;
    }

    private void Add(RuleInfo rule, TextSpan span, string message, params Fix[] fixes) => _out.Add(Diagnostic.Of(rule, span, message, fixes));

    // ── node types and params ──

    private void CheckNodeTypes()
    {
        foreach (var step in _wf.Steps)
        {
            if (step.Type is null || step.TypeSpan is not TextSpan span) continue;
            if (NodeTypes.IsDynamic(step.Type) || _current && NodeTypes.IsCurrentOnly(step.Type)) continue;
            var info = NodeTypes.Find(step.Type);
            if (info is null)
            {
                var close = Similarity.CloseMatches(step.Type, NodeTypes.All.Where(kv => kv.Value.Visibility == "default").Select(kv => kv.Key), 3, 0.6);
                string msg = $"Unknown node type: '{step.Type}'";
                if (close.Count > 0) msg += $"\n\nDid you mean: {string.Join(", ", close)}?";
                Add(PflowRules.UnknownNodeType, span, msg, close.Select(c => new Fix($"Change the type to '{c}'", [new TextEdit(span, c)])).ToArray());
                continue;
            }
            if (info.Visibility == "deprecated-denied-by-default")
            {
                string family = step.Type.StartsWith("github", StringComparison.Ordinal) ? "github" : "git";
                Add(PflowRules.DeniedNodeType, span,
                    $"Unknown node type: '{step.Type}' (pflow denies {family}-* nodes by default; allow them with `pflow settings allow pflow.nodes.{family}.*`)");
            }
            else if (info.Visibility == "hidden-test-node")
            {
                Add(PflowRules.DeniedNodeType, span,
                    $"Unknown node type: '{step.Type}' (a test node, visible only with PFLOW_INCLUDE_TEST_NODES=true)");
            }
            CheckParams(step, info);
        }
    }

    private void CheckParams(WorkflowStep step, NodeTypeInfo info)
    {
        var known = info.Params.Select(p => p.Name).Concat(info.ExtraParamKeys).ToList();
        foreach (var prop in step.Params.Properties())
        {
            if (known.Contains(prop.Name)) continue;
            if (_current && NodeTypes.CurrentNodeKeys.Contains(prop.Name)) continue;
            var span = step.Sources.TryGetValue(prop.Name, out var src) ? src.KeySpan : step.IdSpan;
            var close = Similarity.ParamSuggestions(prop.Name, known);
            string msg = $"Node '{step.Id}' ({step.Type}): unknown parameter '{prop.Name}'.";
            if (close.Count > 0) msg += $" Did you mean {string.Join(", ", close.Select(c => $"'{c}'"))}?";
            var fixes = src is { IsBlock: false } ? close.Where(c => info.Param(c) is not null).Select(c => new Fix($"Rename to '{c}'", [new TextEdit(src.KeySpan, c)])).ToArray() : [];
            Add(PflowRules.UnknownParam, span, msg, fixes);
        }
    }

    // ── workflow inputs and outputs ──

    private static readonly HashSet<string> InputTypes = new(StringComparer.Ordinal)
        { "string", "number", "boolean", "object", "array", "str", "int", "integer", "float", "bool", "dict", "list" };
    private static readonly string[] InputFields = ["description", "required", "type", "default", "stdin"];
    private static readonly string[] OutputFields = ["description", "type", "source"];

    private void CheckInputs()
    {
        int stdinCount = 0;
        foreach (var input in _wf.Inputs)
        {
            foreach (var prop in input.Params.Properties())
            {
                if (!InputFields.Contains(prop.Name))
                    Add(PflowRules.InvalidField, input.Sources[prop.Name].KeySpan,
                        $"Structure: Validation error at inputs.{input.Id}: Additional properties are not allowed ('{prop.Name}' was unexpected)");
            }
            if (input.Params["type"] is { } t && (t.Type != JTokenType.String || !InputTypes.Contains((string)t!)))
                Add(PflowRules.InvalidField, input.Sources["type"].ValueSpan,
                    $"Structure: Validation error at inputs.{input.Id}.type: '{t}' is not one of string, number, boolean, object, array (or str, int, integer, float, bool, dict, list)");
            if (input.Params["stdin"] is JValue { Type: JTokenType.Boolean } st && (bool)st!)
            {
                stdinCount++;
                if (stdinCount > 1)
                    Add(PflowRules.InvalidField, input.Sources["stdin"].KeySpan, "Only one input can have 'stdin: true'.");
            }
            if (input.Required && input.Params.ContainsKey("default") && input.Sources.TryGetValue("default", out var d))
                Add(PflowRules.RequiredWithDefault, d.KeySpan,
                    $"Input '{input.Id}' is required (the default), so its default is never used: pflow reports \"Required input '${{{input.Id}}}' not provided\" when no value is given.\n\nAdd '- required: false' to make the default apply.");
        }
    }

    private void CheckOutputsFields()
    {
        foreach (var output in _wf.Outputs)
        {
            foreach (var prop in output.Params.Properties())
            {
                if (!OutputFields.Contains(prop.Name))
                    Add(PflowRules.InvalidField, output.Sources[prop.Name].KeySpan,
                        $"Structure: Validation error at outputs.{output.Id}: Additional properties are not allowed ('{prop.Name}' was unexpected)");
            }
        }
    }

    private static readonly string[] BatchFields = ["items", "as", "error_handling", "parallel", "max_concurrent", "max_retries", "retry_wait"];

    private void CheckBatches()
    {
        foreach (var step in _wf.Steps)
        {
            if (step.Batch is null || step.BatchSpan is not TextSpan span) continue;
            if (step.Batch is not JObject b)
            {
                Add(PflowRules.InvalidBatch, span, $"Structure: Validation error at nodes.{step.Id}.batch: batch must be a mapping with 'items'");
                continue;
            }
            foreach (var p in b.Properties())
                if (!BatchFields.Contains(p.Name))
                    Add(PflowRules.InvalidBatch, PyYaml.SpanOf(p.Value)?.KeySpan ?? span,
                        $"Structure: Validation error at nodes.{step.Id}.batch: Additional properties are not allowed ('{p.Name}' was unexpected)");
            var items = b["items"];
            bool okItems = items switch
            {
                JValue { Type: JTokenType.String } s => TemplateScanner.AsSimple((string)s!) is not null || ((string)s!).StartsWith("${", StringComparison.Ordinal) && ((string)s!).EndsWith('}'),
                JArray a => a.Count > 0,
                _ => false,
            };
            if (!okItems)
                Add(PflowRules.InvalidBatch, PyYaml.SpanOf(items)?.Span ?? span,
                    $"Structure: Validation error at nodes.{step.Id}.batch.items: items must be a ${{...}} template or a non-empty array");
            if (b["as"] is JValue asv && (asv.Type != JTokenType.String || !System.Text.RegularExpressions.Regex.IsMatch((string)asv!, "^[a-zA-Z_][a-zA-Z0-9_]*$")))
                Add(PflowRules.InvalidBatch, PyYaml.SpanOf(asv)?.Span ?? span,
                    $"Structure: Validation error at nodes.{step.Id}.batch.as: '{asv}' does not match '^[a-zA-Z_][a-zA-Z0-9_]*$'");
        }
    }

    // ── templates ──

    private void CheckMalformed()
    {
        foreach (var m in _templates.Malformed)
        {
            string location = m.Owner is WorkflowStep ? $"node '{m.Owner.Id}' parameter '{m.ParamPath}'" : $"output '{m.Owner.Id}' parameter '{m.ParamPath}'";
            Add(PflowRules.MalformedTemplate, m.Span,
                $"Malformed template syntax in {location}: Found {m.DollarBraces} '${{' but only {m.Valid} valid template(s). Check for missing '}}' or empty templates like '${{}}'");
        }
    }

    private void CheckUnusedInputs()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var use in _templates.Uses)
        {
            if (use.Owner is not WorkflowStep) continue;
            var first = use.Ref.Segments[0];
            if (!first.HasIndex) used.Add(first.Name);
        }
        foreach (var input in _wf.Inputs)
        {
            if (used.Contains(input.Id) && _wf.FindStep(input.Id) is null) continue;
            Add(PflowRules.UnusedInput, input.IdSpan, $"Declared input(s) never used as template variable: {input.Id}");
        }
    }

    private void CheckTemplate(TemplateUse use)
    {
        var t = use.Ref;
        var first = t.Segments[0];
        var owner = use.Owner;
        var node = _wf.FindStep(first.Name);

        if (owner is WorkflowOutput)
        {
            // pflow checks only the node id of an output's source.
            if (node is null && _wf.FindInput(first.Name) is null)
                Add(PflowRules.UnknownSource, t.Span,
                    $"Output '{owner.Id}' source {t.Text} references non-existent node '{first.Name}'" + DidYouMean(first.Name), ReplaceFixes(use));
            return;
        }
        var step = (WorkflowStep)owner;

        if (t.Coalesce is not null)
        {
            CheckCoalesceOperand(use, step, node);
            return;
        }

        if (node is not null && !first.HasIndex)
        {
            if (t.Segments.Count == 1)
            {
                var outs = OutputsOf(node);
                var fixes = outs is null ? [] : outs.Take(3).Select(kv => new Fix($"Use ${{{node.Id}.{kv.Key}}}", [new TextEdit(t.Span, $"${{{node.Id}.{kv.Key}}}")])).ToArray();
                Add(PflowRules.BareNode, t.Span,
                    $"Invalid template {t.Text} - this is a node ID. To reference node outputs, use {t.Text}.output_key format", fixes);
                return;
            }
            // A loop's while/until/carry read the loop node's own latest output (docs how-it-works/loops).
            bool ownLoopOutput = _current && use.Param == "loop" && node == step;
            if (node.Index >= step.Index && !ownLoopOutput)
            {
                Add(PflowRules.LaterStep, t.Span,
                    $"Node '{step.Id}' references '{node.Id}' which comes after it in execution order (position {node.Index} >= {step.Index})",
                    ReplaceFixes(use));
                return;
            }
            CheckNodeOutputPath(use, node);
            return;
        }

        if (_wf.FindInput(first.Name) is not null)
        {
            if (first.HasIndex)
                Add(PflowRules.InputIndex, t.Span,
                    $"Template variable {t.Text} has no valid source - not provided in initial_params and not written by any node\n\nAn index directly on a workflow input is not supported; pass the list to a code step and index it there.");
            return;
        }

        if (_batchAliases.Contains(first.Name))
        {
            if (step.BatchAlias is not { } alias || (first.Name != alias && first.Name != "__index__"))
                Add(PflowRules.BatchItemOutside, t.Span,
                    $"{t.Text} is a batch item variable, set only while a batched step runs its items; step '{step.Id}' is not batched over '{first.Name}', so this template does not resolve.");
            return;
        }

        string baseText = first.Text;
        if (t.Segments.Count > 1)
        {
            Add(PflowRules.UnknownSource, t.Span,
                $"Template variable {t.Text} has no valid source - '${{{baseText}}}' is neither a workflow input nor a node ID in this workflow" + DidYouMean(first.Name),
                ReplaceFixes(use));
            return;
        }
        if (!first.HasIndex && (_anyNodeOutputs.ContainsKey(first.Name) || use.TopLevelString))
        {
            // pflow's data-flow check: a bare name that is not a declared input.
            var close = _wf.Inputs.Where(i => string.Equals(i.Id, first.Name, StringComparison.OrdinalIgnoreCase)).Select(i => i.Id).FirstOrDefault();
            string msg = $"Node '{step.Id}' references undefined input '{t.Text}' in parameter '{use.Param}'";
            if (close is not null) msg += $" - did you mean '${{{close}}}'?";
            else msg += DidYouMean(first.Name);
            Add(PflowRules.UnknownSource, t.Span, msg, ReplaceFixes(use));
            return;
        }
        Add(PflowRules.UnknownSource, t.Span,
            $"Template variable {t.Text} has no valid source - not provided in initial_params and not written by any node" + DidYouMean(first.Name),
            ReplaceFixes(use));
    }

    /// <summary>
    /// A <c>??</c> operand (current pflow): only its root is checked, since <c>??</c> falls through on a missing field
    /// at run time (pflow's operand policy ROOT_ONLY, #441): it must name an input, a batch variable of this step, or a
    /// step that runs before this one.
    /// </summary>
    private void CheckCoalesceOperand(TemplateUse use, WorkflowStep step, WorkflowStep? node)
    {
        var t = use.Ref;
        var first = t.Segments[0];
        if (node is not null)
        {
            if (node.Index >= step.Index)
                Add(PflowRules.LaterStep, t.Span,
                    $"Node '{step.Id}' references '{node.Id}' which comes after it in execution order (position {node.Index} >= {step.Index})",
                    ReplaceFixes(use));
            return;
        }
        if (_wf.FindInput(first.Name) is not null) return;
        if (_batchAliases.Contains(first.Name))
        {
            if (step.BatchAlias is not { } alias || (first.Name != alias && first.Name != "__index__"))
                Add(PflowRules.BatchItemOutside, t.Span,
                    $"{t.Text} is a batch item variable, set only while a batched step runs its items; step '{step.Id}' is not batched over '{first.Name}', so this template does not resolve.");
            return;
        }
        Add(PflowRules.UnknownSource, t.Span,
            $"Template variable {t.Text} has no valid source - '${{{first.Text}}}' is neither a workflow input nor a node ID in this workflow" + DidYouMean(first.Name),
            ReplaceFixes(use));
    }

    /// <summary>Checks <c>${node.key...}</c> against the node's declared outputs and structures (A.7).</summary>
    private void CheckNodeOutputPath(TemplateUse use, WorkflowStep node)
    {
        var t = use.Ref;
        var outputs = OutputsOf(node);
        if (outputs is null) return; // dynamic (mcp-*, workflow) or unknown type: reported on the type itself
        var keySeg = t.Segments[1];
        OutputField? field = null;
        foreach (var kv in outputs) if (kv.Key == keySeg.Name) field = kv.Value;
        string typeName = node.Batch is not null ? node.Type ?? "unknown" : node.Type ?? "unknown";
        if (field is null)
        {
            Add(PflowRules.UnknownOutput, t.Span, OutputError(node, typeName, keySeg.Text, keySeg.Name, outputs), OutputFixes(use, node, keySeg.Name, outputs));
            return;
        }
        if (keySeg.HasIndex)
        {
            if (field.Type == "array")
            {
                if (t.Segments.Count > 2 && field.Items is { } items) CheckNested(use, node, typeName, keySeg, items, 2, outputs);
                return;
            }
            if (field.Type is "str" or "string")
            {
                Add(PflowRules.NestedOnString, t.Span,
                    $"{t.Text}: Array access on '{field.Type}' requires valid JSON array at runtime. Non-JSON strings cause 'Unresolved variables' error.");
                return;
            }
            Add(PflowRules.UnknownOutput, t.Span, OutputError(node, typeName, keySeg.Text, keySeg.Text, outputs) +
                $"\n\nAn index directly after an output key works only on a batch's results; ${{{node.Id}.{keySeg.Name}}} is {field.Type}. Index a field inside it instead (${{{node.Id}.{keySeg.Name}.items[0]}}).");
            return;
        }
        if (t.Segments.Count > 2) CheckNested(use, node, typeName, keySeg, field, 2, outputs);
    }

    private void CheckNested(TemplateUse use, WorkflowStep node, string typeName, TemplateSegment keySeg, OutputField field, int from,
        IReadOnlyList<KeyValuePair<string, OutputField>> outputs)
    {
        var t = use.Ref;
        var current = field;
        for (int i = from; i < t.Segments.Count; i++)
        {
            var seg = t.Segments[i];
            if (current.Fields is null)
            {
                var kinds = current.Type.Split('|').Select(x => x.Trim().ToLowerInvariant()).ToList();
                if (kinds.Any(k => k is "dict" or "object" or "any")) return;
                if (kinds.Any(k => k is "str" or "string"))
                {
                    Add(PflowRules.NestedOnString, t.Span,
                        $"{t.Text}: Nested access on '{current.Type}' requires valid JSON at runtime. Non-JSON strings cause 'Unresolved variables' error.");
                    return;
                }
                Add(PflowRules.UnknownOutput, t.Span, OutputError(node, typeName, keySeg.Text, keySeg.Name, outputs) +
                    $"\n\n'{seg.Name}' cannot be read from a value of type {current.Type}.");
                return;
            }
            if (seg.HasIndex || !current.Fields.TryGetValue(seg.Name, out var next))
            {
                Add(PflowRules.UnknownOutput, t.Span, OutputError(node, typeName, keySeg.Text, keySeg.Name, outputs) +
                    $"\n\nField '{seg.Text}' is not part of the declared structure.");
                return;
            }
            current = next;
        }
    }

    /// <summary>pflow's enhanced "does not output" error with the available outputs and suggestions.</summary>
    private static string OutputError(WorkflowStep node, string type, string attempted, string attemptedKey, IReadOnlyList<KeyValuePair<string, OutputField>> outputs)
    {
        var paths = FlattenOutputs(outputs);
        var lines = new List<string> { $"Node '{node.Id}' (type: {type}) does not output '{attempted}'" };
        if (paths.Count > 0)
        {
            lines.Add("");
            lines.Add($"Available outputs from '{node.Id}':");
            foreach (var (path, ty) in paths.Take(20)) lines.Add($"  ✓ ${{{node.Id}.{path}}} ({ty})");
            if (paths.Count > 20) lines.Add($"  ... and {paths.Count - 20} more outputs");
        }
        var suggestions = SimilarPaths(attemptedKey, paths);
        if (suggestions.Count == 1)
        {
            lines.Add("");
            lines.Add($"Did you mean: ${{{node.Id}.{suggestions[0]}}}?");
        }
        else if (suggestions.Count > 1)
        {
            lines.Add("");
            lines.Add("Did you mean one of these?");
            foreach (var s in suggestions) lines.Add($"  - ${{{node.Id}.{s}}}");
        }
        if (suggestions.Count > 0)
        {
            lines.Add("");
            lines.Add($"Common fix: Change ${{{node.Id}.{attempted}}} to ${{{node.Id}.{suggestions[0]}}}");
        }
        else if (paths.Count > 0)
        {
            lines.Add("");
            lines.Add($"Tip: Try using ${{{node.Id}.{paths[0].Path}}} instead");
        }
        return string.Join("\n", lines);
    }

    /// <summary>Every output path with its type, nested structures flattened (pflow lists them the same way).</summary>
    public static List<(string Path, string Type)> FlattenOutputs(IReadOnlyList<KeyValuePair<string, OutputField>> outputs)
    {
        var list = new List<(string, string)>();
        foreach (var kv in outputs) Flatten(kv.Key, kv.Value, list, 0);
        return list;
    }

    private static void Flatten(string path, OutputField field, List<(string, string)> list, int depth)
    {
        list.Add((path, field.Type));
        if (depth > 5) return;
        if (field.Items is { } items)
        {
            list.Add(($"{path}[0]", items.Type));
            if (items.Fields is not null) foreach (var kv in items.Fields) Flatten($"{path}[0].{kv.Key}", kv.Value, list, depth + 1);
        }
        if (field.Fields is not null) foreach (var kv in field.Fields) Flatten($"{path}.{kv.Key}", kv.Value, list, depth + 1);
    }

    /// <summary>pflow's _find_similar_paths: case-insensitive substring of the last path component, best ratio first.</summary>
    private static List<string> SimilarPaths(string attempted, List<(string Path, string Type)> paths)
    {
        string a = attempted.ToLowerInvariant();
        var matches = new List<(string Path, double Quality)>();
        foreach (var (path, _) in paths)
        {
            string last = path.Split('.')[^1].Split('[')[0];
            if (last.Length > 0 && last.ToLowerInvariant().Contains(a, StringComparison.Ordinal))
                matches.Add((path, (double)a.Length / last.Length));
        }
        matches.Sort((x, y) => x.Quality != y.Quality ? y.Quality.CompareTo(x.Quality) : string.CompareOrdinal(x.Path, y.Path));
        var result = matches.Take(3).Select(m => m.Path).ToList();
        if (result.Count == 0)
            result = Similarity.CloseMatches(attempted, paths.Select(p => p.Path).Where(p => !p.Contains('.') && !p.Contains('[')), 3, 0.6);
        return result;
    }

    private Fix[] OutputFixes(TemplateUse use, WorkflowStep node, string attempted, IReadOnlyList<KeyValuePair<string, OutputField>> outputs)
    {
        var paths = FlattenOutputs(outputs);
        return SimilarPaths(attempted, paths).Take(3).Select(p =>
        {
            string replacement = $"${{{node.Id}.{p}{string.Concat(use.Ref.Segments.Skip(2).Select(s => "." + s.Text))}}}";
            if (p.Contains('.') || p.Contains('[')) replacement = $"${{{node.Id}.{p}}}";
            return new Fix($"Change to {replacement}", [new TextEdit(use.Ref.Span, replacement)], IsPreferred: true);
        }).ToArray();
    }

    /// <summary>Names a template could mean: inputs and steps that run before the owner.</summary>
    private IEnumerable<string> Candidates(WorkflowEntity owner) =>
        _wf.Inputs.Select(i => i.Id).Concat(_wf.Steps.Where(s => owner is not WorkflowStep st || s.Index < st.Index).Select(s => s.Id));

    private string DidYouMean(string name)
    {
        var close = Similarity.CloseMatches(name, _wf.Inputs.Select(i => i.Id).Concat(_wf.Steps.Select(s => s.Id)), 3, 0.6);
        return close.Count == 0 ? "" : $"\n\nDid you mean: {string.Join(", ", close.Select(c => $"${{{c}}}"))}?";
    }

    /// <summary>Quick fixes that replace the template's first name with the nearest valid source.</summary>
    private Fix[] ReplaceFixes(TemplateUse use)
    {
        var t = use.Ref;
        var close = Similarity.CloseMatches(t.Base, Candidates(use.Owner), 3, 0.6);
        return close.Select((c, i) => new Fix($"Change to ${{{c}{t.Path[t.Base.Length..]}}}",
            [new TextEdit(t.Segments[0].NameSpan, c)], IsPreferred: i == 0)).ToArray();
    }
}
