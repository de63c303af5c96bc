// The sample values of one workflow (.codenode/samples.json, section workflows.<relpath>) and what they resolve to.
using CodeNodeLsp.Analysis;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>
/// Samples for one workflow: <c>workflows.&lt;relpath&gt;.inputs.&lt;name&gt;</c> and
/// <c>workflows.&lt;relpath&gt;.steps.&lt;id&gt;</c> (an object of output key to value), where relpath is the
/// workflow's path relative to the workspace folder with forward slashes (docs/pflow.md).
/// </summary>
public sealed class WorkflowSamples
{
    public WorkflowSamples(AnalysisRequest request, PflowWorkflow workflow)
    {
        Key = KeyFor(request.Path, request.WorkspaceRoot);
        Samples = request.Samples;
        var inputs = new Dictionary<string, JToken?>(StringComparer.Ordinal);
        var steps = new Dictionary<string, JToken?>(StringComparer.Ordinal);
        foreach (var input in workflow.Inputs)
        {
            if (Input(input.Id) is { } v) inputs[input.Id] = v;
            else if (!input.Required && input.Default is { } d) inputs[input.Id] = d;
        }
        foreach (var step in workflow.Steps)
            if (StepOutputs(step.Id) is { } o) steps[step.Id] = o;
        Context = new TemplateContext { Inputs = inputs, Steps = steps };
    }

    /// <summary>The key of this workflow in the samples file, or null when the path is unknown.</summary>
    public string Key { get; }
    public SampleSet Samples { get; }
    /// <summary>Sample inputs (or defaults of optional inputs) and recorded step outputs, ready for resolution.</summary>
    public TemplateContext Context { get; }

    public JToken? Input(string name) => Samples.WorkflowInput(Key, name);
    public JToken? StepOutputs(string stepId) => Samples.StepOutputs(Key, stepId);

    /// <summary>The workflow's path relative to the workspace root, with forward slashes (the file name alone when no root).</summary>
    public static string KeyFor(string path, string? workspaceRoot)
    {
        string rel = path;
        if (!string.IsNullOrEmpty(workspaceRoot))
        {
            try { rel = System.IO.Path.GetRelativePath(workspaceRoot, path); }
            catch (ArgumentException) { rel = path; }
        }
        else rel = System.IO.Path.GetFileName(path);
        return rel.Replace('\\', '/');
    }
}
