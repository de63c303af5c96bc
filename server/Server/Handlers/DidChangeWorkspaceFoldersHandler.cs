// workspace/didChangeWorkspaceFolders: folders came or went, so open documents get new roots, manifests and samples.
using CodeNodeLsp.Protocol.Lsp;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

/// <summary>
/// A document's workspace folder bounds the search for its <c>codenode.json</c> and decides which
/// <c>.codenode/samples.json</c> feeds it, so a changed folder set can make a file a code node, stop it being one,
/// or change its samples. Every open document is re-snapshotted (manifests re-read) and republished; one that is no
/// longer a code node has its diagnostics cleared by the publisher.
/// </summary>
public sealed class DidChangeWorkspaceFoldersHandler : NotificationHandler<DidChangeWorkspaceFoldersParams>
{
    public override string Method => Methods.DidChangeWorkspaceFolders;
    public override bool Mutates => true;

    public override void Contribute(ServerCapabilities capabilities)
    {
        var workspace = capabilities.Workspace as JObject ?? [];
        workspace["workspaceFolders"] = new JObject { ["supported"] = true, ["changeNotifications"] = true };
        capabilities.Workspace = workspace;
    }

    protected override Task Handle(DidChangeWorkspaceFoldersParams p, RequestContext context)
    {
        var server = context.Server;
        server.Workspace.ChangeFolders(LanguageServer.FolderPaths(p.Event?.Added), LanguageServer.FolderPaths(p.Event?.Removed));
        server.RepublishAll(server.Workspace.Refresh());
        return Task.CompletedTask;
    }
}
