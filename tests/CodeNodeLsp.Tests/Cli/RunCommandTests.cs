// `codenode run` usage errors: a step that does not exist, or is not code, exits 2 with the reason on stderr.
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Cli;

public class RunCommandTests
{
    private const string Workflow = "# W\n\nA workflow.\n\n## Steps\n\n### fetch\n\nFetch.\n\n- type: http\n- url: https://example.com\n\n### count\n\nCount.\n\n- type: code\n- inputs:\n    data: ${fetch.response}\n\n```python code\ndata: dict\nresult: int = len(data)\n```\n";

    [Theory]
    [InlineData("cuont", "No step 'cuont' in this workflow. Did you mean \"count\"? Code steps: count.")]
    [InlineData("fetch", "Step 'fetch' is a 'http' step; only code steps run locally.")]
    public void ANodeThatCannotRun_IsBadUsage(string step, string expected)
    {
        using var dir = new TempDir();
        string file = dir.File("w.pflow.md", Workflow);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = RunCommand.Run($"{file}#{step}", null, null, json: false, stdout, stderr);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", stdout.ToString());
        Assert.StartsWith("codenode: " + expected, stderr.ToString());
    }
}
