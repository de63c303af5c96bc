// The model of a .pflow.md workflow as pflow reads it: inputs, steps and outputs with parameters and positions.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

public enum WorkflowSection { None, Inputs, Steps, Outputs, Unknown }

/// <summary>
/// A fenced block inside an entity. The last word of the info string is the parameter it gives
/// (<c>```python code</c> gives <c>code</c>); a first word <c>yaml</c> (with a parameter after it) makes it YAML.
/// </summary>
public sealed class CodeBlock
{
    public required string Tag { get; init; }
    public required string ParamName { get; init; }
    /// <summary>The first word of the info string (an editor language hint), lower-cased; empty when untagged.</summary>
    public required string Language { get; init; }
    /// <summary>The opening fence line.</summary>
    public required TextSpan FenceSpan { get; init; }
    /// <summary>The block's content lines, from the start of the first to the end of the last (no final line break).</summary>
    public required TextSpan ContentSpan { get; init; }
    /// <summary>The closing fence line; null when the block is never closed.</summary>
    public TextSpan? CloseSpan { get; init; }
    /// <summary>1-based line of the opening fence, as pflow counts lines in its messages.</summary>
    public required int FenceLine { get; init; }
    public required string Content { get; init; }
    public bool IsYaml => Language == "yaml" && Tag.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > 1;
    public bool IsPython => Language == "python" || ParamName == "code";
}

/// <summary>Where a parameter's value is written: a <c>- key: value</c> bullet or a fenced block.</summary>
public sealed record ParamSource(string Name, TextSpan KeySpan, TextSpan ValueSpan, CodeBlock? Block)
{
    public bool IsBlock => Block is not null;
}

/// <summary>An H3 entity (<c>### id</c>) of any section: its prose, parameters and blocks.</summary>
public abstract class WorkflowEntity
{
    public required string Id { get; init; }
    public required WorkflowSection Section { get; init; }
    /// <summary>The whole heading line.</summary>
    public required TextSpan HeadingSpan { get; init; }
    /// <summary>The id's characters in the heading.</summary>
    public required TextSpan IdSpan { get; init; }
    /// <summary>From the heading to just before the next heading (or the end of the text).</summary>
    public TextSpan Span { get; internal set; }
    /// <summary>1-based heading line, as pflow counts lines.</summary>
    public required int HeadingLine { get; init; }
    public string? Description { get; internal set; }
    /// <summary>Every parameter, inline ones (YAML-typed) and blocks; for a step <c>type</c> and <c>batch</c> are lifted out.</summary>
    public JObject Params { get; } = new();
    public Dictionary<string, ParamSource> Sources { get; } = new(StringComparer.Ordinal);
    public List<CodeBlock> Blocks { get; } = [];
    /// <summary>False when the bullets did not parse (YAML error), so missing parameters are not reported.</summary>
    public bool ParamsParsed { get; internal set; } = true;

    /// <summary>The span to point at for a parameter (its value), or the heading's id when it is absent.</summary>
    public TextSpan ValueSpanOf(string name) => Sources.TryGetValue(name, out var s) ? s.ValueSpan : IdSpan;
}

public sealed class WorkflowInput : WorkflowEntity
{
    /// <summary>The declared <c>- type:</c> as written (string, number, object, ... or an alias), null when absent.</summary>
    public string? DeclaredType => Params["type"] is JValue { Type: JTokenType.String } v ? (string?)v : null;
    /// <summary><c>required</c> defaults to true in pflow.</summary>
    public bool Required => Params["required"] is not JValue { Type: JTokenType.Boolean } b || (bool)b;
    public JToken? Default => Params["default"];
}

public sealed class WorkflowStep : WorkflowEntity
{
    /// <summary>Position in document order (0-based): the order pflow runs steps in.</summary>
    public required int Index { get; init; }
    public string? Type { get; internal set; }
    public TextSpan? TypeSpan { get; internal set; }
    /// <summary>The step's <c>batch</c> configuration (a mapping), lifted out of params as pflow does.</summary>
    public JToken? Batch { get; internal set; }
    public TextSpan? BatchSpan { get; internal set; }
    public bool IsCode => Type == "code";
    /// <summary>The block that gives <c>code</c>, when the code is written as a fenced block.</summary>
    public CodeBlock? CodeBlock => Sources.TryGetValue("code", out var s) ? s.Block : null;
    /// <summary>The name the batch item is bound to (<c>as</c>, default <c>item</c>), or null when not batched.</summary>
    public string? BatchAlias => Batch is JObject b ? (b["as"] is JValue { Type: JTokenType.String } a ? (string?)a : "item") : null;
}

public sealed class WorkflowOutput : WorkflowEntity
{
    public string? SourceTemplate => Params["source"] is JValue { Type: JTokenType.String } v ? (string?)v : null;
}

/// <summary>
/// A whole workflow: what pflow's Markdown parser builds, plus every position in the .md file and the structure
/// errors found on the way (pflow stops at the first; this reader records each and carries on).
/// </summary>
public sealed class PflowWorkflow
{
    public required SourceText Text { get; init; }
    public JObject? Frontmatter { get; internal set; }
    public string? Title { get; internal set; }
    public List<WorkflowInput> Inputs { get; } = [];
    public List<WorkflowStep> Steps { get; } = [];
    public List<WorkflowOutput> Outputs { get; } = [];
    /// <summary>Structure errors and warnings with pflow's texts.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];
    /// <summary>Section headings (<c>## Steps</c>...) with their spans, for document symbols.</summary>
    public List<(WorkflowSection Section, TextSpan Span)> SectionHeadings { get; } = [];

    private Dictionary<string, WorkflowStep>? _stepsById;
    private Dictionary<string, WorkflowInput>? _inputsById;

    public WorkflowStep? FindStep(string id)
    {
        _stepsById ??= BuildIndex(Steps);
        return _stepsById.TryGetValue(id, out var s) ? s : null;
    }

    public WorkflowInput? FindInput(string id)
    {
        _inputsById ??= BuildIndex(Inputs);
        return _inputsById.TryGetValue(id, out var s) ? s : null;
    }

    /// <summary>Entities of every section, in document order.</summary>
    public IEnumerable<WorkflowEntity> Entities =>
        Inputs.Cast<WorkflowEntity>().Concat(Steps).Concat(Outputs).OrderBy(e => e.HeadingSpan.Start);

    /// <summary>The entity whose range contains the offset, if any.</summary>
    public WorkflowEntity? EntityAt(int offset)
    {
        foreach (var e in Entities) if (e.Span.ContainsInclusive(offset)) return e;
        return null;
    }

    private static Dictionary<string, T> BuildIndex<T>(List<T> list) where T : WorkflowEntity
    {
        var d = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var e in list) d.TryAdd(e.Id, e);
        return d;
    }
}
