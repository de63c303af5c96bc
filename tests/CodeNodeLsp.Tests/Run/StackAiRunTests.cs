// Stack AI runs: main(args) with upstream values, JSON enforced, TypeScript through Node, and the dependency path.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Run;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Run;

public sealed class StackAiRunTests(RunFixture fx) : IClassFixture<RunFixture>
{
    private static NodeContext Py(params (string Id, JToken? Sample)[] upstream) => new()
    {
        Dialect = DialectIds.StackAi,
        NodeId = "code-0",
        Upstream = upstream.ToDictionary(u => u.Id, u => u.Sample),
    };

    /// <summary>
    /// TypeScript needs esbuild (the repository's node_modules after `npm ci`, as CI has). Where it is absent the
    /// documented outcome is a clear error naming the fix, so the TypeScript tests check that instead.
    /// </summary>
    private bool EsbuildMissing(RunResult r, RunTarget t)
    {
        if (TypeScriptRun.FindEsbuild(t.WorkspaceRoot) != null) return false;
        Assert.False(r.Ok);
        Assert.Equal(TypeScriptRun.EsbuildMissing, r.Error);
        return true;
    }

    private static NodeContext Ts(params (string Id, JToken? Sample)[] upstream) => Py(upstream) with { Language = NodeLanguage.TypeScript };

    [Fact]
    public void Python_main_receives_upstream_samples_and_returns_a_dict()
    {
        var r = fx.Run(fx.Target("node.py", "def main(args):\n    print('hi')\n    return {'n': args['in-0'] * 2}\n",
            Py(("in-0", 21))));
        Assert.True(r.Ok, r.Error);
        Assert.Equal(42, (int)r.Output!["n"]!);
        Assert.Equal("hi\n", r.Stdout);
        Assert.Null(r.Error);
    }

    [Fact]
    public void Recorded_samples_and_inputs_override_the_manifest_sample()
    {
        var samples = new SampleSet(JObject.Parse("{\"nodes\": {\"in-0\": \"recorded\", \"llm-0\": \"x\"}}"));
        var target = fx.Target("node.py", "def main(args):\n    return {'a': args['in-0'], 'b': args['llm-0']}\n",
            Py(("in-0", "manifest"), ("llm-0", "manifest")), samples, inputs: JObject.Parse("{\"llm-0\": \"given\"}"));
        var r = fx.Run(target);
        Assert.True(r.Ok, r.Error);
        Assert.Equal("recorded", (string?)r.Output!["a"]);
        Assert.Equal("given", (string?)r.Output!["b"]);
    }

    [Fact]
    public void A_json_dumps_string_is_parsed_into_the_output()
    {
        var r = fx.Run(fx.Target("node.py", "import json\ndef main(args):\n    return json.dumps([1, 2])\n", Py()));
        Assert.True(r.Ok, r.Error);
        Assert.Equal("[1, 2]", (string?)r.Result);
        Assert.Equal(new JArray(1, 2), r.Output);
    }

    [Theory]
    [InlineData("return {1, 2}", "The output of main() is not JSON: Object of type set is not JSON serializable")]
    [InlineData("return None", "main() returned None; the output must be JSON")]
    [InlineData("return 'plain text'", "main() returned a string that is not JSON text")]
    [InlineData("return {'x': float('nan')}", "The output of main() is not JSON: Out of range float values are not JSON compliant")]
    public void Output_that_is_not_json_fails(string body, string expected)
    {
        var r = fx.Run(fx.Target("node.py", $"def main(args):\n    {body}\n", Py()));
        Assert.False(r.Ok);
        Assert.StartsWith(expected, r.Error);
    }

    [Fact]
    public void An_exception_reports_the_traceback_of_user_frames_and_the_line()
    {
        var r = fx.Run(fx.Target("node.py", "def main(args):\n    x = 1\n    return {'v': x / 0}\n", Py()));
        Assert.False(r.Ok);
        Assert.Contains("ZeroDivisionError: division by zero", r.Error);
        Assert.Contains("line 3, in main", r.Error);
        Assert.DoesNotContain("harness", r.Error);
        Assert.Equal(3, r.Location!.Line);
        Assert.Equal("return {'v': x / 0}", r.Location.Source);
    }

    [Fact]
    public void The_cause_leads_and_the_traceback_follows()
    {
        var r = fx.Run(fx.Target("node.py", "def main(args):\n    return {'n': int(args['in-0'])}\n", Py(("in-0", "three"))));
        Assert.False(r.Ok);
        const string cause = "ValueError: invalid literal for int() with base 10: 'three'";
        Assert.Equal(cause, (string?)r.ToJson()["cause"]);
        // Stack AI's documented text leads the error and stays right after the cause it introduces.
        Assert.StartsWith(StackAiRun.ExecutionFailedText + "\nTraceback", r.Error);
        Assert.StartsWith(cause + "\n" + StackAiRun.ExecutionFailedText + "\nTraceback (most recent call last):\n  File ", RunResult.CauseFirst(r.Error!));
        Assert.StartsWith("--- error ---\n" + cause + "\n" + StackAiRun.ExecutionFailedText + "\nTraceback", r.ToText().Split('\n', 2)[1]);

        // A message over several lines stays whole; a text that is no traceback is left as it is.
        Assert.Equal("ValueError: a\nb\nTraceback (most recent call last):\n  File \"n.py\", line 2, in main\n    raise ValueError('a')",
            RunResult.CauseFirst("Traceback (most recent call last):\n  File \"n.py\", line 2, in main\n    raise ValueError('a')\nValueError: a\nb"));
        Assert.Equal("Undefined variable 'x'\n\nSuggestions: ...", RunResult.CauseFirst("Undefined variable 'x'\n\nSuggestions: ..."));
        Assert.Equal("Undefined variable 'x'", RunResult.CauseOf("Undefined variable 'x'\n\nSuggestions: ..."));
    }

