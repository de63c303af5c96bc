// pflow's 33 code-node tests (PLATFORMS.md A.10) reproduced through our runner, each on a .pflow.md workflow.
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Run;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

public sealed class PflowRunTests(RunFixture fx) : IClassFixture<RunFixture>
{
    private static readonly NodeContext Ctx = NodeContext.ForDialect(DialectIds.Pflow, NodeLanguage.Markdown);

    /// <summary>
    /// A workflow whose step <c>node</c> runs <paramref name="code"/> with the given <c>- inputs:</c> lines (YAML,
    /// as pflow reads them) and extra bullets. The code block's first line is file line <see cref="CodeStart"/>.
    /// </summary>
    private static string Workflow(string code, string[]? inputs = null, string[]? bullets = null, string? before = null)
    {
        var sb = new StringBuilder();
        sb.Append("# Test\n\nA test workflow.\n\n## Steps\n\n");
        if (before != null) sb.Append(before);
        sb.Append("### node\n\nRuns the code.\n\n- type: code\n");
        foreach (var b in bullets ?? []) sb.Append("- ").Append(b).Append('\n');
        if (inputs is { Length: > 0 })
        {
            sb.Append("- inputs:\n");
            foreach (var i in inputs) sb.Append("    ").Append(i).Append('\n');
        }
        sb.Append("\n```python code\n").Append(code);
        if (!code.EndsWith('\n')) sb.Append('\n');
        sb.Append("```\n");
        return sb.ToString();
    }

    /// <summary>The 1-based file line of a line of the code block in <paramref name="workflow"/>.</summary>
    private static int CodeStart(string workflow) =>
        workflow[..workflow.IndexOf("```python code", StringComparison.Ordinal)].Count(c => c == '\n') + 2;

    private RunResult Run(string workflow, SampleSet? samples = null, double? timeout = null) =>
        fx.Run(fx.Target("flow.pflow.md", workflow, Ctx, samples, timeout));

    private static void Failed(RunResult r)
    {
        Assert.False(r.Ok);
        Assert.Equal("error", r.Action);
    }

    // ── native inputs ──

    [Fact]
    public void Native_int_input_doubled()
    {
        var r = Run(Workflow("count: int\nresult: int = count * 2", ["count: 5"]));
        Assert.True(r.Ok, r.Error);
        Assert.Equal(10, (int)r.Result!);
        Assert.Equal("default", r.Action);
    }

    [Fact]
    public void Native_two_ints_summed()
    {
        var r = Run(Workflow("a: int\nb: int\nresult: int = a + b", ["a: 10", "b: 20"]));
        Assert.Equal(30, (int)r.Result!);
    }

    [Fact]
    public void Native_list_to_dict()
    {
        var r = Run(Workflow("items: list\nresult: dict = {\"count\": len(items), \"first\": items[0], \"last\": items[-1]}", ["items: [a, b, c]"]));
        Assert.True(r.Ok, r.Error);
        Assert.True(JToken.DeepEquals(JObject.Parse("{\"count\":3,\"first\":\"a\",\"last\":\"c\"}"), r.Result));
    }

    [Fact]
    public void Native_list_filter_with_threshold()
    {
        var r = Run(Workflow("values: list\nthreshold: int\nresult: list = [v for v in values if v > threshold]", ["values: [1, 5, 10, 15]", "threshold: 7"]));
        Assert.Equal(new JArray(10, 15), r.Result);
    }

    [Fact]
    public void Native_no_inputs()
    {
        var r = Run(Workflow("result: list = list(range(5))"));
        Assert.Equal(new JArray(0, 1, 2, 3, 4), r.Result);
    }

    [Fact]
    public void Native_import_inside_code()
    {
        var r = Run(Workflow("import json\nresult: str = json.dumps({\"a\": 1})"));
        Assert.True(r.Ok, r.Error);
        Assert.Equal("{\"a\": 1}", (string?)r.Result);
    }

