// The list of LSP method handlers: adding a feature is adding a file under Handlers/ and one line here.
using CodeNodeLsp.Server.Handlers;

namespace CodeNodeLsp.Server;

public static class HandlerRegistry
{
    /// <summary>Every handler, one per method. Lifecycle methods (initialize, shutdown, exit) live in LanguageServer.</summary>
    public static IReadOnlyList<Handler> Create() =>
    [
        new DidOpenHandler(),
        new DidChangeHandler(),
        new DidCloseHandler(),
        new DidSaveHandler(),
        new DidChangeConfigurationHandler(),
        new DidChangeWatchedFilesHandler(),
        new DidChangeWorkspaceFoldersHandler(),
        new CodeActionHandler(),
        new CompletionHandler(),
        new HoverHandler(),
        new DefinitionHandler(),
        new DocumentSymbolHandler(),
        new CodeLensHandler(),
        new SemanticTokensHandler(),
        new InlayHintHandler(),
        new DocumentDiagnosticHandler(),
        new WorkspaceDiagnosticHandler(),
        new ExecuteCommandHandler(),
        new WorkDoneProgressCancelHandler(),
    ];
}
