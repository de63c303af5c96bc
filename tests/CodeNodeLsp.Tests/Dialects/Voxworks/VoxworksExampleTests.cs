// `codenode check examples/voxworks` gives exactly the diagnostics that examples/voxworks/expected-check.txt lists.
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

public sealed class VoxworksExampleTests
{
    [Fact]
    public void Check_of_the_example_workspace_matches_its_expected_output()
    {
        var (actual, expected, exit) = ExampleCheck.Run("voxworks");
        Assert.Equal(expected, actual);
        Assert.Equal(1, exit);
        // The correct steps give nothing: every line is about a file under broken/.
        Assert.All(actual, l => Assert.StartsWith("broken/", l));
    }
}
