// The workspace's folder set: changes keep one entry per folder whatever its spelling, and decide each file's root.
using CodeNodeLsp.Tests.Support;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Tests.Workspace;

public class WorkspaceFoldersTests
{
    [Fact]
    public void Folders_are_added_once_and_removed_whatever_their_trailing_separator()
    {
        var workspace = new CodeNodeWorkspace();
        workspace.ChangeFolders(["/ws/a", "/ws/b/", "/ws/a/"], []);
        Assert.Equal(["/ws/a", "/ws/b"], workspace.Folders);
        workspace.ChangeFolders(["/ws/c"], ["/ws/a/", "/ws/not-there"]);
        Assert.Equal(["/ws/b", "/ws/c"], workspace.Folders);
    }

    [Fact]
    public void A_folder_both_removed_and_added_stays()
    {
        var workspace = new CodeNodeWorkspace();
        workspace.ChangeFolders(["/ws/a"], []);
        workspace.ChangeFolders(["/ws/a"], ["/ws/a"]);
        Assert.Equal(["/ws/a"], workspace.Folders);
    }

    [Fact]
    public void The_deepest_folder_is_a_files_root_and_follows_the_changes()
    {
        using var dir = new TempDir();
        string inner = Path.Combine(dir.Path, "inner");
        string file = Path.Combine(inner, "a.py");
        var workspace = new CodeNodeWorkspace();
        workspace.ChangeFolders([dir.Path, inner], []);
        Assert.Equal(inner, workspace.RootFor(file));
        workspace.ChangeFolders([], [inner]);
        Assert.Equal(dir.Path, workspace.RootFor(file));
    }
}
