// textDocument/codeLens: the lenses the analysis gives (e.g. "Run node" over each code node).
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

public sealed class CodeLensHandler : RequestHandler<CodeLensParams, List<CodeLens>>
{
    public override string Method => Methods.CodeLens;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) =>
        capabilities.CodeLensProvider = new JObject { ["resolveProvider"] = false };

    protected override Task<List<CodeLens>?> Handle(CodeLensParams p, RequestContext context)
    {
        var doc = context.Document;
        if (doc is null) return Task.FromResult<List<CodeLens>?>([]);
        var lenses = doc.GetAnalysis(context.Cancellation).CodeLenses(context.Cancellation);
        return Task.FromResult<List<CodeLens>?>(lenses.Select(l => LspConvert.ToCodeLens(doc.Text, l)).ToList());
    }
}
