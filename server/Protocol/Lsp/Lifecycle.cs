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

    /// <summary>
    /// Reads the params by hand: this runs once per start, and reflection-based deserialization would cost cold-start
    /// time. Members of the wrong type are treated as absent, so a sloppy client still gets initialized.
    /// </summary>
    public static InitializeParams FromJson(JToken? token)
    {
        if (token is not JObject o) return new InitializeParams();
        var p = new InitializeParams
        {
            ProcessId = o["processId"] is JValue { Type: JTokenType.Integer } pid ? (int)pid : null,
            RootPath = Str(o["rootPath"]),
            RootUri = Str(o["rootUri"]),
            Capabilities = o["capabilities"] as JObject,
            InitializationOptions = o["initializationOptions"],
            Trace = Str(o["trace"]),
        };
        if (o["clientInfo"] is JObject ci) p.ClientInfo = new ClientInfo { Name = Str(ci["name"]) ?? "", Version = Str(ci["version"]) };
        if (o["workspaceFolders"] is JArray folders)
        {
            p.WorkspaceFolders = folders.OfType<JObject>()
                .Where(f => Str(f["uri"]) is not null)
                .Select(f => new WorkspaceFolder { Uri = Str(f["uri"])!, Name = Str(f["name"]) ?? "" })
                .ToList();
        }
        return p;
    }

    private static string? Str(JToken? t) => t is JValue { Type: JTokenType.String } v ? (string?)v : null;
}

/// <summary>Capabilities as LSP spells them; each handler fills in its own part.</summary>
public sealed class ServerCapabilities
{
    /// <summary>Written by hand for the same cold-start reason as <see cref="InitializeParams.FromJson"/>.</summary>
    public JObject ToJson()
    {
        var o = new JObject { ["positionEncoding"] = PositionEncoding };
        if (TextDocumentSync is not null) o["textDocumentSync"] = TextDocumentSync;
        if (CompletionProvider is not null) o["completionProvider"] = CompletionProvider;
        if (HoverProvider is not null) o["hoverProvider"] = HoverProvider.Value;
        if (DefinitionProvider is not null) o["definitionProvider"] = DefinitionProvider.Value;
        if (DocumentSymbolProvider is not null) o["documentSymbolProvider"] = DocumentSymbolProvider.Value;
        if (CodeActionProvider is not null) o["codeActionProvider"] = CodeActionProvider;
        if (CodeLensProvider is not null) o["codeLensProvider"] = CodeLensProvider;
        if (SemanticTokensProvider is not null) o["semanticTokensProvider"] = SemanticTokensProvider;
        if (InlayHintProvider is not null) o["inlayHintProvider"] = InlayHintProvider;
        if (DiagnosticProvider is not null) o["diagnosticProvider"] = DiagnosticProvider;
        if (ExecuteCommandProvider is not null) o["executeCommandProvider"] = new JObject { ["commands"] = new JArray(ExecuteCommandProvider.Commands) };
        if (Workspace is not null) o["workspace"] = Workspace;
        return o;
    }

    public string PositionEncoding { get; set; } = "utf-16";
    public JToken? TextDocumentSync { get; set; }
    public JToken? CompletionProvider { get; set; }
    public bool? HoverProvider { get; set; }
    public bool? DefinitionProvider { get; set; }
    public bool? DocumentSymbolProvider { get; set; }
    public JToken? CodeActionProvider { get; set; }
    public JToken? CodeLensProvider { get; set; }
    public JToken? SemanticTokensProvider { get; set; }
    public JToken? InlayHintProvider { get; set; }
    public JToken? DiagnosticProvider { get; set; }
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

    public JObject ToJson()
    {
        var o = new JObject { ["capabilities"] = Capabilities.ToJson() };
        if (ServerInfo is not null) o["serverInfo"] = new JObject { ["name"] = ServerInfo.Name, ["version"] = ServerInfo.Version };
        return o;
    }
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
    public const string InlayHintRefresh = "workspace.inlayHint.refreshSupport";
    public const string DiagnosticRefresh = "workspace.diagnostics.refreshSupport";
}
