// pflow's node-type catalogue (embedded node-types.json): parameters, output keys, output structures; read once.
using System.Reflection;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Dialects.Pflow;

/// <summary>A declared output (or a field of one): its pflow type string and, when declared, its fields.</summary>
public sealed class OutputField
{
    public OutputField(string type, IReadOnlyDictionary<string, OutputField>? fields = null, OutputField? items = null)
    {
        Type = type;
        Fields = fields;
        Items = items;
    }

    /// <summary>pflow's type string (<c>str</c>, <c>dict|str</c>, <c>list[dict]</c>, <c>array</c>, ...).</summary>
    public string Type { get; }
    /// <summary>Declared nested fields; null when the output declares no structure.</summary>
    public IReadOnlyDictionary<string, OutputField>? Fields { get; }
    /// <summary>For a batch step's <c>results</c>: the shape of each element.</summary>
    public OutputField? Items { get; }
}

public sealed class NodeParam
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public bool Required { get; init; }
    public JToken? Default { get; init; }
    public string? Description { get; init; }
}

public sealed class NodeTypeInfo
{
    public required string Name { get; init; }
    public required string Visibility { get; init; }
    public string? Description { get; init; }
    /// <summary>Parameters in catalogue order.</summary>
    public required IReadOnlyList<NodeParam> Params { get; init; }
    /// <summary>Names pflow's registry also lists because of a docstring-parsing quirk (no unknown-param warning).</summary>
    public required IReadOnlyList<string> ExtraParamKeys { get; init; }
    /// <summary>Declared outputs in catalogue order: the only keys pflow accepts after <c>${id.</c>.</summary>
    public required IReadOnlyList<KeyValuePair<string, OutputField>> Outputs { get; init; }

    public OutputField? Output(string key)
    {
        foreach (var kv in Outputs) if (kv.Key == key) return kv.Value;
        return null;
    }

    public NodeParam? Param(string name)
    {
        foreach (var p in Params) if (p.Name == name) return p;
        return null;
    }
}

/// <summary>The catalogue, parsed once from the embedded resource on first use.</summary>
public static class NodeTypes
{
    private static readonly Lazy<IReadOnlyDictionary<string, NodeTypeInfo>> Catalog = new(Load);

    /// <summary>What a batched step outputs (pflow's PflowBatchNode), in pflow's order.</summary>
    public static IReadOnlyList<KeyValuePair<string, OutputField>> BatchOutputs(NodeTypeInfo? inner)
    {
        var element = new Dictionary<string, OutputField>(StringComparer.Ordinal) { ["item"] = new("any") };
        if (inner is not null) foreach (var kv in inner.Outputs) element[kv.Key] = kv.Value;
        return
        [
            new("results", new OutputField("array", null, new OutputField("dict", element))),
            new("count", new OutputField("number")),
            new("success_count", new OutputField("number")),
            new("error_count", new OutputField("number")),
            new("errors", new OutputField("array")),
            new("batch_metadata", new OutputField("dict")),
        ];
    }

    public static IReadOnlyDictionary<string, NodeTypeInfo> All => Catalog.Value;

    public static NodeTypeInfo? Find(string? type) =>
        type is not null && Catalog.Value.TryGetValue(type, out var t) ? t : null;

    /// <summary>
    /// Types whose interface depends on the user's machine or on another file: synced MCP tools (<c>mcp-*</c>)
    /// and nested workflows. They are not unknown, and their outputs are not checked.
    /// </summary>
    public static bool IsDynamic(string? type) =>
        type is not null && (type.StartsWith("mcp-", StringComparison.Ordinal) || type is "workflow" or "pflow.runtime.workflow_executor");

    /// <summary>
    /// Keys current pflow reads on every step besides its node type's parameters: routing (<c>next</c>,
    /// <c>on-error</c>, PR #96), the memo cache (<c>cache</c>, PR #152/#442) and loops (<c>loop</c>, docs
    /// how-it-works/loops). pflow 0.8 has none of them, so there they are unknown parameters.
    /// </summary>
    public static readonly IReadOnlySet<string> CurrentNodeKeys = new HashSet<string>(StringComparer.Ordinal) { "next", "on-error", "cache", "loop" };

    /// <summary>
    /// Node types added after 0.8.0 whose interface no stored source gives: <c>agent</c> (PR #597). In current
    /// pflow they are accepted and, like MCP tools, their parameters and outputs are not checked (docs/pflow.md).
    /// </summary>
    public static bool IsCurrentOnly(string? type) => type is "agent";

    private static IReadOnlyDictionary<string, NodeTypeInfo> Load()
    {
        using var stream = typeof(NodeTypes).Assembly.GetManifestResourceStream("CodeNodeLsp.Pflow.node-types.json")
            ?? throw new InvalidOperationException("The embedded pflow node-type catalogue is missing from the build.");
        using var reader = new StreamReader(stream);
        var root = JObject.Parse(reader.ReadToEnd());
        var result = new Dictionary<string, NodeTypeInfo>(StringComparer.Ordinal);
        if (root["node_types"] is not JObject types) return result;
        foreach (var (name, token) in types)
        {
            if (token is not JObject t) continue;
            var structure = t["output_structure"] as JObject;
            var outputs = new List<KeyValuePair<string, OutputField>>();
            if (t["outputs"] is JObject outs)
            {
                foreach (var (key, typeToken) in outs)
                {
                    var fields = structure?[key] is JObject s ? ReadFields(s) : null;
                    outputs.Add(new(key, new OutputField((string?)typeToken ?? "any", fields)));
                }
            }
            var ps = new List<NodeParam>();
            if (t["params"] is JObject pObj)
            {
                foreach (var (pName, pTok) in pObj)
                {
                    ps.Add(new NodeParam
                    {
                        Name = pName,
                        Type = (string?)pTok?["type"] ?? "any",
                        Required = (bool?)pTok?["required"] ?? false,
                        Default = pTok?["default"],
                        Description = (string?)pTok?["description"],
                    });
                }
            }
            result[name] = new NodeTypeInfo
            {
                Name = name,
                Visibility = (string?)t["visibility"] ?? "default",
                Description = (string?)t["description"],
                Params = ps,
                ExtraParamKeys = t["registry_extra_param_keys"] is JArray extra ? extra.Select(x => (string?)x ?? "").ToList() : [],
                Outputs = outputs,
            };
        }
        return result;
    }

    /// <summary>A structure map: a string value is a field's type; <c>{type, fields}</c> is a nested dict.</summary>
    private static IReadOnlyDictionary<string, OutputField> ReadFields(JObject structure)
    {
        var d = new Dictionary<string, OutputField>(StringComparer.Ordinal);
        foreach (var (key, v) in structure)
        {
            d[key] = v switch
            {
                JObject o => new OutputField((string?)o["type"] ?? "dict", o["fields"] is JObject f ? ReadFields(f) : null),
                _ => new OutputField((string?)v ?? "any"),
            };
        }
        return d;
    }
}
