// Finds every template of a workflow (step params, batch items, output sources) with where it sits and how.
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>One template where it is written: which entity and parameter, and whether the string is only it.</summary>
public sealed class TemplateUse
{
    public required TemplateRef Ref { get; init; }
    public required WorkflowEntity Owner { get; init; }
    /// <summary>The top-level parameter (<c>inputs</c>, <c>prompt</c>, <c>batch.items</c>, <c>source</c>).</summary>
    public required string Param { get; init; }
    /// <summary>The path inside the parameter (<c>inputs.users</c>).</summary>
    public required string ParamPath { get; init; }
    /// <summary>The parameter's value is this string itself (pflow's data-flow check only looks at these).</summary>
    public bool TopLevelString { get; init; }
    /// <summary>The whole string is this one template: its value keeps its type.</summary>
    public bool IsSimple { get; init; }
    /// <summary>Written inside a step's Python <c>code</c> block.</summary>
    public bool InCode { get; init; }
    /// <summary>For a code step's <c>inputs</c> entry: the key it feeds (<c>users</c>).</summary>
    public string? InputKey { get; init; }
}

/// <summary>A string that holds a '${' which does not start a valid template.</summary>
public sealed record MalformedUse(WorkflowEntity Owner, string ParamPath, TextSpan Span, int DollarBraces, int Valid);

public sealed class WorkflowTemplates
{
    public List<TemplateUse> Uses { get; } = [];
    public List<MalformedUse> Malformed { get; } = [];
    /// <summary>Read with current pflow's grammar (see <see cref="Collect"/>).</summary>
    public bool Current { get; private init; }

    /// <summary>The innermost template whose span contains the offset (a nested index template wins).</summary>
    public TemplateUse? At(int offset)
    {
        TemplateUse? best = null;
        foreach (var u in Uses)
            if (u.Ref.Span.ContainsInclusive(offset) && (best is null || u.Ref.Span.Length < best.Ref.Span.Length)) best = u;
        return best;
    }

    /// <summary>
    /// Every template of the workflow. <paramref name="current"/> reads them with current pflow's grammar (<c>??</c>
    /// expressions, <c>$${...}</c> escapes as text); otherwise with 0.8's.
    /// </summary>
    public static WorkflowTemplates Collect(PflowWorkflow wf, bool current = false)
    {
        var result = new WorkflowTemplates { Current = current };
        string text = wf.Text.Text;
        foreach (var step in wf.Steps)
        {
            foreach (var prop in step.Params.Properties())
            {
                bool inCode = step.IsCode && prop.Name == "code";
                Walk(result, text, step, prop.Name, prop.Name, prop.Value, topLevel: true, inCode, inputKey: null);
            }
            if (step.Batch is JObject batch && batch["items"] is { } items)
                Walk(result, text, step, "batch.items", "batch.items", items, topLevel: true, inCode: false, inputKey: null);
        }
        foreach (var output in wf.Outputs)
            if (output.Params["source"] is { } src) Walk(result, text, output, "source", "source", src, topLevel: true, inCode: false, inputKey: null);
        return result;
    }

    private static void Walk(WorkflowTemplates result, string text, WorkflowEntity owner, string param, string path, JToken value,
        bool topLevel, bool inCode, string? inputKey)
    {
        switch (value)
        {
            case JValue { Type: JTokenType.String } s:
            {
                string str = (string)s!;
                if (!str.Contains("${", StringComparison.Ordinal)) return;
                var span = PyYaml.SpanOf(s)?.Span;
                if (span is null) return;
                var found = new List<TemplateRef>();
                var bad = new List<MalformedTemplate>();
                bool simpleOne;
                if (result.Current)
                {
                    TemplateScanner.ScanCurrent(text, span.Value, found, bad);
                    simpleOne = TemplateScanner.AsSimpleExpression(str) is { IsCoalesce: false, Operands: [{ Ref: not null }] } && found.Count == 1;
                }
                else
                {
                    TemplateScanner.Scan(text, span.Value, found, bad);
                    simpleOne = TemplateScanner.AsSimple(str) is not null && found.Count == 1;
                }
                foreach (var t in found) AddWithNested(result, t, owner, param, path, topLevel, simpleOne, inCode, inputKey);
                if (bad.Count > 0)
                {
                    int count = 0;
                    for (int i = str.IndexOf("${", StringComparison.Ordinal); i >= 0; i = str.IndexOf("${", i + 2, StringComparison.Ordinal)) count++;
                    result.Malformed.Add(new MalformedUse(owner, path, bad[0].Span, count, found.Count));
                }
                return;
            }
            case JObject o:
                foreach (var p in o.Properties())
                    Walk(result, text, owner, param, $"{path}.{p.Name}", p.Value, false, inCode,
                        inputKey ?? (param == "inputs" && path == "inputs" && owner is WorkflowStep { IsCode: true } ? p.Name : null));
                return;
            case JArray a:
                for (int i = 0; i < a.Count; i++) Walk(result, text, owner, param, $"{path}[{i}]", a[i], false, inCode, inputKey);
                return;
        }
    }

    private static void AddWithNested(WorkflowTemplates result, TemplateRef t, WorkflowEntity owner, string param, string path,
        bool topLevel, bool simple, bool inCode, string? inputKey)
    {
        result.Uses.Add(new TemplateUse
        {
            Ref = t, Owner = owner, Param = param, ParamPath = path, TopLevelString = topLevel, IsSimple = simple, InCode = inCode, InputKey = inputKey,
        });
        foreach (var seg in t.Segments)
            if (seg.NestedIndex is { } nested) AddWithNested(result, nested, owner, param, path, topLevel, false, inCode, inputKey);
    }
}
