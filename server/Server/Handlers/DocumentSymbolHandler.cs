// textDocument/documentSymbol: the outline the analysis gives (pflow steps, the entry function, ...).
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;

namespace CodeNodeLsp.Server.Handlers;

public sealed class DocumentSymbolHandler : RequestHandler<DocumentSymbolParams, List<DocumentSymbol>>
{
    public override string Method => Methods.DocumentSymbol;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) => capabilities.DocumentSymbolProvider = true;

    protected override Task<List<DocumentSymbol>?> Handle(DocumentSymbolParams p, RequestContext context)
    {
        var doc = context.Document;
        if (doc is null) return Task.FromResult<List<DocumentSymbol>?>([]);
        var symbols = doc.GetAnalysis(context.Cancellation).Symbols(context.Cancellation);
        return Task.FromResult<List<DocumentSymbol>?>(symbols.Select(s => LspConvert.ToDocumentSymbol(doc.Text, s)).ToList());
    }
}
