// The pflow analysis of one workflow and its editor features: template completion, hover, definition, symbols, lenses.
using System.Text;
using System.Text.RegularExpressions;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

public sealed partial class PflowAnalysis : DocumentAnalysis
{
    [GeneratedRegex(@"^[A-Za-z_][\w-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathKey();
    private const int SampleLimit = 600;

    public PflowAnalysis(AnalysisRequest request, IReadOnlyList<Diagnostic> diagnostics, PflowWorkflow workflow,
        WorkflowTemplates templates, WorkflowSamples samples, IReadOnlyList<CodeStepInfo> codeSteps, WorkflowRouting? routing = null)
        : base(request, diagnostics)
    {
        Routing = routing;
        Workflow = workflow;
        Templates = templates;
        Samples = samples;
        CodeSteps = codeSteps;
    }

    public PflowWorkflow Workflow { get; }
    public WorkflowTemplates Templates { get; }
    public WorkflowSamples Samples { get; }
    public IReadOnlyList<CodeStepInfo> CodeSteps { get; }
    /// <summary>The routing (current pflow only; null for 0.8, where steps run in document order).</summary>
    public WorkflowRouting? Routing { get; }

    // ── completion ──

    public override IReadOnlyList<CompletionEntry> Complete(int offset, CancellationToken ct)
    {
        string text = Workflow.Text.Text;
        offset = Math.Clamp(offset, 0, text.Length);
        int lineStart = Workflow.Text.LineStart(Workflow.Text.LineOf(offset));
        if (Routing is not null && CompleteRoutingTarget(text, lineStart, offset) is { } targets) return targets;
        int open = text.LastIndexOf("${", Math.Max(0, offset - 1), Math.Max(0, offset - lineStart), StringComparison.Ordinal);
        if (open < 0 || offset < open + 2) return [];
        string inner = text[(open + 2)..offset];
        if (inner.Contains('}') || inner.Any(char.IsWhiteSpace)) return [];
        // Only the innermost template: for "${a[${b" complete inside the nested one.
        int lastDot = inner.LastIndexOf('.');
        int segStart = open + 2 + (lastDot + 1);
        int replaceEnd = offset;
        while (replaceEnd < text.Length && (char.IsAsciiLetterOrDigit(text[replaceEnd]) || text[replaceEnd] is '_' or '-')) replaceEnd++;
        var replace = TextSpan.FromBounds(segStart, replaceEnd);
        var owner = Workflow.EntityAt(open);
        var result = new List<CompletionEntry>();
        if (lastDot < 0)
        {
            foreach (var input in Workflow.Inputs)
                result.Add(new CompletionEntry(input.Id, CompletionKind.Variable, $"workflow input{(input.DeclaredType is { } t ? $" ({t})" : "")}",
                    input.Description, input.Id, replace, "0" + input.Id));
            foreach (var step in Workflow.Steps)
            {
                if (owner is WorkflowStep os && step.Index >= os.Index) continue;
                if (owner is WorkflowInput) continue;
                result.Add(new CompletionEntry(step.Id, CompletionKind.Reference, $"{step.Id} · {step.Type ?? "no type"}", step.Description,
                    step.Id + ".", replace, "1" + step.Id));
            }
            if (owner is WorkflowStep { BatchAlias: { } alias })
            {
                result.Add(new CompletionEntry(alias, CompletionKind.Variable, "the current batch item", null, alias, replace, "2" + alias));
                result.Add(new CompletionEntry("__index__", CompletionKind.Variable, "the current batch index (0-based)", null, "__index__", replace, "2__index__"));
            }
            return result;
        }
        string pathText = inner[..lastDot];
        var segs = pathText.Split('.');
        if (segs.Any(s => s.Length == 0)) return [];
        var node = Workflow.FindStep(StripIndex(segs[0]));
        if (node is not null && segs.Length == 1)
        {
            var outputs = WorkflowChecks.OutputsOf(node);
            if (outputs is not null)
            {
                int i = 0;
                foreach (var (key, field) in outputs)
                    result.Add(new CompletionEntry(key, CompletionKind.Field, field.Type, null, key, replace, $"0{i++:D3}"));
            }
            AddSampleKeys(result, Samples.StepOutputs(node.Id), replace, outputs?.Select(o => o.Key));
            return result;
        }
        // Deeper: declared structure fields, then sample data fields.
        if (node is not null)
        {
            var tpl = TemplateScanner.AsSimple("${" + pathText + "}");
            if (tpl is not null && global::CodeNodeLsp.Dialects.Pflow.CodeSteps.DeclaredField(node, tpl) is { } field)
            {
                var f = field.Items ?? field;
                if (f.Fields is not null)
                {
                    int i = 0;
                    foreach (var (key, sub) in f.Fields) result.Add(new CompletionEntry(key, CompletionKind.Field, sub.Type, null, key, replace, $"0{i++:D3}"));
                }
            }
        }
        var sampleTpl = TemplateScanner.AsSimple("${" + pathText + "}");
        if (sampleTpl is not null && TemplateResolver.TryResolve(sampleTpl, Samples.Context, out var value))
            AddSampleKeys(result, TemplateResolver.AutoParse(value), replace, result.Select(r => r.Label).ToList());
        return result;
    }

    [GeneratedRegex(@"^\s*-\s+(next|on-error):[ \t]*", RegexOptions.CultureInvariant)]
    private static partial Regex RoutingBullet();

    /// <summary>
    /// Current pflow: after <c>- next:</c> (or after a comma in its list) and <c>- on-error:</c>, the step ids of the
    /// workflow, and <c>end</c> for <c>- next:</c>; null when the cursor is not in such a value.
    /// </summary>
    private List<CompletionEntry>? CompleteRoutingTarget(string text, int lineStart, int offset)
    {
        var m = RoutingBullet().Match(text, lineStart, offset - lineStart);
        if (!m.Success || m.Index != lineStart || offset < lineStart + m.Length) return null;
        if (Workflow.EntityAt(offset) is not WorkflowStep owner) return null;
        bool next = m.Groups[1].Value == "next";
        int segStart = next ? Math.Max(lineStart + m.Length, text.LastIndexOf(',', offset - 1, offset - lineStart - m.Length) + 1) : lineStart + m.Length;
        while (segStart < offset && text[segStart] == ' ') segStart++;
        int replaceEnd = offset;
        while (replaceEnd < text.Length && (char.IsAsciiLetterOrDigit(text[replaceEnd]) || text[replaceEnd] is '_' or '-')) replaceEnd++;
        var replace = TextSpan.FromBounds(segStart, replaceEnd);
        var result = new List<CompletionEntry>();
        foreach (var step in Workflow.Steps)
        {
            if (step == owner) continue;
            result.Add(new CompletionEntry(step.Id, CompletionKind.Reference, $"step ({step.Type ?? "no type"})", step.Description, step.Id, replace,
                (step.Index > owner.Index ? "0" : "1") + step.Index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (next) result.Add(new CompletionEntry(WorkflowRouting.End, CompletionKind.Keyword, "end the workflow here", null, WorkflowRouting.End, replace, "2end"));
        return result;
    }

    private static string StripIndex(string seg) => seg.Contains('[') ? seg[..seg.IndexOf('[')] : seg;

    private static void AddSampleKeys(List<CompletionEntry> result, JToken? sample, TextSpan replace, IEnumerable<string>? exclude)
    {
        if (TemplateResolver.AutoParse(sample) is not JObject obj) return;
        var skip = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
        foreach (var p in obj.Properties())
        {
            if (skip.Contains(p.Name)) continue;
            // A key with a space or a dot cannot be written in a ${...} path; it is left out rather than offered broken.
            if (!PathKey().IsMatch(p.Name)) continue;
            result.Add(new CompletionEntry(p.Name, CompletionKind.Field, $"sample: {PflowTypes.PythonTypeOf(p.Value)}",
                JsonMarkdown.Block(p.Value, SampleLimit), p.Name, replace, "1" + p.Name));
        }
    }

    // ── hover ──

    public override HoverResult? Hover(int offset, CancellationToken ct)
    {
        var use = Templates.At(offset);
        if (use is null) return HoverInputName(offset);
        var t = use.Ref;
        var sb = new StringBuilder();
        sb.Append("`").Append(t.Text).Append("`\n\n");
        var first = t.Segments[0];
        if (Workflow.FindStep(first.Name) is { } node && !first.HasIndex)
        {
            sb.Append($"Output of step **{node.Id}** (`{node.Type ?? "no type"}`{(node.Batch is not null ? ", batched" : "")})");
            if (t.Segments.Count > 1 && global::CodeNodeLsp.Dialects.Pflow.CodeSteps.DeclaredField(node, t) is { } field)
                sb.Append($" — declared type `{field.Type}`");
            else if (t.Segments.Count > 1 && WorkflowChecks.OutputsOf(node)?.FirstOrDefault(o => o.Key == t.Segments[1].Name).Value is { } output)
                sb.Append($" — `{t.Segments[1].Name}` has declared type `{output.Type}`; the path below it is not declared");
            sb.Append("\n\n");
            if (node.Description is { } d) sb.Append(d).Append("\n\n");
        }
        else if (Workflow.FindInput(first.Name) is { } input)
        {
            sb.Append($"Workflow input **{input.Id}**");
            if (input.DeclaredType is { } ty) sb.Append($" — type `{ty}`");
            sb.Append(input.Required ? ", required" : ", optional");
            sb.Append("\n\n");
            if (input.Description is { } d) sb.Append(d).Append("\n\n");
        }
        if (TemplateResolver.TryResolve(t, Samples.Context, out var value))
        {
            var v = use.IsSimple ? TemplateResolver.AutoParse(value) : value ?? JValue.CreateNull();
            sb.Append($"Sample value ({PflowTypes.PythonTypeOf(v)}):\n").Append(JsonMarkdown.Block(v, SampleLimit)).Append('\n');
        }
        else sb.Append($"No sample value (add one under `workflows.{Samples.Key}` in `.codenode/samples.json`).\n");
        return new HoverResult(sb.ToString(), t.Span);
    }

    // ── definition ──

    public override IReadOnlyList<DefinitionTarget> Definition(int offset, CancellationToken ct)
    {
        // A routing target (- next:, - on-error:, or the literal of a code step's next) goes to its step.
        if (Routing is not null)
        {
            foreach (var t in Routing.Targets)
                if (t.Span.ContainsInclusive(offset) && Workflow.FindStep(t.Target) is { } target) return [new DefinitionTarget(null, target.IdSpan)];
        }
        var use = Templates.At(offset);
        if (use is null) return [];
        string name = use.Ref.Segments[0].Name;
        if (Workflow.FindStep(name) is { } step) return [new DefinitionTarget(null, step.IdSpan)];
        if (Workflow.FindInput(name) is { } input) return [new DefinitionTarget(null, input.IdSpan)];
        return [];
    }

    // ── symbols ──

    public override IReadOnlyList<SymbolEntry> Symbols(CancellationToken ct)
    {
        var result = new List<SymbolEntry>();
        foreach (var (section, span) in Workflow.SectionHeadings)
        {
            IEnumerable<WorkflowEntity> entities = section switch
            {
                WorkflowSection.Inputs => Workflow.Inputs,
                WorkflowSection.Steps => Workflow.Steps,
                WorkflowSection.Outputs => Workflow.Outputs,
                _ => [],
            };
            var children = entities
                .Where(e => e.HeadingSpan.Start > span.Start && !Workflow.SectionHeadings.Any(h => h.Span.Start > span.Start && h.Span.Start < e.HeadingSpan.Start))
                .Select(e => new SymbolEntry(e.Id, KindOf(e), e.Span.IsEmpty ? e.HeadingSpan : e.Span, e.IdSpan, RoutedDetail(e)))
                .ToList();
            int end = children.Count > 0 ? children.Max(c => c.Span.End) : span.End;
            result.Add(new SymbolEntry(section.ToString(), SymbolKind.Namespace, TextSpan.FromBounds(span.Start, Math.Max(span.End, end)), span, null, children));
        }
        return result;
    }

    private static SymbolKind KindOf(WorkflowEntity e) => e switch
    {
        WorkflowInput => SymbolKind.Variable,
        WorkflowStep => SymbolKind.Function,
        _ => SymbolKind.Property,
    };

    /// <summary>A step's detail with where it routes in current pflow (<c>code → high, low · on-error → recover</c>).</summary>
    private string? RoutedDetail(WorkflowEntity e)
    {
        string? detail = DetailOf(e);
        if (Routing is null || e is not WorkflowStep step) return detail;
        var parts = new List<string>();
        var edges = Routing.Edges.Where(x => x.From == step.Id).ToList();
        var forward = edges.Where(x => x.Action != "error").Select(x => x.To).Distinct(StringComparer.Ordinal).ToList();
        if (WorkflowRouting.NextValue(step) is { } nv && WorkflowRouting.ParseTargets(nv).Contains(WorkflowRouting.End)) forward.Add(WorkflowRouting.End);
        if (forward.Count > 0) parts.Add("→ " + string.Join(", ", forward));
        foreach (var x in edges.Where(x => x.Action == "error")) parts.Add("on-error → " + x.To);
        return parts.Count == 0 ? detail : $"{detail} {string.Join(" · ", parts)}".Trim();
    }

    private static string? DetailOf(WorkflowEntity e) => e switch
    {
        WorkflowInput i => i.DeclaredType,
        WorkflowStep s => s.Type,
        WorkflowOutput o => o.SourceTemplate,
        _ => null,
    };

    // ── code lenses ──

    public override IReadOnlyList<CodeLensEntry> CodeLenses(CancellationToken ct)
    {
        var result = new List<CodeLensEntry>();
        foreach (var step in Workflow.Steps)
        {
            if (!step.IsCode) continue;
            var span = step.CodeBlock?.FenceSpan ?? step.HeadingSpan;
            result.Add(new CodeLensEntry(span, "▶ Run step", "codenode.run",
                [new Dictionary<string, object?> { ["path"] = Request.Path, ["node"] = step.Id }]));
        }
        return result;
    }
}
