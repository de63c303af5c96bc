// Finds the code-node files under folders (for `codenode check DIR`): workflows, manifests and manifest/pragma files.
namespace CodeNodeLsp.Workspace;

public static class CodeNodeFinder
{
    /// <summary>Folders that never hold a user's code nodes and can be huge.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal)
    {
        ".git", "node_modules", "bin", "obj", ".venv", "venv", "__pycache__", ".codenode", ".codenode-cache", "dist", "out",
    };

    /// <summary>
    /// Candidate files in a folder, recursively, in ordinal path order: every <c>*.pflow.md</c>, every
    /// <c>codenode.json</c> and <c>.codenode/samples.json</c>, and every <c>.py</c>/<c>.ts</c> (the caller keeps
    /// those the locator accepts).
    /// </summary>
    public static IEnumerable<string> Candidates(string folder)
    {
        var stack = new Stack<string>();
        stack.Push(Path.GetFullPath(folder));
        var found = new List<string>();
        while (stack.Count > 0)
        {
            string dir = stack.Pop();
            IEnumerable<string> files, dirs;
            try
            {
                files = Directory.EnumerateFiles(dir).ToList();
                dirs = Directory.EnumerateDirectories(dir).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (string f in files)
                if (PathUtil.IsPflowWorkflow(f) || PathUtil.IsManifest(f) || CodeNodeLocator.IsScriptFile(f)) found.Add(f);
            // The samples file lives in .codenode/, which the walk skips; it is checked as a file of its folder's owner.
            string samples = Path.Combine(dir, SampleStore.FolderName, SampleStore.FileName);
            if (File.Exists(samples)) found.Add(samples);
            foreach (string d in dirs)
            {
                var attributes = File.GetAttributes(d);
                if (!SkippedFolders.Contains(Path.GetFileName(d)) && (attributes & FileAttributes.ReparsePoint) == 0) stack.Push(d);
            }
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>
    /// Whether a file found by a folder search is reported: code nodes, manifests and samples files, and files whose
    /// pragma is broken; an ordinary Python or TypeScript file is not (the CLI and workspace diagnostics agree on this).
    /// </summary>
    public static bool IsReported(Document doc) => doc.Kind != DocumentKind.Other || doc.Located.Diagnostics.Count > 0;
}
