// Voxworks runs: the documented examples, the system-note formats, routing, helpers, and variables kept between runs.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Voxworks;
using CodeNodeLsp.Run;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

public sealed class VoxworksRunTests(RunFixture fx) : IClassFixture<RunFixture>
{
    private static NodeContext Ctx(string[]? conditions = null, string? variables = null, string? inputs = null) => new()
    {
        Dialect = DialectIds.Voxworks,
        NodeId = "step",
        Conditions = conditions ?? ["yes", "otherwise"],
        Variables = variables == null ? new Dictionary<string, JToken?>() : JObject.Parse(variables).Properties().ToDictionary(p => p.Name, p => (JToken?)p.Value),
        Inputs = inputs == null ? new Dictionary<string, JToken?>() : JObject.Parse(inputs).Properties().ToDictionary(p => p.Name, p => (JToken?)p.Value),
    };

    private RunResult Run(string code, NodeContext? ctx = null) => fx.Run(fx.Target("step.py", code, ctx ?? Ctx()));

    [Fact]
    public void The_minimal_step_returns_true_and_routes_to_the_first_condition()
    {
        var r = Run("def run():\n    return True\n");
        Assert.True(r.Ok, r.Error);
        Assert.Equal([true], r.Outputs);
        Assert.Equal("yes", r.Condition);
        Assert.Equal(0, r.ConditionIndex);
        Assert.Equal(["Tool | Code Step | Run success: outputs={'0': True}"], r.SystemNotes);
    }

    [Fact]
    public async Task The_email_example_reads_and_writes_variables()
    {
        var code = "def run():\n    email = {{contact.email}}\n    {{contact.email_verified}} = bool(email and \"@\" in email)\n    return {{contact.email_verified}}\n";
        var outcome = await fx.Runner.RunAsync(fx.Target("step.py", code, Ctx(variables: "{\"contact.email\": \"ada@example.com\", \"contact.email_verified\": null}")));
        var r = outcome.Result;
        Assert.True(r.Ok, r.Error);
        Assert.Equal([true], r.Outputs);
        Assert.True((bool)r.Variables!["contact.email_verified"]!);
        var write = Assert.IsType<VariablesWrite>(Assert.Single(outcome.SampleWrites));
        Assert.Equal(["contact.email_verified"], write.Values.Keys);
    }

    [Fact]
    public void Prints_become_notes_before_the_success_note()
    {
        var r = Run("def run():\n    print(\"email present:\", True)\n    print(\"a\", \"b\", sep=\"-\", end=\"\\nsecond line\\n\")\n    return [True, False]\n");
        Assert.True(r.Ok, r.Error);
        Assert.Equal([
            "Tool | Code Step | Print: email present: True",
            "Tool | Code Step | Print: a-b",
            "Tool | Code Step | Print: second line",
            "Tool | Code Step | Run success: outputs={'0': True, '1': False}",
        ], r.SystemNotes);
        Assert.Equal("email present: True\na-b\nsecond line\n", r.Stdout);
    }

    [Theory]
    [InlineData("True, False", "first", 0)]
    [InlineData("False, True", "second", 1)]
    [InlineData("False, False", "otherwise", 2)]
    [InlineData("[False, True]", "second", 1)]
    public void Booleans_route_by_index_with_otherwise_as_fallback(string returned, string condition, int index)
    {
        var r = Run($"def run():\n    return {returned}\n", Ctx(["first", "second", "otherwise"]));
        Assert.True(r.Ok, r.Error);
        Assert.Equal(condition, r.Condition);
        Assert.Equal(index, r.ConditionIndex);
    }

    [Fact]
    public void A_single_false_takes_the_final_condition()
    {
        var r = Run("def run():\n    return False\n", Ctx(["first", "second", "otherwise"]));
        Assert.Equal("otherwise", r.Condition);
    }

    [Fact]
    public void An_unmapped_input_is_the_documented_run_error_note()
    {
        var r = Run("def run():\n    return bool(input_1)\n");
        Assert.False(r.Ok);
        Assert.Equal("name 'input_1' is not defined", r.Error);
        Assert.Equal(["Tool | Code Step | Run error on line 2: name 'input_1' is not defined | return bool(input_1)"], r.SystemNotes);
        Assert.Equal(2, r.Location?.Line);
        Assert.Equal("otherwise", r.Condition);
    }

