// textDocument/didSave: saving a manifest or the samples file re-analyses every open code node.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Server.Handlers;

public sealed class DidSaveHandler : NotificationHandler<DidSaveTextDocumentParams>
{
    public override string Method => Methods.DidSave;
    public override bool Mutates => true;

    protected override Task Handle(DidSaveTextDocumentParams p, RequestContext context)
    {
        string? path = PathUtil.FromUri(p.TextDocument.Uri);
        if (path is not null && (PathUtil.IsManifest(path) || PathUtil.IsSamplesFile(path)))
            context.Server.RepublishAll(context.Server.Workspace.Refresh());
        return Task.CompletedTask;
    }
}
