// Differential test against pflow 0.8.0's own code: the code node and template resolution, answers recorded by tests/pflow-oracle/oracle.py.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects.Pflow;
using CodeNodeLsp.Run;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

/// <summary>
/// Each case of tests/fixtures/pflow-oracle/cases.json was run through pflow 0.8.0's PythonCodeNode (prep, exec,
/// exec_fallback, post through the vendored pocketflow) or its TemplateResolver.resolve_nested, under CPython 3.12;
/// expected-0.8.json holds what pflow answered. Here the same case goes through our harness (0.8 mode) or our
/// resolver, and every field pflow gives must be equal: the action, the result, stdout, stderr, the error text, and
/// for a failure that escapes pflow's node (its prep errors, sys.exit, KeyboardInterrupt) the exception's message
/// or our account of the exit. Re-record with: python3.12 tests/pflow-oracle/oracle.py --pflow-src CHECKOUT.
/// </summary>
public sealed class PflowOracleDifferentialTests(RunFixture fx) : IClassFixture<RunFixture>
{
    private static readonly JObject Cases = JObject.Parse(File.ReadAllText(RepoPaths.Fixtures("pflow-oracle", "cases.json")));
    private static readonly JObject Expected = JObject.Parse(File.ReadAllText(RepoPaths.Fixtures("pflow-oracle", "expected-0.8.json")));

    public static TheoryData<string> CodeCases() => Names("code");
    public static TheoryData<string> TemplateCases() => Names("templates");

    private static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var c in (JArray)Cases[kind]!) data.Add((string)c["name"]!);
        return data;
    }

    private static JObject Case(string kind, string name) => (JObject)((JArray)Cases[kind]!).Single(c => (string?)c["name"] == name);

    [Fact]
    public void Every_case_has_a_recorded_answer()
    {
        foreach (var kind in new[] { "code", "templates" })
            foreach (var c in (JArray)Cases[kind]!)
                Assert.True(Expected[kind]?[(string)c["name"]!] is not null, $"{kind}/{c["name"]} has no recorded answer; run the oracle");
    }

    [Theory]
    [MemberData(nameof(CodeCases))]
    public async Task The_harness_answers_a_code_case_as_pflow_did(string name)
    {
        var c = Case("code", name);
        var pflow = (JObject)Expected["code"]![name]!;
        var job = new JObject
        {
            ["kind"] = "pflow", ["code"] = c["code"]!.DeepClone(), ["inputs"] = c["inputs"]!.DeepClone(),
            ["timeout"] = c["timeout"]?.DeepClone() ?? JValue.CreateNull(), ["codeSourceLine"] = 0, ["later"] = false,
        };
        var outcome = await fx.Runner.RunPythonJobAsync(job, fx.NewWorkspace(), 30, CancellationToken.None);
        var reply = outcome.Outcome?.Reply;
        Assert.NotNull(reply);
        if (pflow["escaped"] is { } escaped)
        {
            Assert.False((bool)reply!["ok"]!);
            if ((string?)escaped is "SystemExit" or "KeyboardInterrupt")
            {
                Assert.Equal("exit", (string?)reply["stage"]);
                Assert.Equal((string?)escaped, (string?)reply["escaped"]);
                if ((string?)escaped == "SystemExit") Assert.Equal((string?)pflow["message"], ((int?)reply["exitCode"])?.ToString());
            }
            else
            {
                Assert.Equal("prep", (string?)reply["stage"]);
                Assert.Equal((string?)pflow["message"], (string?)reply["error"]);
            }
            return;
        }
        string action = (string?)reply!["action"] ?? ((bool)reply["ok"]! ? "default" : "error");
        Assert.Equal((string?)pflow["action"], action);
        Assert.Equal((string?)pflow["error"], (string?)reply["error"]);
        Assert.True(JToken.DeepEquals(pflow["result"], reply["result"] ?? JValue.CreateNull()), $"result: pflow {pflow["result"]}, ours {reply["result"]}");
        Assert.Equal((string?)pflow["stdout"], JobOutcome.Captured(reply["stdout"]));
        Assert.Equal((string?)pflow["stderr"], JobOutcome.Captured(reply["stderr"]));
    }

    [Theory]
    [MemberData(nameof(TemplateCases))]
    public void The_resolver_answers_a_template_case_as_pflow_did(string name)
    {
        var c = Case("templates", name);
        var context = new TemplateContext
        {
            Inputs = ((JObject)c["inputs"]!).Properties().ToDictionary(p => p.Name, p => (JToken?)p.Value),
            Steps = ((JObject)c["steps"]!).Properties().ToDictionary(p => p.Name, p => (JToken?)p.Value),
        };
        var ours = TemplateResolver.ResolveNested(c["value"]!, context);
        var pflow = Expected["templates"]![name]!;
        Assert.True(JToken.DeepEquals(pflow, ours), $"pflow {pflow.ToString(Newtonsoft.Json.Formatting.None)}, ours {ours.ToString(Newtonsoft.Json.Formatting.None)}");
    }
}
