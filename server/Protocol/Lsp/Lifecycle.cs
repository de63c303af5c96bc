// initialize / initialized / shutdown structures and the server capabilities computed from the handlers.
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Protocol.Lsp;

public sealed class WorkspaceFolder
{
    public string Uri { get; set; } = "";
    public string Name { get; set; } = "";
}

public sealed class ClientInfo
{
    public string Name { get; set; } = "";
    public string? Version { get; set; }
}

public sealed class InitializeParams
{
    public int? ProcessId { get; set; }
    public ClientInfo? ClientInfo { get; set; }
    public string? RootPath { get; set; }
    public string? RootUri { get; set; }
    public List<WorkspaceFolder>? WorkspaceFolders { get; set; }
    /// <summary>Kept as raw JSON: the server reads only a few paths of it (see ClientCapabilityPaths).</summary>
    public JObject? Capabilities { get; set; }
    public JToken? InitializationOptions { get; set; }
    public string? Trace { get; set; }
}

/// <summary>Capabilities as LSP spells them; each handler fills in its own part.</summary>
public sealed class ServerCapabilities
{
    public string PositionEncoding { get; set; } = "utf-16";
    public JToken? TextDocumentSync { get; set; }
    public JToken? CompletionProvider { get; set; }
    public bool? HoverProvider { get; set; }
    public bool? DefinitionProvider { get; set; }
    public bool? DocumentSymbolProvider { get; set; }
    public JToken? CodeActionProvider { get; set; }
    public JToken? CodeLensProvider { get; set; }
    public ExecuteCommandOptions? ExecuteCommandProvider { get; set; }
    public JToken? Workspace { get; set; }
}

public sealed class ExecuteCommandOptions
{
    public List<string> Commands { get; set; } = [];
}

public sealed class ServerInfo
{
    public string Name { get; set; } = "";
    public string? Version { get; set; }
}

public sealed class InitializeResult
{
    public ServerCapabilities Capabilities { get; set; } = new();
    public ServerInfo? ServerInfo { get; set; }
}

/// <summary>Values of <c>TextDocumentSyncKind</c>.</summary>
public static class TextDocumentSyncKind
{
    public const int None = 0;
    public const int Full = 1;
    public const int Incremental = 2;
}

/// <summary>Reads a capability flag from the client's raw capabilities, e.g. "window.workDoneProgress".</summary>
public static class ClientCapabilityPaths
{
    public static bool Flag(JObject? capabilities, string dottedPath) =>
        capabilities?.SelectToken(dottedPath, errorWhenNoMatch: false) is JValue { Type: JTokenType.Boolean } v && v.Value<bool>();

    public const string WorkDoneProgress = "window.workDoneProgress";
    public const string Configuration = "workspace.configuration";
    public const string DidChangeWatchedFilesDynamic = "workspace.didChangeWatchedFiles.dynamicRegistration";
    public const string CodeLensRefresh = "workspace.codeLens.refreshSupport";
}
