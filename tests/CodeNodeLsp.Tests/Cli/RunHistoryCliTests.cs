// `codenode run` history and test cases: --last prints the kept run, --case runs a saved case.
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Tests.Cli;

public class RunHistoryCliTests
{
    private static (int Code, string Out, string Err) Run(string target, bool json = false, string? inputs = null, string? caseName = null, bool last = false)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = RunCommand.Run(target, inputs, null, json, stdout, stderr, caseName: caseName, last: last);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static TempDir Workspace()
    {
        var dir = new TempDir();
        dir.File("codenode.json", """{"nodes": {"parse": {"dialect": "stackai", "file": "node.py", "upstream": {"in-0": "three"}}}}""");
        dir.File("node.py", "def main(args):\n    return {'n': int(args['in-0'])}\n");
        return dir;
    }

    [Fact]
    public void Last_prints_the_kept_run_without_running_and_says_when_there_is_none()
    {
        using var dir = Workspace();
        var file = Path.Combine(dir.Path, "node.py");
        var none = Run(file, last: true);
        Assert.Equal(2, none.Code);
        Assert.Contains("no run of node.py is kept yet", none.Err);

        var ran = Run(file);
        Assert.Equal(1, ran.Code);
        Assert.StartsWith("failed (stackai parse, ", ran.Out);
        Assert.Contains("--- error ---\nValueError: invalid literal for int() with base 10: 'three'\n", ran.Out);
        Assert.Contains("--- inputs ---\nargs in-0 = \"three\"  (manifest upstream)\n", ran.Out);

        var last = Run(file, last: true);
        Assert.Equal(1, last.Code);
        Assert.StartsWith("last run ", last.Out);
        Assert.Contains(ran.Out, last.Out);

        var json = JObject.Parse(Run(file, json: true, last: true).Out);
        // A kept result reads back whole: every field of the stored object survives the round trip.
        Assert.Equal(json["result"], CodeNodeLsp.Run.RunResult.FromJson((JObject)json["result"]!).ToJson());
        Assert.Equal("node.py", (string?)json["file"]);
        Assert.Equal((string?)json["id"], (string?)json["result"]!["runId"]);
        Assert.Equal("ValueError: invalid literal for int() with base 10: 'three'", (string?)json["result"]!["cause"]);
    }

    [Fact]
    public void Case_runs_the_saved_inputs_and_an_unknown_case_is_bad_usage()
    {
        using var dir = Workspace();
        var file = Path.Combine(dir.Path, "node.py");
        dir.File("node.py.cases.json", """{"cases": [{"name": "seven", "inputs": {"in-0": "7"}}]}""");
        var ok = Run(file, json: true, caseName: "seven");
        Assert.Equal(0, ok.Code);
        var result = JObject.Parse(ok.Out);
        Assert.Equal(7, (int)result["output"]!["n"]!);
        Assert.Equal("seven", (string?)result["case"]);
        Assert.Equal("7", (string?)result["inputs"]!["given"]!["in-0"]);

        var missing = Run(file, caseName: "eight");
        Assert.Equal(2, missing.Code);
        Assert.Equal("codenode: No test case 'eight' in node.py.cases.json. Cases of this node: seven.\n", missing.Err.Replace("\r\n", "\n"));
    }
}
