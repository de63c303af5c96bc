// `codenode check examples/voxworks` gives exactly the diagnostics that examples/voxworks/expected-check.txt lists.
using CodeNodeLsp.Cli;
using CodeNodeLsp.Tests.Support;

namespace CodeNodeLsp.Tests.Dialects.Voxworks;

public sealed class VoxworksExampleTests
{
    [Fact]
    public void Check_of_the_example_workspace_matches_its_expected_output()
    {
        string folder = Path.Combine(RepoPaths.Root, "examples", "voxworks");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CheckCommand.Run([folder], "text", stdout, stderr);

        // Paths are shown relative to the current folder; compare them relative to the example workspace.
        const string marker = "examples/voxworks/";
        var actual = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Replace('\\', '/'))
            .Select(l => l.Contains(marker, StringComparison.Ordinal) ? l[(l.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..] : l)
            .ToList();
        var expected = File.ReadAllLines(Path.Combine(folder, "expected-check.txt")).Where(l => l.Length > 0).ToList();

        Assert.Equal(expected, actual);
        Assert.Equal(1, exit);
        // The correct steps give nothing: every line is about a file under broken/.
        Assert.All(actual, l => Assert.StartsWith("broken/", l));
    }
}
