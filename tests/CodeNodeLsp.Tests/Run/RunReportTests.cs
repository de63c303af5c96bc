// What a run result reports about itself through the protocol: what went in (inputs, with where each value came
// from), what it recorded in the samples, for each platform.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

public sealed class RunReportTests
{
    private static JObject Run(TestClient client, object argument)
    {
        var parameters = new JObject { ["command"] = "codenode.run", ["arguments"] = new JArray(JObject.FromObject(argument)) };
        return (JObject)client.Request(Methods.ExecuteCommand, parameters)["result"]!;
    }

    private static TestClient Start(TempDir dir)
    {
        var client = new TestClient();
        client.Initialize(rootUri: new Uri(dir.Path).AbsoluteUri);
        return client;
    }

    [Fact]
    public void A_stackai_result_reports_args_as_passed_with_their_sources_and_what_it_recorded()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", """{"nodes": {"parse": {"dialect": "stackai", "file": "node.py", "upstream": {"in-0": "three", "llm-0": {"n": 1}}}}}""");
        dir.File(".codenode/samples.json", """{"nodes": {"llm-0": {"n": 2}}}""");
        dir.File("node.py", "def main(args):\n    return {'n': int(args['in-0'])}\n");
        using var client = Start(dir);

        var failed = Run(client, new { path = dir.Path + "/node.py" });
        Assert.False((bool)failed["ok"]!);
        Assert.Equal("ValueError: invalid literal for int() with base 10: 'three'", (string?)failed["cause"]);
        Assert.Equal(JObject.Parse("""{"in-0": "three", "llm-0": {"n": 2}}"""), failed["inputs"]!["args"]);
        Assert.Equal(JObject.Parse("""{"in-0": "manifest upstream", "llm-0": "samples nodes.llm-0"}"""), failed["inputs"]!["from"]);
        Assert.Null(failed["inputs"]!["given"]);
        Assert.Null(failed["recordedValues"]);

        var ok = Run(client, new { path = dir.Path + "/node.py", inputs = new JObject { ["in-0"] = "3" } });
        Assert.True((bool)ok["ok"]!, ok.ToString());
        Assert.Equal("3", (string?)ok["inputs"]!["args"]!["in-0"]);
        Assert.Equal("given for this run", (string?)ok["inputs"]!["from"]!["in-0"]);
        Assert.Equal(JObject.Parse("""{"in-0": "3"}"""), ok["inputs"]!["given"]);
        Assert.Equal(JObject.Parse("""{"nodes.parse": {"n": 3}}"""), ok["recordedValues"]);
    }

    [Fact]
    public void A_pflow_result_reports_resolved_inputs_with_their_templates()
    {
        using var dir = new TempDir();
        dir.File("flow.pflow.md", """
            # Flow

            ## Inputs

            ### limit

            How many.

            - type: number
            - required: true

            ## Steps

            ### count

            Counts.

            - type: code
            - inputs:
                n: ${limit}
                label: "at most ${limit}"

            ```python code
            n: int
            label: str
            result: str = label + "!" * n
            ```
            """);
        dir.File(".codenode/samples.json", """{"workflows": {"flow.pflow.md": {"inputs": {"limit": 2}}}}""");
        using var client = Start(dir);
        var r = Run(client, new { path = dir.Path + "/flow.pflow.md" });
        Assert.True((bool)r["ok"]!, r.ToString());
        Assert.Equal(JObject.Parse("""{"n": 2, "label": "at most 2"}"""), r["inputs"]!["inputs"]);
        Assert.Equal(JObject.Parse("""{"n": "${limit}", "label": "at most ${limit}"}"""), r["inputs"]!["from"]);
        Assert.Equal("at most 2!!", (string?)r["recordedValues"]!["workflows.flow.pflow.md.steps.count"]!["result"]);
    }

    [Fact]
    public void A_voxworks_result_reports_variables_before_the_run_and_mapped_inputs()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", """
            {"nodes": {"count": {"dialect": "voxworks", "file": "count.py", "variables": {"custom.n": 0}, "inputs": {"input_1": "x"}, "conditions": ["more", "otherwise"]}}}
            """);
        dir.File(".codenode/samples.json", """{"variables": {"custom.n": 4, "custom.elsewhere": 9}}""");
        dir.File("count.py", "def run():\n    {{custom.n}} = {{custom.n}} + len(input_1)\n    return {{custom.n}} < 3\n");
        using var client = Start(dir);
        var r = Run(client, new { path = dir.Path + "/count.py" });
        Assert.True((bool)r["ok"]!, r.ToString());
        Assert.Equal(JObject.Parse("""{"custom.n": 4}"""), r["inputs"]!["variables"]);
        Assert.Equal(JObject.Parse("""{"input_1": "x"}"""), r["inputs"]!["inputs"]);
        Assert.Equal(JObject.Parse("""{"custom.n": "samples variables", "input_1": "manifest"}"""), r["inputs"]!["from"]);
        Assert.Equal(JObject.Parse("""{"custom.n": 5}"""), r["variables"]);
        Assert.Equal(JObject.Parse("""{"variables.custom.n": 5}"""), r["recordedValues"]);
        Assert.Equal("otherwise", (string?)r["conditions"]![1]!["name"]);
        Assert.True((bool)r["conditions"]![1]!["routed"]!);
    }
}
