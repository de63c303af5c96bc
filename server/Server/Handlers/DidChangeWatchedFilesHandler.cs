// workspace/didChangeWatchedFiles: a manifest or samples file changed on disk, so open code nodes are re-analysed.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Server.Handlers;

public sealed class DidChangeWatchedFilesHandler : NotificationHandler<DidChangeWatchedFilesParams>
{
    public override string Method => Methods.DidChangeWatchedFiles;
    public override bool Mutates => true;

    protected override Task Handle(DidChangeWatchedFilesParams p, RequestContext context)
    {
        bool relevant = p.Changes.Any(c => PathUtil.FromUri(c.Uri) is { } path
            && (PathUtil.IsManifest(path) || PathUtil.IsSamplesFile(path) || CodeNodeLocator.IsScriptFile(path)));
        if (relevant) context.Server.RepublishAll(context.Server.Workspace.Refresh());
        return Task.CompletedTask;
    }
}
