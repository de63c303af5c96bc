// pflow's routing (current pflow, not 0.8): `- next:`, `- on-error:`, `next = "..."` in code, the edges they make and pflow's parse-time checks.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Syntax.Python;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

public enum RoutingKind { DocumentOrder, Next, OnError, Code }

/// <summary>
/// One edge of the workflow graph as pflow's Markdown parser builds it (<c>_build_edges</c>): <see cref="Action"/>
/// is null for a document-order edge, <c>default</c> for a single <c>- next:</c> target, the target's id for each
/// target of a list or a literal <c>next = "id"</c> in the code, and <c>error</c> for <c>- on-error:</c>.
/// <see cref="Span"/> is where the target is written (the next step's heading for a document-order edge).
/// </summary>
public sealed record RoutingEdge(string From, string To, string? Action, TextSpan Span, RoutingKind Kind);

/// <summary>Where a step's routing is written: each target of <c>- next:</c> / <c>- on-error:</c> with its span.</summary>
public sealed record RoutingTarget(WorkflowStep Step, string Target, TextSpan Span, RoutingKind Kind);

/// <summary>
/// The routing of a workflow in current pflow (spinje/pflow PR #96, #201, #312; the parser at 9b6382ed). In pflow
/// 0.8 steps only run in document order and <c>next</c> / <c>on-error</c> are ordinary (unknown) parameters, so
/// <see cref="Build"/> is only called for current pflow. Messages are pflow's parse errors (MarkdownParseError),
/// rendered as the reader renders the others: message, a blank line, the suggestion.
/// </summary>
public sealed class WorkflowRouting
{
    public const string End = "end";

    public required IReadOnlyList<RoutingEdge> Edges { get; init; }
    /// <summary>Every target written in <c>- next:</c> / <c>- on-error:</c> or as a code <c>next</c> literal (<c>end</c> included), for definition.</summary>
    public required IReadOnlyList<RoutingTarget> Targets { get; init; }
    /// <summary>Steps whose code assigns <c>next</c> a value that is not a string literal, with the assignment's span.</summary>
    public required IReadOnlyDictionary<string, TextSpan> DynamicNext { get; init; }

    /// <summary>A step's routing as written: <c>next</c> / <c>on-error</c> parameter values (current pflow lifts them out of params).</summary>
    public static string? NextValue(WorkflowStep step) => step.Params["next"] is { } v && v.Type != JTokenType.Null ? ValueText(v) : null;
    public static string? OnErrorValue(WorkflowStep step) => step.Params["on-error"] is { } v && v.Type != JTokenType.Null ? ValueText(v) : null;

    private static string ValueText(JToken v) => v is JValue { Type: JTokenType.String } s ? (string)s! : TemplateResolver.ToText(v);

