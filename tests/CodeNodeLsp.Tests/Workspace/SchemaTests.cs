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
        var properties = (JObject)Schema()["definitions"]!["node"]!["properties"]!;
        Assert.Contains("upstream", properties.Properties().Select(p => p.Name));
        // A value of each field's schema type (its first enum value when it has one) must read cleanly.
        var node = new JObject();
        foreach (var p in properties.Properties())
        {
            var spec = (JObject)p.Value;
            node[p.Name] = spec["enum"] is JArray options ? options[0].DeepClone() : (string?)spec["type"] switch
            {
                "string" => "a.py",
                "number" => 3,
                "array" => new JArray(),
                "object" => new JObject(),
                var other => throw new InvalidOperationException($"field {p.Name} has schema type {other}, unknown to this test"),
            };
        }
        var manifest = ManifestReader.Read("/w/codenode.json", new JObject { ["nodes"] = new JObject { ["n"] = node } }.ToString(), _ => true);
        Assert.Empty(manifest.Diagnostics);
        Assert.Single(manifest.Nodes);
    }
}
