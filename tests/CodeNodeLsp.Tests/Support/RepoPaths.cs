// Finds the repository root (the folder with CodeNodeLsp.sln) from the test's working folder.
namespace CodeNodeLsp.Tests.Support;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Server => Path.Combine(Root, "server");

    private static string FindRoot()
    {
        for (string? d = AppContext.BaseDirectory; d is not null; d = Path.GetDirectoryName(d))
            if (File.Exists(Path.Combine(d, "CodeNodeLsp.sln"))) return d;
        throw new InvalidOperationException("CodeNodeLsp.sln not found above " + AppContext.BaseDirectory);
    }
}
