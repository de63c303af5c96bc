// `codenode check examples/stackai` gives exactly the diagnostics that examples/stackai/expected-check.txt lists.
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Dialects.StackAi;

public sealed class StackAiExampleTests
{
    [Fact]
    public void Check_of_the_example_workspace_matches_its_expected_output()
    {
        string folder = Path.Combine(RepoPaths.Root, "examples", "stackai");
        var stdout = new StringWriter();
        int exit = CheckCommand.Run([folder], "text", stdout, new StringWriter());

        // Paths are shown relative to the current folder; compare them relative to the example workspace.
        const string marker = "examples/stackai/";
        var actual = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Replace('\\', '/'))
            .Select(l => l.Contains(marker, StringComparison.Ordinal) ? l[(l.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..] : l)
            .ToList();
        var expected = File.ReadAllLines(Path.Combine(folder, "expected-check.txt")).Where(l => l.Length > 0).ToList();

        Assert.Equal(expected, actual);
        Assert.Equal(1, exit);
        // The correct nodes give nothing.
        Assert.DoesNotContain(actual, l => l.StartsWith("summarize.py", StringComparison.Ordinal) || l.StartsWith("format_reply.ts", StringComparison.Ordinal)
            || l.StartsWith("fetch_title.py", StringComparison.Ordinal) || l.StartsWith("pragma_node.py", StringComparison.Ordinal));
    }
}
