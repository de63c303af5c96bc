// A read-only view of the sample values in .codenode/samples.json: recorded run outputs and values written by hand.
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Analysis;

/// <summary>
/// The samples file has three sections (documented in the README):
/// <c>workflows</c> (pflow: per workflow path relative to the workspace, its <c>inputs</c> and each step's outputs
/// under <c>steps</c>), <c>nodes</c> (Stack AI: a node id's output, which feeds <c>args</c> downstream) and
/// <c>variables</c> (Voxworks: dotted variable paths to values, written back by runs).
/// </summary>
public sealed class SampleSet
{
    public static SampleSet Empty { get; } = new(new JObject());

    public SampleSet(JObject root) { Root = root; }

    /// <summary>The whole file; treat as read-only.</summary>
    public JObject Root { get; }

    public JToken? WorkflowInput(string workflowKey, string input) =>
        Root["workflows"]?[workflowKey]?["inputs"]?[input];

    /// <summary>A pflow step's recorded outputs (an object of output key to value), or null.</summary>
    public JToken? StepOutputs(string workflowKey, string stepId) =>
        Root["workflows"]?[workflowKey]?["steps"]?[stepId];

    public JToken? NodeOutput(string nodeId) => Root["nodes"]?[nodeId];

    public JToken? Variable(string path) => Root["variables"] is JObject vars && vars.TryGetValue(path, out var v) ? v : null;
}
