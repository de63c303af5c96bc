// The inputs editor's content: a node's current input values in --inputs form, and a JSON schema made for that node.
using CodeNodeLsp.Analysis;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>
/// What "Run Node with Inputs…" pre-fills (docs/run.md): the values a run would use now (manifest, samples), in the
/// shape of <c>--inputs</c>, overlaid with the values given to the node's last run; and a JSON schema of the keys the
/// node accepts, with each one's source as its description, for key completion and validation in the editor.
/// </summary>
public static class RunInputs
{
    /// <summary>Where the editable inputs documents live (ours, git-ignored like the history).</summary>
    public static string Folder(string root) => Path.Combine(root, ".codenode", "inputs");

    public static string FileFor(string root, string key) => Path.Combine(Folder(root), key.Replace('/', Path.DirectorySeparatorChar) + ".json");

    public static string SchemaFileFor(string root, string key) => Path.Combine(Folder(root), key.Replace('/', Path.DirectorySeparatorChar) + ".schema.json");

    /// <summary>The node's current values and a note on each (where it comes from), ignoring the target's own inputs.</summary>
    public static (JObject Values, JObject Notes) Current(RunTarget target)
    {
        var plain = target with { Inputs = null };
        return target.Context.Dialect switch
        {
            DialectIds.StackAi => StackAiRun.ArgsWithSources(plain),
            DialectIds.Voxworks => VoxworksRun.CurrentInputs(plain),
            DialectIds.Pflow => PflowRun.CurrentInputs(plain),
            _ => (new JObject(), new JObject()),
        };
    }

    /// <summary>The current values with the values given to the newest run of <paramref name="history"/> on top.</summary>
    public static JObject Prefill(JObject current, JArray history)
    {
        var values = (JObject)current.DeepClone();
        if (history.FirstOrDefault() is JObject last && last["given"] is JObject given)
            foreach (var (key, value) in given) values[key] = value?.DeepClone();
        return values;
    }

    /// <summary>
    /// A draft-07 schema of the keys the node takes: each known key with its source as description and the JSON type
    /// of its current value; Voxworks also takes any variable by dotted path and any <c>input_N</c>. Other keys are
    /// flagged (for Stack AI an id that is not upstream, for pflow a name that is neither an input nor a step).
    /// <paramref name="extra"/> adds keys the node accepts without a current value (pflow's other inputs and steps).
    /// </summary>
    public static JObject Schema(string title, string dialect, JObject values, JObject notes, IReadOnlyDictionary<string, string>? extra = null)
    {
        var properties = new JObject
        {
            ["$schema"] = new JObject { ["type"] = "string", ["description"] = "The schema of this document (not a value for the node)." },
        };
        foreach (var (key, value) in values)
        {
            var property = new JObject();
            if ((string?)notes[key] is { } note) property["description"] = note;
            if (TypeOf(value) is { } type) property["type"] = type;
            properties[key] = property;
        }
        if (extra != null)
            foreach (var (key, note) in extra)
                if (!properties.ContainsKey(key)) properties[key] = new JObject { ["description"] = note };
        var schema = new JObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = title,
            ["description"] = "Values for one run of this node (codenode run --inputs): they win over the manifest and the samples.",
            ["type"] = "object",
            ["properties"] = properties,
        };
        if (dialect == DialectIds.Voxworks)
        {
            schema["patternProperties"] = new JObject
            {
                [@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+$"] = new JObject { ["description"] = "A variable by its dotted path (contact.email)." },
                [@"^input_[0-9]+$"] = new JObject { ["description"] = "A mapped input of the step." },
            };
        }
        schema["additionalProperties"] = false;
        return schema;
    }

    private static string? TypeOf(JToken? value) => value?.Type switch
    {
        JTokenType.String => "string",
        JTokenType.Integer or JTokenType.Float => "number",
        JTokenType.Boolean => "boolean",
        JTokenType.Object => "object",
        JTokenType.Array => "array",
        _ => null,
    };
}
