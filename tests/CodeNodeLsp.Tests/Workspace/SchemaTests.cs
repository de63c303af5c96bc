// The manifest's JSON Schema agrees with the reader: same node fields, same dialects, valid JSON.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Workspace;

public class SchemaTests
{
    private static JObject Schema() => JObject.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "schemas", "codenode.schema.json")));

    [Fact]
    public void SchemaDialects_AreTheKnownDialects()
    {
        var dialects = Schema()["definitions"]!["node"]!["properties"]!["dialect"]!["enum"]!.Values<string>().ToList();
        Assert.Equal(DialectIds.All.Order(), dialects.Order()!);
    }

    [Fact]
    public void EveryFieldTheSchemaDescribes_IsReadWithoutWarnings()
    {
        var fields = ((JObject)Schema()["definitions"]!["node"]!["properties"]!).Properties().Select(p => p.Name).ToList();
        Assert.Contains("upstream", fields);
        var sample = new Dictionary<string, string>
        {
            ["dialect"] = "\"voxworks\"", ["file"] = "\"a.py\"", ["language"] = "\"python\"", ["description"] = "\"d\"",
            ["upstream"] = "{}", ["dependencies"] = "[]", ["timeout"] = "3", ["variables"] = "{}", ["inputs"] = "{}", ["conditions"] = "[]",
        };
        Assert.Equal(sample.Keys.Order(), fields.Order());
        string node = "{" + string.Join(", ", fields.Select(f => $"\"{f}\": {sample[f]}")) + "}";
        var manifest = ManifestReader.Read("/w/codenode.json", "{\"nodes\": {\"n\": " + node + "}}", _ => true);
        Assert.Empty(manifest.Diagnostics);
    }
}