    [Fact]
    public void Native_none_fails_the_dict_type_check()
    {
        var r = Run(Workflow("data: dict\nresult: dict = data", ["data: null"]));
        Assert.False(r.Ok);
        Assert.Equal("Input 'data' expects dict but received NoneType\n\nSuggestions:\n  - Change the type annotation to: data: NoneType\n  - Or convert the input value to dict", r.Error);
    }

    [Fact]
    public void Native_input_list_mutated_in_code()
    {
        // pflow passes inputs by reference, so the upstream list changes too. Across our process boundary the
        // upstream copy stays as recorded; what is observable here is that the code mutates the list it got.
        var r = Run(Workflow("items: list\nitems.append(4)\nresult: list = items", ["items: [1, 2, 3]"]));
        Assert.Equal(new JArray(1, 2, 3, 4), r.Result);
    }

    // ── contract ──

    [Fact]
    public void Contract_input_without_annotation()
    {
        var r = Run(Workflow("result: int = 1", ["data: 1"]));
        Assert.False(r.Ok);
        Assert.Equal("Input(s) missing type annotation in code: data\nAdd annotations:\n  data: <type>", r.Error);
    }

    [Fact]
    public void Contract_no_result_annotation()
    {
        var r = Run(Workflow("x: int = 5"));
        Assert.False(r.Ok);
        Assert.Equal("Code must declare result type annotation: result: <type> = ...", r.Error);
    }

    [Fact]
    public void Contract_list_given_a_dict()
    {
        var r = Run(Workflow("data: list\nresult: list = data", ["data: {\"a\": 1}"]));
        Assert.StartsWith("Input 'data' expects list but received dict", r.Error);
    }

    [Fact]
    public void Contract_str_given_a_list_suggests_list()
    {
        var r = Run(Workflow("data: str\nresult: str = data", ["data: [1, 2]"]));
        Assert.Contains("Suggestions:", r.Error);
        Assert.Contains("data: list", r.Error);
    }

    [Fact]
    public void Contract_generic_checks_only_the_outer_type()
    {
        var r = Run(Workflow("data: list[dict]\nresult: int = len(data)", ["data: [1, 2, 3]"]));
        Assert.True(r.Ok, r.Error);
        Assert.Equal(3, (int)r.Result!);
    }

    [Fact]
    public void Contract_result_type_mismatch()
    {
        var r = Run(Workflow("result: int = \"text\""));
        Failed(r);
        Assert.Equal("Result declared as int but code returned str\n\nSuggestions:\n  - Change result type annotation to: result: str\n  - Or convert the value to match the declared type", r.Error);
    }

    [Fact]
    public void Contract_bool_passes_as_int()
    {
        var r = Run(Workflow("flag: int\nresult: int = flag + 1", ["flag: true"]));
        Assert.True(r.Ok, r.Error);
        Assert.Equal(2, (int)r.Result!);
    }

    [Fact]
    public void Contract_int_passes_as_float()
    {
        var r = Run(Workflow("val: float\nresult: float = val * 2.5", ["val: 4"]));
        Assert.True(r.Ok, r.Error);
        Assert.Equal(10.0, (double)r.Result!);
        Assert.Equal(JTokenType.Float, r.Result!.Type);
    }

    [Fact]
    public void Contract_unknown_annotation_skips_the_check()
    {
        var r = Run(Workflow("data: object\nresult: dict = data", ["data: {\"k\": 1}"]));
        Assert.True(r.Ok, r.Error);
    }

    // ── capture ──

    [Fact]
    public void Capture_print_goes_to_stdout()
    {
        var r = Run(Workflow("print(\"hello\")\nresult: int = 1"));
        Assert.Equal("hello\n", r.Stdout);
    }

    [Fact]
    public void Capture_stderr_write()
    {
        var r = Run(Workflow("import sys\nsys.stderr.write(\"warn\")\nresult: int = 1"));
        Assert.Equal("warn", r.Stderr);
    }

