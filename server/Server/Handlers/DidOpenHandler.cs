// textDocument/didOpen: makes the first snapshot of a document and schedules its diagnostics.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Server.Handlers;

public sealed class DidOpenHandler : NotificationHandler<DidOpenTextDocumentParams>
{
    public override string Method => Methods.DidOpen;
    public override bool Mutates => true;

    public override void Contribute(ServerCapabilities capabilities) =>
        capabilities.TextDocumentSync = new Newtonsoft.Json.Linq.JObject
        {
            ["openClose"] = true,
            ["change"] = TextDocumentSyncKind.Incremental,
            ["save"] = new Newtonsoft.Json.Linq.JObject { ["includeText"] = false },
        };

    protected override Task Handle(DidOpenTextDocumentParams p, RequestContext context)
    {
        var server = context.Server;
        var doc = server.Workspace.Open(p.TextDocument.Uri, p.TextDocument.LanguageId, p.TextDocument.Version, p.TextDocument.Text ?? "");
        server.Publisher.Schedule(doc.Uri);
        // An open manifest's buffer now decides its nodes' context, so the nodes are re-analysed too.
        if (doc.Kind == DocumentKind.Manifest) server.RepublishAll(server.Workspace.Refresh());
        return Task.CompletedTask;
    }
}
