// pflow editor features on parts of templates and on input names in code: semantic tokens, inlay hints, hover.
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

public sealed partial class PflowAnalysis
{
    // ── semantic tokens ──

    /// <summary>
    /// Each template as <c>${</c>, its source (step, workflow input or batch item), the keys of its path, <c>}</c>.
    /// A source that names nothing is unresolved, and so is a key the analysis flags (PF101, PF104 on it).
    /// </summary>
    public override IReadOnlyList<SemanticToken> SemanticTokens(CancellationToken ct)
    {
        var tokens = new List<SemanticToken>();
        foreach (var use in Templates.Uses)
        {
            var t = use.Ref;
            if (t.IsEscaped || t.Segments.Count == 0) continue;
            tokens.Add(new SemanticToken(new TextSpan(t.Span.Start, 2), TokenType.Delimiter));
            var first = t.Segments[0];
            bool batchItem = use.Owner is WorkflowStep { BatchAlias: { } alias } && (first.Name == alias || first.Name == "__index__");
            var (type, known) = Workflow.FindStep(first.Name) is not null ? (TokenType.Namespace, true)
                : Workflow.FindInput(first.Name) is not null ? (TokenType.Parameter, true)
                : batchItem ? (TokenType.Variable, true)
                : (TokenType.Namespace, false);
            tokens.Add(new SemanticToken(first.NameSpan, type, known && !Flagged(first.NameSpan) ? TokenModifiers.None : TokenModifiers.Unresolved));
            for (int i = 1; i < t.Segments.Count; i++)
            {
                var seg = t.Segments[i];
                tokens.Add(new SemanticToken(seg.NameSpan, TokenType.Property, known && !Flagged(seg.NameSpan) ? TokenModifiers.None : TokenModifiers.Unresolved));
            }
            if (t.Span.Length >= 3 && Workflow.Text.Text[t.Span.End - 1] == '}')
                tokens.Add(new SemanticToken(new TextSpan(t.Span.End - 1, 1), TokenType.Delimiter));
        }
        tokens.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return tokens;
    }

    /// <summary>True when a "names nothing" diagnostic (PF101 no source, PF104 no such output) lies on the span.</summary>
    private bool Flagged(TextSpan span) => Diagnostics.Any(d => d.Code is "PF101" or "PF104" && d.Span.Overlaps(span));

    // ── names in code ──

    /// <summary>The code step whose code block holds the offset, and the input name the offset is on, if any.</summary>
    private (CodeStepInfo Info, string Name, TextSpan Span)? InputNameAt(int offset)
    {
        foreach (var info in CodeSteps)
        {
            if (info.Step.CodeBlock is not { } block || !block.ContentSpan.ContainsInclusive(offset)) continue;
            string text = Workflow.Text.Text;
            int start = offset, end = offset;
            while (start > block.ContentSpan.Start && IsNameChar(text[start - 1])) start--;
            while (end < block.ContentSpan.End && IsNameChar(text[end])) end++;
            if (end == start) return null;
            string name = text[start..end];
            if (!info.Inputs.ContainsKey(name) || (start > 0 && text[start - 1] == '.')) return null;
            return (info, name, TextSpan.FromBounds(start, end));
        }
        return null;
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>The value an input of a code step gets: its template resolved on the samples, or its literal.</summary>
    private (JToken? Value, string? Template, bool Known) InputValue(CodeStepInfo info, string name)
    {
        var use = Templates.Uses.FirstOrDefault(u => ReferenceEquals(u.Owner, info.Step) && u.InputKey == name);
        if (use is not null)
        {
            if (TemplateResolver.TryResolve(use.Ref, Samples.Context, out var value))
                return (use.IsSimple ? TemplateResolver.AutoParse(value) : value, use.Ref.Text, true);
            return (null, use.Ref.Text, false);
        }
        var literal = info.Inputs[name];
        return literal is JValue { Type: JTokenType.String } s && s.Value<string>()!.Contains("${", StringComparison.Ordinal)
            ? (null, s.Value<string>(), false)
            : (literal, null, literal is not null);
    }

    /// <summary>Hover on an input's name in a code block: where its value comes from, its type and sample.</summary>
    private HoverResult? HoverInputName(int offset)
    {
        if (InputNameAt(offset) is not var (info, name, span)) return null;
        var (value, template, known) = InputValue(info, name);
        var sb = new StringBuilder();
        sb.Append($"**{name}** — input of code step **{info.Step.Id}**");
        if (template is not null) sb.Append($" ⟵ `{template}`");
        sb.Append("\n\n");
        if (info.Annotations.TryGetValue(name, out var annotation)) sb.Append($"Annotated `{annotation.Text}`");
        if (info.InputTypes.TryGetValue(name, out var type)) sb.Append($"{(info.Annotations.ContainsKey(name) ? "; receives" : "Receives")} `{string.Join(" | ", type.Types)}` ({type.Origin})");
        sb.Append("\n\n");
        if (known) sb.Append($"Sample value ({PflowTypes.PythonTypeOf(value ?? JValue.CreateNull())}):\n").Append(JsonMarkdown.Block(value ?? JValue.CreateNull(), SampleLimit)).Append('\n');
        else sb.Append($"No sample value (add one under `workflows.{Samples.Key}` in `.codenode/samples.json`).\n");
        return new HoverResult(sb.ToString(), span);
    }

    /// <summary>After each input's annotation in a code block: <c>⟵ sample</c> where a sample (or a literal) is known.</summary>
    public override IReadOnlyList<InlayHintEntry> InlayHints(CancellationToken ct)
    {
        var hints = new List<InlayHintEntry>();
        foreach (var info in CodeSteps)
        {
            if (info.Step.CodeBlock is not { } block) continue;
            foreach (var (name, annotation) in info.Annotations)
            {
                if (!info.Inputs.ContainsKey(name)) continue;
                var (value, template, known) = InputValue(info, name);
                if (!known) continue;
                int at = block.ContentSpan.Start + annotation.Node.Target.Span.End;
                hints.Add(new InlayHintEntry(at, "⟵ " + JsonMarkdown.Short(value), template is null ? "literal in the step's inputs" : $"sample of {template}"));
            }
        }
        hints.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return hints;
    }
}
