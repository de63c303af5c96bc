// How the workspace root is found: the LSP workspace folder, or for the CLI the nearest marked ancestor.
namespace CodeNodeLsp.Workspace;

public static class WorkspaceRoot
{
    /// <summary>
    /// For a path outside any LSP workspace folder (and for the CLI): the nearest ancestor folder holding
    /// <c>.codenode/</c>, else the nearest holding <c>.git</c>, else the nearest holding <c>codenode.json</c>,
    /// else the path's own folder.
    /// </summary>
    public static string Find(string path)
    {
        string start = Directory.Exists(path) ? Path.GetFullPath(path) : Path.GetDirectoryName(Path.GetFullPath(path)) ?? Path.GetFullPath(path);
        return Nearest(start, d => Directory.Exists(Path.Combine(d, SampleStore.FolderName)))
            ?? Nearest(start, d => Directory.Exists(Path.Combine(d, ".git")) || File.Exists(Path.Combine(d, ".git")))
            ?? Nearest(start, d => File.Exists(Path.Combine(d, Manifest.FileName)))
            ?? start;
    }

    /// <summary>The workspace folder that contains <paramref name="path"/> (the deepest one), or null.</summary>
    public static string? Containing(IEnumerable<string> folders, string path)
    {
        string? best = null;
        foreach (string f in folders)
            if (PathUtil.IsUnder(path, f) && (best is null || f.Length > best.Length)) best = f;
        return best;
    }

    private static string? Nearest(string start, Func<string, bool> marked)
    {
        for (string? d = start; d is not null; d = Path.GetDirectoryName(d))
            if (marked(d)) return d;
        return null;
    }
}
