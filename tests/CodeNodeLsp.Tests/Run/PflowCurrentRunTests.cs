// Runs of pflow code steps as current pflow runs them: routing (the action and the step that runs next), ?? and optional inputs.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Run;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

public sealed class PflowCurrentRunTests(RunFixture fx) : IClassFixture<RunFixture>, IDisposable
{
    private static readonly NodeContext Ctx = NodeContext.ForDialect(DialectIds.Pflow, NodeLanguage.Markdown);
    private readonly NodeRunner _runner = new(fx.Settings with { PflowVersion = PflowVersion.Current });

    public void Dispose() => _runner.Dispose();

    private const string Routed = """
        # Routing

        Routes on a value.

        ## Inputs

        ### value

        The value.

        - type: number

        ## Steps

        ### fetch

        Fetches something (not run locally; no sample).

        - type: shell
        - command: echo 1

        ### classify

        Routes by the value.

        - type: code
        - inputs:
            value: ${value}
            label: ${fetch.stdout ?? "none"}
            extra: ${fetch.stdout}
        - next: high, low

        ```python code
        value: int
        label: str
        extra: str | None
        if value > 10:
            next: str = "high"
        else:
            next: str = "low"
        result: dict = {"label": label, "extra": extra, "escaped": "$${value}"}
        ```

        ### high

        High.

        - type: shell
        - command: echo high
        - next: end

        ### low

        Low.

        - type: shell
        - command: echo low
        - next: end
        """;

    private RunResult Run(string text, JObject inputs, string node) =>
        _runner.RunAsync(fx.Target("flow.pflow.md", text, Ctx, inputs: inputs, node: node), null, CancellationToken.None).GetAwaiter().GetResult().Result;

    [Fact]
    public void The_action_names_the_code_literal_and_the_step_that_runs_next()
    {
        var r = Run(Routed, new JObject { ["value"] = 42 }, "classify");
        Assert.True(r.Ok, r.Error);
        Assert.Equal("high", r.Action);
        Assert.Equal("high", r.NextStep);
        Assert.Equal("high", (string?)r.ToJson()["next"]);
        var low = Run(Routed, new JObject { ["value"] = 3 }, "classify");
        Assert.Equal("low", low.NextStep);
    }

    [Fact]
    public void Coalesce_falls_through_to_a_literal_and_an_optional_input_gets_none_when_its_step_did_not_run()
    {
        var r = Run(Routed, new JObject { ["value"] = 1 }, "classify");
        Assert.True(r.Ok, r.Error);
        Assert.Equal("none", (string?)r.Result!["label"]);
        Assert.Equal(JTokenType.Null, r.Result!["extra"]!.Type);
        // pflow resolves templates in the code too: an escape $${value} becomes the text ${value}.
        Assert.Equal("${value}", (string?)r.Result!["escaped"]);
    }

    [Fact]
    public void Coalesce_takes_the_first_operand_that_resolves()
    {
        var r = Run(Routed, new JObject { ["value"] = 1, ["fetch"] = new JObject { ["stdout"] = "fetched" } }, "classify");
        Assert.True(r.Ok, r.Error);
        Assert.Equal("fetched", (string?)r.Result!["label"]);
        Assert.Equal("fetched", (string?)r.Result!["extra"]);
    }

    [Fact]
    public void In_0_8_the_same_workflow_has_no_routing_and_no_coalescing()
    {
        var r = fx.Run(fx.Target("flow.pflow.md", Routed, Ctx, inputs: new JObject { ["value"] = 1 }, node: "classify"));
        Assert.False(r.Ok);
        Assert.Null(r.NextStep);
    }

    private static string OneStep(string inputs, string code) =>
        "# T\n\nOne step.\n\n## Steps\n\n### node\n\nRuns.\n\n- type: code\n" + inputs + "\n```python code\n" + code + "\n```\n";

    [Fact]
    public void Prep_rejects_a_yaml_annotation_lowercase_any_and_typing_names_with_pflows_texts()
    {
        var yaml = Run(OneStep("- inputs:\n    text: str = hello\n", "text: str\nresult: str = text"), [], "node");
        Assert.False(yaml.Ok);
        Assert.StartsWith("Input 'text' appears to have a type annotation: \"str = hello\"\n\nType annotations belong in the code block, not in inputs.\nWrite:\n  - inputs:\n      text: hello", yaml.Error);
        var any = Run(OneStep("", "result: any = 1"), [], "node");
        Assert.StartsWith("Invalid type annotation for 'result': 'any' (lowercase).\n\nUse 'Any' (capitalized) in Python code blocks.", any.Error);
        var union = Run(OneStep("", "x = Union[int, str]\nresult: int = 1"), [], "node");
        Assert.Contains("Undefined variable 'Union'", union.Error);
        Assert.Contains("  - Use pipe syntax instead: 'A | B' (PEP 604, Python 3.10+).", union.Error);
    }

    [Fact]
    public void A_result_never_set_fails_as_a_ValueError_through_exec_fallback()
    {
        var r = Run(OneStep("", "result: int\nif False:\n    result = 1"), [], "node");
        Assert.False(r.Ok);
        Assert.StartsWith("ValueError: Code must set 'result' variable. Add: result = <your_value>", r.Error);
        Assert.Contains("Suggestions:", r.Error);
    }

    [Fact]
    public void A_run_is_refused_with_the_validators_text_when_pflow_would_not_start_even_if_samples_resolve()
    {
        const string flow = "# T\n\nTwo steps.\n\n## Steps\n\n### source\n\nA shell step.\n\n- type: shell\n- command: echo 1\n\n" +
            "### node\n\nReads an output shell does not have.\n\n- type: code\n- inputs:\n    data: ${source.data}\n\n```python code\ndata: dict\nresult: dict = data\n```\n";
        var r = Run(flow, new JObject { ["source"] = new JObject { ["data"] = new JObject() } }, "node");
        Assert.False(r.Ok);
        Assert.StartsWith("Node 'source' (type: shell) does not output 'data'", r.Error);
        Assert.Equal(20, r.Location?.Line);
    }

    [Fact]
    public async Task Code_given_as_a_py_path_runs_that_file_and_a_missing_file_is_refused()
    {
        const string flow = "# T\n\nOne step.\n\n## Steps\n\n### node\n\nRuns a script.\n\n- type: code\n- inputs:\n    n: 4\n- code: ./scripts/square.py\n";
        var target = fx.Target("flow.pflow.md", flow, Ctx, node: "node");
        Directory.CreateDirectory(Path.Combine(target.WorkspaceRoot, "scripts"));
        File.WriteAllText(Path.Combine(target.WorkspaceRoot, "scripts", "square.py"), "n: int\nresult: int = n * n\n");
        var r = (await _runner.RunAsync(target, null, CancellationToken.None)).Result;
        Assert.True(r.Ok, r.Error);
        Assert.Equal(16, (int)r.Result!);
        var missing = Run(flow, [], "node");
        Assert.StartsWith("Code file not found: ./scripts/square.py", missing.Error);
    }
}
