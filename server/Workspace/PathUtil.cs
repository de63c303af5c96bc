// Path and URI helpers of the workspace: file URIs, normalised comparisons, and the file kinds the server knows.
namespace CodeNodeLsp.Workspace;

public static class PathUtil
{
    /// <summary>Paths compare case-insensitively only where the file system does (Windows and macOS by default).</summary>
    public static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static bool SamePath(string a, string b) => string.Equals(a, b, PathComparison);

    public static bool IsPflowWorkflow(string path) => path.EndsWith(".pflow.md", StringComparison.OrdinalIgnoreCase);

    public static bool IsManifest(string path) => string.Equals(Path.GetFileName(path), Manifest.FileName, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for <c>.codenode/samples.json</c> anywhere.</summary>
    public static bool IsSamplesFile(string path) =>
        string.Equals(Path.GetFileName(path), SampleStore.FileName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Path.GetFileName(Path.GetDirectoryName(path)), SampleStore.FolderName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The file-system path of a <c>file:</c> URI, or null for other schemes (untitled:, git:, ...).</summary>
    public static string? FromUri(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var u) || !u.IsFile) return null;
        try
        {
            return Path.GetFullPath(u.LocalPath);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    public static string ToUri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    /// <summary>A path relative to <paramref name="root"/> with forward slashes (the key used in the samples file).</summary>
    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies inside it.</summary>
    public static bool IsUnder(string path, string folder)
    {
        string f = Path.TrimEndingDirectorySeparator(folder);
        return path.StartsWith(f, PathComparison) && (path.Length == f.Length || path[f.Length] == Path.DirectorySeparatorChar || path[f.Length] == Path.AltDirectorySeparatorChar);
    }
}
