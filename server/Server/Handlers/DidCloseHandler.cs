// textDocument/didClose: forgets the document and clears its diagnostics.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Server.Handlers;

public sealed class DidCloseHandler : NotificationHandler<DidCloseTextDocumentParams>
{
    public override string Method => Methods.DidClose;
    public override bool Mutates => true;

    protected override Task Handle(DidCloseTextDocumentParams p, RequestContext context)
    {
        var server = context.Server;
        var closed = server.Workspace.Close(p.TextDocument.Uri);
        server.Dispatcher.CancelReadsOf(p.TextDocument.Uri);
        server.Publisher.Clear(p.TextDocument.Uri, closed?.Kind ?? DocumentKind.Other);
        // A closed manifest falls back to its file on disk, which may differ from the buffer.
        if (closed?.Kind == DocumentKind.Manifest) server.RepublishAll(server.Workspace.Refresh());
        return Task.CompletedTask;
    }
}
