// What a run result reports about itself through the protocol: what went in (inputs, with where each value came
// from), what it recorded in the samples, for each platform; the history of runs, the inputs editor's content and
// saved test cases (codenode.runHistory, codenode.runInputs, codenode.saveCase, "case" of codenode.run).
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

    private static JObject Command(TestClient client, string command, object argument) =>
        (JObject)client.Request(Methods.ExecuteCommand, new JObject { ["command"] = command, ["arguments"] = new JArray(JObject.FromObject(argument)) })["result"]!;

    /// <summary>The history is written just after the answer; codenode.runHistory waits for that write.</summary>
    private static JArray WaitForRuns(TestClient client, object node, int count)
    {
        var runs = (JArray)Command(client, "codenode.runHistory", node)["runs"]!;
        Assert.Equal(count, runs.Count);
        return runs;
    }

    [Fact]
    public void Runs_are_kept_newest_first_bounded_and_git_ignored()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", """{"nodes": {"echo": {"dialect": "stackai", "file": "node.py", "upstream": {"in-0": "a"}}}}""");
        dir.File("node.py", "def main(args):\n    print(args['in-0'])\n    return {'v': args['in-0']}\n");
        using var client = Start(dir);
        var node = new { path = dir.Path + "/node.py" };
        var first = Run(client, node);
        var second = Run(client, new { path = dir.Path + "/node.py", inputs = new JObject { ["in-0"] = "b" } });
        Assert.NotNull((string?)first["runId"]);
        Assert.NotEqual((string?)first["runId"], (string?)second["runId"]);

        var runs = WaitForRuns(client, node, 2);
        Assert.Equal([(string?)second["runId"], (string?)first["runId"]], runs.Select(r => (string?)r["id"]));
        Assert.Equal("b", (string?)runs[0]["result"]!["output"]!["v"]);
        Assert.Equal(JObject.Parse("""{"in-0": "b"}"""), runs[0]["given"]);
        Assert.Null(runs[1]["given"]);
        Assert.Equal("a\n", (string?)runs[1]["result"]!["stdout"]);
        var file = System.IO.Path.Combine(dir.Path, ".codenode", "runs", "node.py.json");
        Assert.Equal(file, (string?)Command(client, "codenode.runHistory", node)["historyFile"]);
        Assert.Equal("*", File.ReadAllLines(System.IO.Path.Combine(dir.Path, ".codenode", "runs", ".gitignore")).Last());

        // Bounded: after more runs than the history keeps, the oldest are gone.
        for (int i = 0; i < Run_History_Size + 1; i++) Run(client, node);
        runs = (JArray)Command(client, "codenode.runHistory", node)["runs"]!;
        Assert.Equal(Run_History_Size, runs.Count);
        Assert.DoesNotContain((string?)first["runId"], runs.Select(r => (string?)r["id"]));
    }

    private const int Run_History_Size = CodeNodeLsp.Run.RunHistory.Size;

    [Fact]
    public void The_inputs_editor_is_prefilled_with_current_values_and_the_last_given_ones_and_has_a_schema()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", """{"nodes": {"sum": {"dialect": "stackai", "file": "node.py", "upstream": {"in-0": "one two", "llm-0": {"n": 1}}}}}""");
        dir.File(".codenode/samples.json", """{"nodes": {"llm-0": {"n": 2}}}""");
        dir.File("node.py", "def main(args):\n    return {'words': len(args['in-0'].split())}\n");
        using var client = Start(dir);
        var node = new { path = dir.Path + "/node.py" };
        var before = Command(client, "codenode.runInputs", node);
        Assert.Equal(JObject.Parse("""{"in-0": "one two", "llm-0": {"n": 2}}"""), before["inputs"]);
        Assert.Equal(System.IO.Path.Combine(dir.Path, ".codenode", "inputs", "node.py.json"), (string?)before["inputsFile"]);
        var schema = (JObject)before["schema"]!;
        Assert.Equal("string", (string?)schema["properties"]!["in-0"]!["type"]);
        Assert.Equal("samples nodes.llm-0", (string?)schema["properties"]!["llm-0"]!["description"]);
        Assert.False((bool)schema["additionalProperties"]!);

        Run(client, new { path = dir.Path + "/node.py", inputs = new JObject { ["in-0"] = "a b c", ["$schema"] = "./node.py.schema.json" } });
        WaitForRuns(client, node, 1);
        var after = Command(client, "codenode.runInputs", node);
        Assert.Equal(JObject.Parse("""{"in-0": "a b c", "llm-0": {"n": 2}}"""), after["inputs"]);
    }

    [Fact]
    public void A_pflow_steps_inputs_editor_names_the_inputs_and_steps_its_templates_use()
    {
        using var dir = new TempDir();
        dir.File("flow.pflow.md", """
            # Flow

            ## Inputs

            ### url

            Where.

            - type: string

            ## Steps

            ### fetch

            Fetch.

            - type: http
            - url: ${url}

            ### count

            Count.

            - type: code
            - inputs:
                items: ${fetch.response.data}

            ```python code
            items: list
            result: int = len(items)
            ```
            """);
        dir.File(".codenode/samples.json", """{"workflows": {"flow.pflow.md": {"steps": {"fetch": {"response": {"data": [1, 2]}}}}}}""");
        using var client = Start(dir);
        var answer = Command(client, "codenode.runInputs", new { path = dir.Path + "/flow.pflow.md" });
        Assert.Equal("count", (string?)answer["node"]);
        Assert.Equal(JObject.Parse("""{"fetch": {"response": {"data": [1, 2]}}}"""), answer["inputs"]);
        Assert.EndsWith(System.IO.Path.Combine(".codenode", "inputs", "flow.pflow.md@count.json"), (string?)answer["inputsFile"]);
        var properties = (JObject)answer["schema"]!["properties"]!;
        Assert.Contains("used as ${fetch.response.data}", (string?)properties["fetch"]!["description"]);
        Assert.NotNull(properties["url"]);
    }

    [Fact]
    public void A_saved_test_case_runs_by_name_and_is_listed()
    {
        using var dir = new TempDir();
        dir.File("codenode.json", """{"nodes": {"vx": {"dialect": "voxworks", "file": "step.py", "variables": {"custom.n": 1}, "conditions": ["big", "otherwise"]}}}""");
        dir.File("step.py", "def run():\n    return {{custom.n}} > 5\n");
        using var client = Start(dir);
        var node = new { path = dir.Path + "/step.py" };
        var saved = Command(client, "codenode.saveCase", new { path = dir.Path + "/step.py", name = "big n", inputs = new JObject { ["custom.n"] = 9, ["$schema"] = "x" } });
        Assert.True((bool)saved["ok"]!, saved.ToString());
        Assert.Equal(dir.Path + "/step.py.cases.json", (string?)saved["file"]);
        Assert.Equal(JObject.Parse("""{"cases": [{"name": "big n", "inputs": {"custom.n": 9}}]}"""), JObject.Parse(File.ReadAllText(dir.Path + "/step.py.cases.json")));

        var r = Run(client, new { path = dir.Path + "/step.py", @case = "big n" });
        Assert.True((bool)r["ok"]!, r.ToString());
        Assert.Equal("big n", (string?)r["case"]);
        Assert.Equal("big", (string?)r["condition"]);
        Assert.Equal(9, (int)r["inputs"]!["given"]!["custom.n"]!);
        var runs = WaitForRuns(client, node, 1);
        Assert.Equal("big n", (string?)runs[0]["case"]);
        Assert.Equal("big n", (string?)Command(client, "codenode.runHistory", node)["cases"]![0]!["name"]);

        var missing = Run(client, new { path = dir.Path + "/step.py", @case = "small" });
        Assert.False((bool)missing["ok"]!);
        Assert.Equal("No test case 'small' in step.py.cases.json. Cases of this node: big n.", (string?)missing["error"]);
    }
}
