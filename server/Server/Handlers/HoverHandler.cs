// textDocument/hover: asks the document's analysis for hover text at the cursor.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;

namespace CodeNodeLsp.Server.Handlers;

public sealed class HoverHandler : RequestHandler<TextDocumentPositionParams, Hover>
{
    public override string Method => Methods.Hover;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) => capabilities.HoverProvider = true;

    protected override Task<Hover?> Handle(TextDocumentPositionParams p, RequestContext context)
    {
        var doc = context.Document;
        if (doc is null) return Task.FromResult<Hover?>(null);
        int offset = LspConvert.ToOffset(doc.Text, p.Position);
        var hover = doc.GetAnalysis(context.Cancellation).Hover(offset, context.Cancellation);
        return Task.FromResult(hover is null ? null : new Hover
        {
            Contents = new MarkupContent { Value = hover.Markdown },
            Range = LspConvert.ToRange(doc.Text, hover.Span),
        });
    }
}