    [Fact]
    public void Capture_result_declared_but_never_set()
    {
        var r = Run(Workflow("result: int"));
        Failed(r);
        Assert.Equal("ValueError: Code must set 'result' variable. Add: result = <your_value>\n\nSuggestions:\n  - Fix the error in the code string above\n  - Check input data types and values match expectations", r.Error);
    }

    // ── errors ──

    [Fact]
    public void Errors_timeout()
    {
        var r = Run(Workflow("import time\ntime.sleep(1)\nresult: int = 1", bullets: ["timeout: 0.05"]));
        Failed(r);
        Assert.Equal("Python code execution timed out after 0.05 seconds\n\nSuggestions:\n  - Increase timeout: \"timeout\": 0\n  - Check for infinite loops or blocking I/O in code\n  - Break long computation into multiple code nodes", r.Error);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Errors_undefined_variable()
    {
        var wf = Workflow("result: int = undefined_var");
        var r = Run(wf);
        Failed(r);
        int line = CodeStart(wf);
        Assert.Equal($"Undefined variable 'undefined_var'\n  Location: line {line} (line 1 in code block)\n  Source: result: int = undefined_var\n\nSuggestions:\n" +
                     "  - Add 'undefined_var' to the inputs dict: \"inputs\": {\"undefined_var\": ...}\n  - Or define 'undefined_var' in the code before use\n  - Check for typos in variable names", r.Error);
        Assert.Equal(line, r.Location?.Line);
    }

    [Fact]
    public void Errors_missing_module()
    {
        var r = Run(Workflow("import nonexistent_module_xyz\nresult: int = 1"));
        Failed(r);
        Assert.StartsWith("Module 'nonexistent_module_xyz' not found\n", r.Error);
        Assert.Contains("  - Install with: pipx inject pflow-cli nonexistent_module_xyz", r.Error);
        Assert.Contains("  - Document dependency: \"requires\": [\"nonexistent_module_xyz\"]", r.Error);
    }

    [Fact]
    public void Errors_syntax_error_with_its_line()
    {
        var wf = Workflow("result = [");
        var r = Run(wf);
        Assert.False(r.Ok);
        int fence = CodeStart(wf) - 1;
        Assert.Equal($"Line {fence + 1}: Python syntax error in code block: '[' was never closed\nFix the Python syntax in the code block starting at line {fence}.", r.Error);
        Assert.Equal(fence + 1, r.Location?.Line);
    }

    [Fact]
    public void Errors_division_by_zero_with_location_source_and_suggestions()
    {
        var r = Run(Workflow("x: int\ny: int\nresult: int = x / y", ["x: 1", "y: 0"]));
        Failed(r);
        Assert.Contains("ZeroDivisionError", r.Error);
        Assert.Contains("(line 3 in code block)", r.Error);
        Assert.Contains("Source: result: int = x / y", r.Error);
        Assert.Contains("Suggestions:", r.Error);
    }

    [Fact]
    public void Errors_plain_success_returns_default()
    {
        var r = Run(Workflow("result: int = 42"));
        Assert.True(r.Ok, r.Error);
        Assert.Equal("default", r.Action);
        Assert.Equal(42, (int)r.Result!);
    }

    // ── edge ──

    [Theory]
    [InlineData("")]
    [InlineData("   \n  \n")]
    public void Edge_empty_or_whitespace_code(string code)
    {
        var r = Run(Workflow(code));
        Assert.False(r.Ok);
        Assert.Equal("Missing required 'code' parameter\n\nProvide a Python code string with type-annotated inputs and result.\nExample:\n  \"code\": \"data: list\\nresult: list = data[:10]\"", r.Error);
    }

    [Fact]
    public void Edge_negative_timeout()
    {
        var r = Run(Workflow("result: int = 1", bullets: ["timeout: -5"]));
        Assert.False(r.Ok);
        Assert.Equal("Timeout must be a positive number, got -5.0", r.Error);
    }

    [Fact]
    public void Edge_requires_is_accepted_and_not_validated()
    {
        var r = Run(Workflow("result: int = 1", bullets: ["requires: [pandas, numpy]"]));
        Assert.True(r.Ok, r.Error);
    }

    // ── integration ──

    [Fact]
    public void Integration_upstream_sample_and_literal_input()
    {
        var before = "### source\n\nGives data.\n\n- type: shell\n- command: echo\n\n";
        var wf = Workflow("data: list\nlimit: int\nresult: list = data[:limit]", ["data: ${source.data}", "limit: 5"], before: before);
        var target = fx.Target("flow.pflow.md", wf, Ctx);
        var samples = new SampleSet(JObject.Parse("{\"workflows\": {\"flow.pflow.md\": {\"steps\": {\"source\": {\"data\": \"[1, 2, 3, 4, 5, 6, 7]\"}}}}}"));
        var r = fx.Run(target with { Samples = samples });
        Assert.True(r.Ok, r.Error);
        // The upstream value is a JSON string; pflow's auto-parse turns a simple template's JSON array into a list.
        Assert.Equal(new JArray(1, 2, 3, 4, 5), r.Result);
        Assert.Equal("", r.Stdout);
    }

    // ── location ──

    [Fact]
    public void Location_in_lines_of_the_workflow_file()
    {
        var wf = Workflow("x: int\ny: int\nresult: int = x / y", ["x: 1", "y: 0"]);
        var r = Run(wf);
        int line = CodeStart(wf) + 2;
        Assert.Contains($"  Location: line {line} (line 3 in code block)\n  Source: result: int = x / y", r.Error);
        Assert.Equal(line, r.Location?.Line);
        Assert.Equal(3, r.Location?.CodeLine);
    }

    [Fact]
    public void Location_without_a_source_line_uses_code_lines()
    {
        // Code given inline (not as a fenced block) has no source line, as pflow's _code_source_line = 0.
        var wf = "# T\n\nA test.\n\n## Steps\n\n### node\n\nRuns.\n\n- type: code\n- code: \"x = 1\\ny = 0\\nresult: int = x / y\"\n";
        var r = Run(wf);
        Assert.Contains("  Location: line 3 in code block\n  Source: result: int = x / y", r.Error);
    }

    // ── beyond pflow's own tests: how a run fits the workflow ──

    [Fact]
    public void A_workflow_with_several_code_steps_needs_a_step_id()
    {
        var wf = Workflow("result: int = 2", before: "### first\n\nFirst.\n\n- type: code\n\n```python code\nresult: int = 1\n```\n\n");
        var r = Run(wf);
        Assert.Equal("This workflow has 2 code steps; choose one with FILE#STEP (or \"node\"): first, node.", r.Error);
        var picked = fx.Run(fx.Target("flow.pflow.md", wf, Ctx, node: "first"));
        Assert.Equal(1, (int)picked.Result!);
    }

    [Fact]
    public void An_unresolved_template_names_where_values_come_from()
    {
        var r = Run(Workflow("data: list\nresult: list = data", ["data: ${missing_input}"]));
        Assert.StartsWith("Unresolved variables in parameter 'inputs': ${missing_input}", r.Error);
    }

    [Fact]
    public async Task A_run_records_the_step_outputs_for_downstream_steps()
    {
        var outcome = await fx.Runner.RunAsync(fx.Target("flow.pflow.md", Workflow("print('x')\nresult: int = 7"), Ctx));
        var write = Assert.IsType<StepOutputsWrite>(Assert.Single(outcome.SampleWrites));
        Assert.Equal("node", write.StepId);
        Assert.True(JToken.DeepEquals(JObject.Parse("{\"result\": 7, \"stdout\": \"x\\n\", \"stderr\": \"\"}"), write.Outputs));
    }
}