    /// <summary>pflow's <c>_parse_next_targets</c>: one id, or a comma-separated list; blanks dropped.</summary>
    public static List<string> ParseTargets(string value) =>
        value.Contains(',') ? value.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0).ToList() : [value.Trim()];

    /// <summary>Builds the edges. <paramref name="codeSteps"/> supply the parsed code for the <c>next = "..."</c> literals.</summary>
    public static WorkflowRouting Build(PflowWorkflow wf, IReadOnlyList<CodeStepInfo> codeSteps)
    {
        var edges = new List<RoutingEdge>();
        var targets = new List<RoutingTarget>();
        var dynamic = new Dictionary<string, TextSpan>(StringComparer.Ordinal);
        var code = codeSteps.ToDictionary(c => c.Step, c => c);
        for (int i = 0; i < wf.Steps.Count; i++)
        {
            var step = wf.Steps[i];
            var nextTargets = WrittenTargets(wf, step, "next", RoutingKind.Next);
            var errorTargets = WrittenTargets(wf, step, "on-error", RoutingKind.OnError);
            targets.AddRange(nextTargets);
            targets.AddRange(errorTargets);
            if (NextValue(step) is not null)
            {
                var real = nextTargets.Where(t => t.Target != End).ToList();
                if (real.Count == 1) edges.Add(new RoutingEdge(step.Id, real[0].Target, "default", real[0].Span, RoutingKind.Next));
                else if (real.Count > 1)
                {
                    foreach (var t in real) edges.Add(new RoutingEdge(step.Id, t.Target, t.Target, t.Span, RoutingKind.Next));
                    edges.Add(new RoutingEdge(step.Id, real[0].Target, "default", real[0].Span, RoutingKind.Next));
                }
            }
            else if (i < wf.Steps.Count - 1)
            {
                edges.Add(new RoutingEdge(step.Id, wf.Steps[i + 1].Id, null, wf.Steps[i + 1].IdSpan, RoutingKind.DocumentOrder));
            }
            // pflow takes the whole on-error value as one target (no list).
            if (OnErrorValue(step) is { Length: > 0 } onError && errorTargets.Count > 0)
                edges.Add(new RoutingEdge(step.Id, onError, "error", errorTargets[0].Span, RoutingKind.OnError));
            if (code.TryGetValue(step, out var info) && info.Parse is { Errors.Count: 0 } parse)
            {
                var existing = edges.Where(e => e.From == step.Id).Select(e => e.Action).ToHashSet();
                foreach (var (target, span, isLiteral) in CodeNextAssignments(parse.Module, step))
                {
                    if (!isLiteral) { dynamic.TryAdd(step.Id, span); continue; }
                    targets.Add(new RoutingTarget(step, target, span, RoutingKind.Code));
                    if (target == End || existing.Contains(target)) continue;
                    existing.Add(target);
                    edges.Add(new RoutingEdge(step.Id, target, target, span, RoutingKind.Code));
                }
            }
        }
        return new WorkflowRouting { Edges = edges, Targets = targets, DynamicNext = dynamic };
    }

    /// <summary>
    /// The targets of a <c>- next:</c> or <c>- on-error:</c> bullet with their spans in the .md file. A span is found by
    /// looking for the target's text in the value as written; when it cannot be found the whole value is used.
    /// </summary>
    private static List<RoutingTarget> WrittenTargets(PflowWorkflow wf, WorkflowStep step, string key, RoutingKind kind)
    {
        string? value = key == "next" ? NextValue(step) : OnErrorValue(step);
        var list = new List<RoutingTarget>();
        if (value is null || !step.Sources.TryGetValue(key, out var src)) return list;
        string text = wf.Text.Text;
        var valueSpan = src.ValueSpan;
        var names = kind == RoutingKind.OnError ? [value.Trim()] : ParseTargets(value);
        int from = valueSpan.Start;
        foreach (var name in names)
        {
            if (name.Length == 0) continue;
            int at = from <= valueSpan.End ? text.IndexOf(name, from, Math.Max(0, valueSpan.End - from), StringComparison.Ordinal) : -1;
            var span = at >= 0 ? new TextSpan(at, name.Length) : valueSpan;
            if (at >= 0) from = at + name.Length;
            list.Add(new RoutingTarget(step, name, span, kind));
        }
        return list;
    }

    /// <summary>
    /// pflow's <c>_extract_next_targets_from_code</c>: every <c>next: T = value</c> and <c>next = value</c> anywhere
    /// in the code (ast.walk), a string literal giving a target and anything else making the routing dynamic.
    /// </summary>
    private static List<(string Target, TextSpan Span, bool IsLiteral)> CodeNextAssignments(Module module, WorkflowStep step)
    {
        var found = new List<(string, TextSpan, bool)>();
        var map = CodeSpanMap(step);
        foreach (var n in module.DescendantsAndSelf())
        {
            Expr? value = n switch
            {
                AnnAssign { Target: Name { Id: "next" }, Value: { } v } => v,
                Assign { Targets: [Name { Id: "next" }] } a => a.Value,
                _ => null,
            };
            if (value is null) continue;
            if (value is StringLiteral { IsBytes: false, IsFString: false } s) found.Add((s.Value, map(s.Span), true));
            else found.Add(("", map(n.Span), false));
        }
        found.Sort((x, y) => x.Item2.Start.CompareTo(y.Item2.Start));
        return found;
    }

    /// <summary>Moves a span of the parsed code to the .md file (a fenced block), or onto the inline value.</summary>
    public static Func<TextSpan, TextSpan> CodeSpanMap(WorkflowStep step)
    {
        if (step.CodeBlock is { } block)
        {
            int at = block.ContentSpan.Start;
            return s => s.Shift(at);
        }
        var valueSpan = step.ValueSpanOf("code");
        return _ => valueSpan;
    }

    /// <summary>
    /// The step that runs after <paramref name="stepId"/> returned <paramref name="action"/>, as pflow's engine picks it:
    /// <c>end</c> for the keyword and for a success with no forward path (only error edges, PR #211), null when no
    /// edge matches (pflow then fails with "returned action ... but no successor edge matches").
    /// </summary>
    public string? NextStepAfter(string stepId, string action)
    {
        if (action == End) return End;
        var from = Edges.Where(e => e.From == stepId).ToList();
        foreach (var e in from) if (e.Action == action) return e.To;
        if (action == "default")
        {
            foreach (var e in from) if (e.Action is null) return e.To;
            if (from.All(e => e.Action == "error")) return End;
        }
        return null;
    }

    /// <summary>The actions a step has edges for (pflow lists them when an action matches none).</summary>
    public IReadOnlyList<string> ActionsOf(string stepId) =>
        Edges.Where(e => e.From == stepId).Select(e => e.Action ?? "default").Distinct(StringComparer.Ordinal).ToList();

    // ── pflow's parse-time checks ──

    /// <summary>Reports pflow's routing parse errors (pflow stops at the first; each is reported here).</summary>
    public void Check(PflowWorkflow wf, List<Diagnostic> output)
    {
        var ids = wf.Steps.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        if (wf.FindStep(End) is { } endStep)
            output.Add(Diagnostic.Of(PflowRules.ReservedEndId, endStep.IdSpan,
                "'end' is a reserved keyword and cannot be used as a node ID\n\nRename the node to something else (e.g., 'finish', 'done')",
                new Fix("Rename the step to 'finish'", [new TextEdit(endStep.IdSpan, "finish")])));
        var sortedIds = ids.Order(StringComparer.Ordinal).ToList();
        var reported = new HashSet<(string, string, int)>();
        foreach (var edge in Edges)
        {
            if (ids.Contains(edge.To) || !reported.Add((edge.From, edge.To, edge.Span.Start))) continue;
            var similar = Similarity.CloseMatches(edge.To, sortedIds, 5, 0.4);
            string suggestion = similar.Count > 0 ? $"Did you mean: {string.Join(", ", similar)}?" : $"Available nodes: {string.Join(", ", sortedIds)}";
            var fixes = similar.Select((s, i) => new Fix($"Change the target to '{s}'", [new TextEdit(edge.Span, s)], IsPreferred: i == 0)).ToArray();
            // The literal of a code `next` is a Python string: replace what is inside its quotes only.
            if (edge.Kind == RoutingKind.Code) fixes = similar.Select((s, i) => new Fix($"Change the target to '{s}'", [new TextEdit(InsideQuotes(wf.Text.Text, edge.Span), s)], IsPreferred: i == 0)).ToArray();
            output.Add(Diagnostic.Of(PflowRules.UnknownRoutingTarget, edge.Span, $"Node '{edge.From}' references unknown target '{edge.To}'. {suggestion}", fixes));
        }

        var routers = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var routerActions = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var edge in Edges)
        {
            if (edge.Action is null or "default" || !ids.Contains(edge.To)) continue;
            if (!routers.TryGetValue(edge.To, out var set)) routers[edge.To] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(edge.From);
            if (!routerActions.TryGetValue(edge.To, out var byRouter)) routerActions[edge.To] = byRouter = new(StringComparer.Ordinal);
            if (!byRouter.TryGetValue(edge.From, out var actions)) byRouter[edge.From] = actions = [];
            actions.Add(edge.Action);
        }

        foreach (var (stepId, span) in DynamicNext.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var step = wf.FindStep(stepId)!;
            if (NextValue(step) is not null) continue;
            output.Add(Diagnostic.Of(PflowRules.DynamicNextUndeclared, span,
                $"Node '{stepId}' uses dynamic routing (next = <expression>) but has no '- next:' declaration. Routing targets must be declared so pflow can create the edges that PocketFlow needs to follow at runtime.\n\n" +
                $"Fix: Add '- next:' listing all possible routing targets:\n\n    ### {stepId}\n    - type: code\n    - next: target-a, target-b\n\nWithout '- next:', the flow will silently stop when code sets next at runtime."));
        }
        if (routers.Count == 0) return;

        var docOrder = Edges.Where(e => e.Action is null).ToDictionary(e => e.From, e => e.To, StringComparer.Ordinal);
        foreach (var (targetId, set) in routers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var target = wf.FindStep(targetId)!;
            if (NextValue(target) is not null) continue;
            string routerList = RouterList(set, routerActions[targetId]);
            docOrder.TryGetValue(targetId, out var successor);
            string? suggest = successor is not null && !routers.ContainsKey(successor) ? successor : null;
            string context = successor is not null
                ? $"Without it, execution would fall through to '{successor}' via document order — pflow rejects this to prevent silent routing bugs."
                : "Branch targets must declare their exit explicitly to prevent silent routing bugs.";
            string fixBody = suggest is not null
                ? $"Fix — add '- next:' to '### {targetId}'. Either continue to the next step:\n\n    - next: {suggest}\n\nOr terminate the branch:\n\n    - next: end"
                : $"Fix — add an explicit terminator to '### {targetId}':\n\n    - next: end";
            var fixes = new List<Fix>();
            if (suggest is not null) fixes.Add(AddNextFix(wf, target, suggest, preferred: false));
            fixes.Add(AddNextFix(wf, target, End, preferred: suggest is null));
            output.Add(Diagnostic.Of(PflowRules.BranchTargetWithoutNext, target.IdSpan,
                $"Node '{targetId}' is a routing target of {routerList} but has no '- next:' directive. {context}\n\n{fixBody}", fixes.ToArray()));
        }

        foreach (var edge in Edges)
        {
            if (edge.Action is not null || !routers.TryGetValue(edge.To, out var set) || set.Contains(edge.From)) continue;
            var source = wf.FindStep(edge.From)!;
            string routerList = RouterList(set, routerActions[edge.To]);
            string? convergence = Convergence(routers, edge.From);
            string fixBody = convergence is not null
                ? $"Fix — add '- next:' to '### {edge.From}'. Either continue past the branch section to the convergence point (inferred: '{convergence}' is where other branch targets route):\n\n    - next: {convergence}\n\nOr terminate the flow:\n\n    - next: end"
                : $"Fix — add an explicit '- next:' to '### {edge.From}':\n\n    - next: end";
            var fixes = new List<Fix>();
            if (convergence is not null) fixes.Add(AddNextFix(wf, source, convergence, preferred: true));
            fixes.Add(AddNextFix(wf, source, End, preferred: convergence is null));
            output.Add(Diagnostic.Of(PflowRules.FallthroughIntoBranchTarget, source.IdSpan,
                $"Node '{edge.From}' flows into '{edge.To}' via document order, but '{edge.To}' is a routing target of {routerList}. Main flow nodes must not silently fall through into branch targets.\n\n{fixBody}",
                fixes.ToArray()));
        }
    }

    /// <summary>pflow's <c>_format_router_list</c>: sorted, <c>(on-error)</c> when all of a router's actions are errors.</summary>
    private static string RouterList(SortedSet<string> routers, Dictionary<string, List<string>> actions) =>
        string.Join(", ", routers.Select(r => actions.TryGetValue(r, out var a) && a.Count > 0 && a.All(x => x == "error") ? $"'{r}' (on-error)" : $"'{r}'"));

    /// <summary>pflow's <c>_infer_convergence_candidate</c>: the node at least two branch targets route into.</summary>
    private string? Convergence(Dictionary<string, SortedSet<string>> routers, string source)
    {
        var votes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var e in Edges)
        {
            if (e.Action != "default" || !routers.ContainsKey(e.From)) continue;
            if (!votes.TryGetValue(e.To, out var v)) votes[e.To] = v = new HashSet<string>(StringComparer.Ordinal);
            v.Add(e.From);
        }
        return votes.Where(kv => !routers.ContainsKey(kv.Key) && kv.Key != source && kv.Value.Count >= 2)
            .OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key).FirstOrDefault();
    }

    /// <summary>A fix that writes <c>- next: target</c> below the step's <c>- type:</c> line (or its heading).</summary>
    private static Fix AddNextFix(PflowWorkflow wf, WorkflowStep step, string target, bool preferred)
    {
        var anchor = step.TypeSpan ?? step.IdSpan;
        int at = wf.Text.LineEnd(wf.Text.LineOf(anchor.End));
        string text = step.TypeSpan is null ? $"\n\n- next: {target}" : $"\n- next: {target}";
        return new Fix($"Add '- next: {target}'", [new TextEdit(new TextSpan(at, 0), text)], IsPreferred: preferred);
    }

    private static TextSpan InsideQuotes(string text, TextSpan literal)
    {
        if (literal.Length >= 2 && literal.End <= text.Length && text[literal.Start] is '"' or '\'' && text[literal.End - 1] == text[literal.Start])
            return TextSpan.FromBounds(literal.Start + 1, literal.End - 1);
        return literal;
    }
}
