// `codenode check examples/stackai` gives exactly the diagnostics that examples/stackai/expected-check.txt lists.
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Dialects.StackAi;

public sealed class StackAiExampleTests
{
    [Fact]
    public void Check_of_the_example_workspace_matches_its_expected_output()
    {
        var (actual, expected, exit) = ExampleCheck.Run("stackai");
        Assert.Equal(expected, actual);
        Assert.Equal(1, exit);
        // The correct nodes give nothing.
        string[] correct = ["summarize.py", "format_reply.ts", "fetch_title.py", "pragma_node.py"];
        Assert.DoesNotContain(actual, l => correct.Any(c => l.StartsWith(c + ":", StringComparison.Ordinal)));
    }
}