    [Fact]
    public void A_mapped_input_is_injected()
    {
        var r = Run("def run():\n    return input_1 == \"yes\"\n", Ctx(inputs: "{\"input_1\": \"yes\"}"));
        Assert.True(r.Ok, r.Error);
        Assert.Equal([true], r.Outputs);
    }

    [Theory]
    [InlineData("    return \"true\"")]
    [InlineData("    return 1")]
    [InlineData("    value = 1\n    return value")]
    public void A_return_that_is_not_booleans_fails_closed(string body)
    {
        var r = Run("def run():\n" + body + "\n");
        Assert.False(r.Ok);
        Assert.Equal("run() must return bool or list/tuple of bools", r.Error);
        Assert.Equal("otherwise", r.Condition);
        Assert.Null(r.Outputs);
    }

    [Fact]
    public void The_validator_refuses_before_anything_runs()
    {
        var r = Run("def run():\n    import os\n    return True\n");
        Assert.False(r.Ok);
        var note = Assert.Single(r.SystemNotes!);
        Assert.StartsWith("Tool | Code Step | Compile error on line 2: ", note);
        Assert.EndsWith(" | import os", note);
        Assert.Equal("otherwise", r.Condition);
        Assert.Equal(0, r.DurationMs);
    }

    [Fact]
    public void An_indented_run_is_refused_as_a_compile_error()
    {
        var r = Run("  def run():\n      return True\n");
        Assert.False(r.Ok);
        Assert.Equal("unexpected indent", r.Error);
        Assert.Equal(["Tool | Code Step | Compile error on line 1: unexpected indent | def run():"], r.SystemNotes);
    }

    [Fact]
    public void Helpers_behave_as_documented()
    {
        var code = string.Join("\n",
            "def run():",
            "    checks = []",
            "    checks.append(coalesce(None, \"d\") == \"d\")",
            "    checks.append(coalesce(\"\", \"d\") == \"d\")",
            "    checks.append(coalesce(0, \"d\") == 0)",
            "    checks.append(is_empty([]) and is_empty({}) and is_empty(\"\") and is_empty(None))",
            "    checks.append(is_not_empty(\"x\"))",
            "    checks.append(map_value(\"  YES \", {\"yes\": \"y\"}, \"n\") == \"y\")",
            "    checks.append(map_value(\"maybe\", {\"yes\": \"y\"}, \"n\") == \"n\")",
            "    checks.append(is_number(3) and is_number(2.5) and not is_number(True))",
            "    checks.append(is_string(\"s\") and is_list([1]) and is_dict({}))",
            "    data = json_loads(\"{\\\"a\\\": {\\\"b\\\": [10, 20]}}\")",
            "    checks.append(get_path(data, \"a.b.1\", 0) == 20)",
            "    checks.append(get_path(data, \"a.missing\", \"none\") == \"none\")",
            "    checks.append(get_path(set_path({}, \"x.y\", 1), \"x.y\", 0) == 1)",
            "    checks.append(json_dumps({\"k\": 1}) == \"{\\\"k\\\": 1}\")",
            "    checks.append(regex_match(\"^\\\\+614\\\\d{8}$\", \"+61412345678\"))",
            "    checks.append(not regex_match(\"^\\\\+614\", \"0412\"))",
            "    checks.append(parse_datetime(\"2024-01-15T12:00:00\") is not None)",
            "    checks.append(parse_datetime(\"not a date\") is None)",
            "    checks.append(timezone_offset(\"Australia/Sydney\", \"2024-01-15T12:00:00\") == \"+11:00\")",
            "    checks.append(timezone_offset(\"Australia/Perth\", \"2024-07-01T12:00:00\") == \"+08:00\")",
            "    checks.append(timezone_offset(\"Not/AZone\") == \"\")",
            "    n = random_int(1, 3)",
            "    checks.append(n >= 1 and n <= 3)",
            "    checks.append(sorted(random_shuffle([3, 1, 2])) == [1, 2, 3])",
            "    checks.append(get_variable(\"custom.obj.deep\", \"none\") == \"v\")",
            "    set_variable(\"custom.obj.other\", 5)",
            "    checks.append({{custom.obj}}.get(\"other\") == 5)",
            "    return checks",
            "");
        var r = Run(code, Ctx(variables: "{\"custom.obj\": {\"deep\": \"v\"}}"));
        Assert.True(r.Ok, r.Error);
        var failed = r.Outputs!.Select((ok, i) => (ok, i)).Where(x => !x.ok).Select(x => x.i).ToList();
        Assert.True(failed.Count == 0, "helper checks that failed (0-based): " + string.Join(", ", failed));
        Assert.Equal(24, r.Outputs!.Count);
        Assert.Equal(5, (int)r.Variables!["custom.obj"]!["other"]!);
    }

