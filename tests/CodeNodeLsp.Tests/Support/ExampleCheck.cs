// Runs `codenode check` over an example workspace and reads its expected-check.txt, for the example tests.
using CodeNodeLsp.Cli;

namespace CodeNodeLsp.Tests.Support;

public static class ExampleCheck
{
    /// <summary>
    /// Checks <c>examples/NAME</c>: the output lines with paths relative to the example folder, the lines of its
    /// <c>expected-check.txt</c>, and the exit code.
    /// </summary>
    public static (List<string> Actual, List<string> Expected, int Exit) Run(string name)
    {
        string folder = Path.Combine(RepoPaths.Root, "examples", name);
        var stdout = new StringWriter();
        int exit = CheckCommand.Run([folder], "text", stdout, new StringWriter());
        // Paths are shown relative to the current folder; compare them relative to the example workspace.
        string marker = $"examples/{name}/";
        var actual = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Replace('\\', '/'))
            .Select(l => l.Contains(marker, StringComparison.Ordinal) ? l[(l.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..] : l)
            .ToList();
        var expected = File.ReadAllLines(Path.Combine(folder, "expected-check.txt")).Where(l => l.Length > 0).ToList();
        return (actual, expected, exit);
    }
}
