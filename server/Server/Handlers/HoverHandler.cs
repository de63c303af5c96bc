// textDocument/hover: the document's hover text at the cursor, and the rule text of the diagnostics there.
using CodeNodeLsp.Analysis;
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
        // The editor shows a diagnostic's message itself; what the rule is and where it is documented comes from here.
        var here = doc.AllDiagnostics(context.Cancellation).Where(d => d.Span.ContainsInclusive(offset) && RuleCatalog.Find(d.Code) is not null).ToList();
        var rules = here.Select(d => RuleCatalog.Find(d.Code)!).Distinct().ToList();
        if (hover is null && rules.Count == 0) return Task.FromResult<Hover?>(null);
        var parts = new List<string>();
        if (hover is not null) parts.Add(hover.Markdown);
        parts.AddRange(rules.Select(RuleDocs.HoverMarkdown));
        var span = hover?.Span ?? here[0].Span;
        return Task.FromResult<Hover?>(new Hover
        {
            Contents = new MarkupContent { Value = string.Join("\n\n---\n\n", parts) },
            Range = LspConvert.ToRange(doc.Text, span),
        });
    }
}