    /// <summary>A job straight to the harness (no validator in front), with the allow-list as the server sends it.</summary>
    private async Task<JObject> HarnessReply(string code, Action<JObject>? edit = null)
    {
        var job = new JObject
        {
            ["kind"] = "voxworks", ["code"] = code, ["variables"] = new JObject(),
            ["allow"] = JObject.FromObject(VoxworksAllowList.HarnessTable()),
        };
        edit?.Invoke(job);
        var outcome = await fx.Runner.RunPythonJobAsync(job, fx.NewWorkspace(), 30, CancellationToken.None);
        return outcome.Outcome!.Reply!;
    }

    [Fact]
    public async Task The_harness_rechecks_code_it_never_saw_validated()
    {
        // A second wall behind the validator: the harness checks the code against the same allow-list.
        foreach (var (code, found) in new[]
        {
            ("def run():\n    open('/etc/hostname')\n    return True\n", "a call of something the allow-list does not name"),
            ("def run():\n    x = ''.__class__\n    return True\n", "the attribute '__class__'"),
            ("def run():\n    x = 'a'.real\n    return True\n", "the attribute 'real'"),
            ("def run():\n    match 'a':\n        case str(format=f):\n            return True\n    return False\n", "the class pattern keyword 'format'"),
            ("def run():\n    return sorted([1], key=print) == [1] and sorted([1], **{}) == [1]\n", "keyword unpacking (**)"),
            ("def run():\n    return len([1], flush=True) == 1\n", "the keyword argument 'flush'"),
            ("def run():\n    f = len\n    return sorted([1], key=f) == [1]\n", "a key= callable the allow-list does not name"),
            ("x = 1\ndef run():\n    return True\n", "a top-level statement other than def run():"),
            ("def run():\n    _x = 1\n    return True\n", "the name '_x'"),
            ("def run():\n    return (lambda: True)()\n", "a call of something the allow-list does not name"),
        })
        {
            var reply = await HarnessReply(code);
            Assert.False((bool?)reply["ok"], code);
            Assert.Contains(found, (string?)reply["error"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_harness_and_the_validator_share_one_allow_list()
    {
        // The production path: every helper and built-in the C# table names exists in the step's namespace and works.
        var calls = string.Join(" and ", VoxworksAllowList.FunctionList.Select(f => $"is_not_empty(str({f.Name}))"));
        var ok = await HarnessReply($"def run():\n    return {calls}\n");
        Assert.True((bool?)ok["ok"], (string?)ok["error"]);

        // A table naming a helper the harness lacks, or lacking one it has, fails closed: nothing runs.
        var extra = await HarnessReply("def run():\n    return True\n", job => ((JArray)job["allow"]!["helpers"]!).Add("read_file"));
        Assert.False((bool?)extra["ok"]);
        Assert.Contains("disagree on the helpers", (string?)extra["error"], StringComparison.Ordinal);
        var missing = await HarnessReply("def run():\n    return True\n", job => ((JArray)job["allow"]!["helpers"]!).RemoveAt(0));
        Assert.False((bool?)missing["ok"]);
        Assert.Contains("disagree on the helpers", (string?)missing["error"], StringComparison.Ordinal);
        // A built-in that reaches code or attributes is never handed out, whatever the table says; no table, no run.
        var getattr = await HarnessReply("def run():\n    return True\n", job => ((JArray)job["allow"]!["builtins"]!).Add("getattr"));
        Assert.False((bool?)getattr["ok"]);
        Assert.Contains("never hands to a step", (string?)getattr["error"], StringComparison.Ordinal);
        var none = await HarnessReply("def run():\n    return True\n", job => job.Remove("allow"));
        Assert.False((bool?)none["ok"]);
        Assert.Contains("no allow-list", (string?)none["error"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("open", "open")]
    [InlineData("frame", "sys._getframe")]
    [InlineData("import", "import")]
    public async Task The_run_time_guard_fails_closed_even_when_the_step_swallows_the_refusal(string probe, string event_)
    {
        var reply = await HarnessReply("def run():\n    return True\n", job => job["guardProbe"] = probe);
        Assert.False((bool?)reply["ok"]);
        Assert.Contains("tried to reach " + event_, (string?)reply["error"], StringComparison.Ordinal);
        Assert.Null(reply["outputs"]?.Type == JTokenType.Null ? null : reply["outputs"]);
    }

    [Fact]
    public async Task A_counter_increments_run_after_run_through_the_samples_file()
    {
        var ws = fx.NewWorkspace();
        Directory.CreateDirectory(Path.Combine(ws, ".codenode"));
        File.WriteAllText(Path.Combine(ws, "codenode.json"),
            "{\"nodes\": {\"count\": {\"dialect\": \"voxworks\", \"file\": \"count.py\", \"variables\": {\"custom.attempts\": 0}, \"conditions\": [\"again\", \"otherwise\"]}}}");
        File.WriteAllText(Path.Combine(ws, "count.py"),
            "def run():\n    {{custom.attempts}} = coalesce({{custom.attempts}}, 0) + 1\n    return {{custom.attempts}} < 3\n");
        var seen = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            var workspace = new CodeNodeWorkspace();
            var doc = workspace.LoadFile(Path.Combine(ws, "count.py"));
            var (target, refusal) = RunDocuments.TargetFor(doc, null, null, null);
            Assert.True(target != null, refusal?.Error);
            var outcome = await fx.Runner.RunAsync(target!);
            var result = RunDocuments.Record(workspace, target!, outcome);
            Assert.True(result.Ok, result.Error ?? result.RecordError);
            Assert.Equal(["variables.custom.attempts"], result.Recorded);
            seen.Add((int)result.Variables!["custom.attempts"]!);
        }
        Assert.Equal([1, 2, 3], seen);
        var saved = JObject.Parse(File.ReadAllText(Path.Combine(ws, ".codenode", "samples.json")));
        Assert.Equal(3, (int)saved["variables"]!["custom.attempts"]!);
    }

    [Fact]
    public void Conditions_are_numbered_from_one_and_name_the_otherwise_route()
    {
        var r = Run("def run():\n    return [False, True]\n", Ctx(conditions: ["qualified", "nurture", "otherwise"]));
        Assert.True(r.Ok, r.Error);
        Assert.Equal(
            [new ConditionRow(1, "qualified", false, false), new ConditionRow(2, "nurture", true, true), new ConditionRow(3, "otherwise", null, false)],
            r.Conditions);
        var json = r.ToJson();
        Assert.Equal(3, ((JArray)json["conditions"]!).Count);
        Assert.Equal("otherwise", (string?)json["conditions"]![2]!["name"]);
        Assert.Contains("condition 2 (nurture): True  <- routed\ncondition 3 (otherwise): -\n", r.ToText());

        // No true output, or a failure, takes the final condition, which the rows mark as routed.
        var none = Run("def run():\n    return False\n");
        Assert.Equal([new ConditionRow(1, "yes", false, false), new ConditionRow(2, "otherwise", null, true)], none.Conditions);
    }

    [Fact]
    public void The_variables_shown_are_this_steps_only()
    {
        var ws = fx.NewWorkspace();
        var code = "def run():\n    n = get_variable(\"custom.dynamic\", 0)\n    {{custom.mine}} = n + 1\n    return {{contact.email}} != \"\"\n";
        // Another step recorded custom.other; this step neither declares, names nor touches it.
        var samples = new SampleSet(JObject.Parse("{\"variables\": {\"custom.other\": 7, \"custom.dynamic\": 4, \"contact.email\": \"a@b.c\"}}"));
        var target = fx.Target("step.py", code, Ctx(variables: "{\"custom.declared\": 1}"), samples);
        var r = fx.Run(target);
        Assert.True(r.Ok, r.Error);
        Assert.Equal(["contact.email", "custom.declared", "custom.dynamic", "custom.mine"], r.Variables!.Properties().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(5, (int)r.Variables!["custom.mine"]!);
    }
}