    [Fact]
    public void Missing_main_is_reported()
    {
        var r = fx.Run(fx.Target("node.py", "def handler(args):\n    return {}\n", Py()));
        Assert.False(r.Ok);
        Assert.Equal("The code must define a function main(args) at the top level", r.Error);
    }

    [Fact]
    public void The_run_works_in_the_workspace_folder()
    {
        var target = fx.Target("node.py", "import os\ndef main(args):\n    return {'cwd': os.getcwd(), 'marker': os.environ.get('CODENODE_RUN')}\n", Py());
        var r = fx.Run(target);
        Assert.True(r.Ok, r.Error);
        Assert.Equal(target.WorkspaceRoot, (string?)r.Output!["cwd"]);
        Assert.Equal("1", (string?)r.Output!["marker"]);
    }

    [Fact]
    public void A_dependency_that_cannot_be_installed_fails_once_and_is_remembered()
    {
        // The workspace's pip.conf names an index where nothing listens, so the install fails; the second run answers
        // from the failure note without starting pip (no process of the second run's own).
        var ctx = Py() with { Dependencies = ["codenode-no-such-package-xyz==0.0.1"] };
        var code = "import codenode_no_such_package_xyz\ndef main(args):\n    return {}\n";
        var first = fx.Target("node.py", code, ctx);
        File.WriteAllText(Path.Combine(first.WorkspaceRoot, "pip.conf"), $"[global]\nindex-url = http://127.0.0.1:{LocalIndex.ClosedPort()}/simple/\n");
        var failed = fx.Run(first);
        Assert.False(failed.Ok);
        Assert.StartsWith(Dependencies.FailurePrefix, failed.Error);
        Assert.Contains("codenode-no-such-package-xyz==0.0.1", failed.Error);
        var second = fx.Run(first with { });
        Assert.Equal(failed.Error, second.Error![..failed.Error!.Length]);
        Assert.Contains("remembered from an attempt", second.Error);
    }

    [Fact]
    public void TypeScript_main_runs_on_node_with_upstream_args()
    {
        var code = "interface In { n: number }\nexport function main(args: Record<string, In>) {\n  console.log('ts says', args['in-0'].n);\n  return { doubled: args['in-0'].n * 2 };\n}\n";
        var t = fx.Target("node.ts", code, Ts(("in-0", JObject.Parse("{\"n\": 4}"))));
        var r = fx.Run(t);
        if (EsbuildMissing(r, t)) return;
        Assert.True(r.Ok, r.Error);
        Assert.Equal(8, (int)r.Output!["doubled"]!);
        Assert.Equal("ts says 4\n", r.Stdout);
    }

    [Fact]
    public void TypeScript_unexported_async_main_and_json_string()
    {
        var code = "async function main(args: any): Promise<string> {\n  return JSON.stringify({ ok: true });\n}\n";
        var t = fx.Target("node.ts", code, Ts());
        var r = fx.Run(t);
        if (EsbuildMissing(r, t)) return;
        Assert.True(r.Ok, r.Error);
        Assert.True((bool)r.Output!["ok"]!);
    }

    [Theory]
    [InlineData("return new Set([1]);", "The output of main() is not JSON: the output is a Set, not a plain object")]
    [InlineData("return undefined;", "main() returned undefined")]
    [InlineData("return { f: () => 1 };", "The output of main() is not JSON: the output.f is a function")]
    public void TypeScript_output_that_is_not_json_fails(string body, string expected)
    {
        var t = fx.Target("node.ts", $"export function main(args: any): any {{\n  {body}\n}}\n", Ts());
        var r = fx.Run(t);
        if (EsbuildMissing(r, t)) return;
        Assert.False(r.Ok);
        Assert.StartsWith(expected, r.Error);
    }

    [Fact]
    public void TypeScript_errors_point_at_the_ts_line()
    {
        var code = "type T = { a: number };\nexport function main(args: any) {\n  const t: T = { a: 1 };\n  throw new Error('boom ' + t.a);\n}\n";
        var t = fx.Target("node.ts", code, Ts());
        var r = fx.Run(t);
        if (EsbuildMissing(r, t)) return;
        Assert.False(r.Ok);
        Assert.StartsWith(StackAiRun.ExecutionFailedText + "\nError: boom 1", r.Error);
        Assert.Equal(4, r.Location?.Line);
    }
}
