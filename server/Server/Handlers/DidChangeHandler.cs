// textDocument/didChange: applies full or incremental (UTF-16) changes, cancels stale reads, schedules diagnostics.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;
using CodeNodeLsp.Workspace;
using Microsoft.Extensions.Logging;

namespace CodeNodeLsp.Server.Handlers;

public sealed class DidChangeHandler : NotificationHandler<DidChangeTextDocumentParams>
{
    public override string Method => Methods.DidChange;
    public override bool Mutates => true;

    protected override Task Handle(DidChangeTextDocumentParams p, RequestContext context)
    {
        var server = context.Server;
        string uri = p.TextDocument.Uri;
        var old = context.Document;
        if (old is null)
        {
            server.Log.LogWarning("didChange for {Uri}, which is not open; ignored.", uri);
            return Task.CompletedTask;
        }
        var text = LspConvert.ApplyChanges(old.Text, p.ContentChanges);
        var doc = server.Workspace.Change(uri, p.TextDocument.Version ?? old.Version + 1, text);
        server.Dispatcher.CancelReadsOf(uri);
        if (doc is null) return Task.CompletedTask;
        server.Publisher.Schedule(uri);
        if (doc.Kind == DocumentKind.Manifest) server.RepublishAll(server.Workspace.Refresh());
        return Task.CompletedTask;
    }
}
