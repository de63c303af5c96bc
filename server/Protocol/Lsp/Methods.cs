// The LSP method names the server handles or sends, in one place.
namespace CodeNodeLsp.Protocol.Lsp;

public static class Methods
{
    public const string Initialize = "initialize";
    public const string Initialized = "initialized";
    public const string Shutdown = "shutdown";
    public const string Exit = "exit";

    public const string DidOpen = "textDocument/didOpen";
    public const string DidChange = "textDocument/didChange";
    public const string DidClose = "textDocument/didClose";
    public const string DidSave = "textDocument/didSave";
    public const string PublishDiagnostics = "textDocument/publishDiagnostics";
    public const string CodeAction = "textDocument/codeAction";
    public const string Completion = "textDocument/completion";
    public const string Hover = "textDocument/hover";
    public const string Definition = "textDocument/definition";
    public const string DocumentSymbol = "textDocument/documentSymbol";
    public const string CodeLens = "textDocument/codeLens";
    public const string SemanticTokensFull = "textDocument/semanticTokens/full";
    public const string InlayHint = "textDocument/inlayHint";
    public const string DocumentDiagnostic = "textDocument/diagnostic";
    public const string WorkspaceDiagnostic = "workspace/diagnostic";
    public const string InlayHintRefresh = "workspace/inlayHint/refresh";
    public const string DiagnosticRefresh = "workspace/diagnostic/refresh";

    public const string ExecuteCommand = "workspace/executeCommand";
    public const string Configuration = "workspace/configuration";
    public const string DidChangeConfiguration = "workspace/didChangeConfiguration";
    public const string DidChangeWatchedFiles = "workspace/didChangeWatchedFiles";
    public const string DidChangeWorkspaceFolders = "workspace/didChangeWorkspaceFolders";
    public const string ApplyEdit = "workspace/applyEdit";
    public const string CodeLensRefresh = "workspace/codeLens/refresh";

    public const string LogMessage = "window/logMessage";
    public const string ShowMessage = "window/showMessage";
    public const string WorkDoneProgressCancel = "window/workDoneProgress/cancel";
    public const string RegisterCapability = "client/registerCapability";
}
