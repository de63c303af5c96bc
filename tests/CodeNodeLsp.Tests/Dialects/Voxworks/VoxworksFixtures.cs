// Shared helpers of the Voxworks tests: fixture folders, node contexts written as JSON, running the validator.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Voxworks;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

internal static class VoxworksFixtures
{
    public static string Folder(params string[] parts) => RepoPaths.Fixtures(["voxworks", .. parts]);

    /// <summary>
    /// A node context from the test's JSON, in the manifest's shape:
    /// <c>{"node": "id", "variables": {...}, "inputs": {...}, "conditions": [...]}</c>.
    /// </summary>
    public static NodeContext Context(JObject? json)
    {
        json ??= new JObject();
        return new NodeContext
        {
            Dialect = DialectIds.Voxworks,
            // "node": null stands for a pragma-only file, which has no manifest entry.
            NodeId = json.TryGetValue("node", out var node) ? (node.Type == JTokenType.Null ? null : node.ToString()) : "step",
            Variables = Map(json["variables"]),
            Inputs = Map(json["inputs"]),
            Conditions = json["conditions"] is JArray c ? c.Select(t => t.ToString()).ToList() : [],
        };
    }

    /// <summary>The context of a fixture file: its folder's context.json, replaced by a first line <c># context: {...}</c>.</summary>
    public static NodeContext ContextFor(string file, string text)
    {
        const string marker = "# context:";
        if (text.StartsWith(marker, StringComparison.Ordinal))
        {
            int nl = text.IndexOf('\n');
            return Context(JObject.Parse(text[marker.Length..(nl < 0 ? text.Length : nl)]));
        }
        string folderContext = Path.Combine(Path.GetDirectoryName(file)!, "context.json");
        return Context(File.Exists(folderContext) ? JObject.Parse(File.ReadAllText(folderContext)) : null);
    }

    public static VoxworksAnalysis Analyze(string text, NodeContext context, string path = "/ws/step.py", SampleSet? samples = null)
    {
        var request = new AnalysisRequest
        {
            Path = path,
            Text = SourceText.From(text),
            Context = context,
            Samples = samples ?? SampleSet.Empty,
        };
        return (VoxworksAnalysis)new VoxworksDialect().Analyze(request, CancellationToken.None);
    }

    /// <summary>Every fixture file under a folder, as xunit theory data (path relative to the voxworks fixtures).</summary>
    public static IEnumerable<object[]> Files(string folder, string pattern = "*.py") =>
        Directory.EnumerateFiles(Folder(folder), pattern, SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetRelativePath(Folder(), f).Replace('\\', '/') });

    private static IReadOnlyDictionary<string, JToken?> Map(JToken? token)
    {
        var map = new Dictionary<string, JToken?>(StringComparer.Ordinal);
        if (token is JObject o)
            foreach (var p in o.Properties()) map[p.Name] = p.Value;
        return map;
    }
}
