// textDocument/inlayHint: sample values of inputs where code names them, when codeNode.inlayHints.enabled is on.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

public sealed class InlayHintHandler : RequestHandler<JObject, JArray>
{
    public override string Method => Methods.InlayHint;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) => capabilities.InlayHintProvider = true;

    protected override Task<JArray?> Handle(JObject p, RequestContext context)
    {
        var doc = context.Document;
        var result = new JArray();
        if (doc is null || !context.Server.Workspace.Settings.InlayHints) return Task.FromResult<JArray?>(result);
        var range = p["range"]?.ToObject<LspRange>(Protocol.LspJson.Serializer);
        var span = range is null ? new Text.TextSpan(0, doc.Text.Length) : LspConvert.ToSpan(doc.Text, range);
        foreach (var hint in doc.GetAnalysis(context.Cancellation).InlayHints(context.Cancellation))
        {
            if (hint.Offset < span.Start || hint.Offset > span.End) continue;
            result.Add(LspConvert.ToInlayHint(doc.Text, hint));
        }
        return Task.FromResult<JArray?>(result);
    }
}
