// textDocument/semanticTokens/full: the parts of ${…} templates and {{…}} placeholders, unknown ones marked unresolved.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

public sealed class SemanticTokensHandler : RequestHandler<JObject, JObject>
{
    public override string Method => Methods.SemanticTokensFull;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) => capabilities.SemanticTokensProvider = new JObject
    {
        ["legend"] = new JObject
        {
            ["tokenTypes"] = new JArray(LspConvert.SemanticTokenTypes),
            ["tokenModifiers"] = new JArray(LspConvert.SemanticTokenModifiers),
        },
        ["full"] = true,
    };

    protected override Task<JObject?> Handle(JObject p, RequestContext context)
    {
        var doc = context.Document;
        var tokens = doc is null ? [] : doc.GetAnalysis(context.Cancellation).SemanticTokens(context.Cancellation);
        return Task.FromResult<JObject?>(new JObject { ["data"] = new JArray(doc is null ? [] : LspConvert.EncodeSemanticTokens(doc.Text, tokens)) });
    }
}
