// Workspace and window structures: executeCommand, configuration pull and push, watched files, folders, progress cancel.
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Protocol.Lsp;

public sealed class ExecuteCommandParams
{
    public string Command { get; set; } = "";
    public List<JToken>? Arguments { get; set; }
    public JToken? WorkDoneToken { get; set; }
}

public sealed class ConfigurationItem
{
    public string? ScopeUri { get; set; }
    public string? Section { get; set; }
}

public sealed class ConfigurationParams
{
    public List<ConfigurationItem> Items { get; set; } = [];
}

public sealed class DidChangeConfigurationParams
{
    public JToken? Settings { get; set; }
}

public sealed class FileEvent
{
    public string Uri { get; set; } = "";
    /// <summary>1 created, 2 changed, 3 deleted.</summary>
    public int Type { get; set; }
}

public sealed class DidChangeWatchedFilesParams
{
    public List<FileEvent> Changes { get; set; } = [];
}

public sealed class WorkDoneProgressCancelParams
{
    /// <summary>A number or a string, as the server sent it in <c>$/progress</c>.</summary>
    public JToken? Token { get; set; }
}

public sealed class WorkspaceFoldersChangeEvent
{
    public List<WorkspaceFolder> Added { get; set; } = [];
    public List<WorkspaceFolder> Removed { get; set; } = [];
}

public sealed class DidChangeWorkspaceFoldersParams
{
    public WorkspaceFoldersChangeEvent Event { get; set; } = new();
}
