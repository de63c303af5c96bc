// Finds the repository root (the folder with CodeNodeLsp.sln) from the test's working folder.
namespace CodeNodeLsp.Tests.Support;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Server => Path.Combine(Root, "server");

    /// <summary>A path under <c>tests/fixtures</c>.</summary>
    public static string Fixtures(params string[] parts) => Path.Combine([Root, "tests", "fixtures", .. parts]);

    private static string FindRoot()
    {
        for (string? d = AppContext.BaseDirectory; d is not null; d = Path.GetDirectoryName(d))
            if (File.Exists(Path.Combine(d, "CodeNodeLsp.sln"))) return d;
        throw new InvalidOperationException("CodeNodeLsp.sln not found above " + AppContext.BaseDirectory);
    }
}
