// textDocument/completion: asks the document's analysis for completions at the cursor.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

public sealed class CompletionHandler : RequestHandler<CompletionParams, CompletionList>
{
    /// <summary>Where placeholders and keys start: <c>${</c>, <c>{{</c>, <c>args["</c>, and member access.</summary>
    public static readonly string[] TriggerCharacters = ["$", "{", ".", "[", "\"", "'"];

    public override string Method => Methods.Completion;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) =>
        capabilities.CompletionProvider = new JObject { ["triggerCharacters"] = new JArray(TriggerCharacters), ["resolveProvider"] = false };

    protected override Task<CompletionList?> Handle(CompletionParams p, RequestContext context)
    {
        var doc = context.Document;
        if (doc is null) return Task.FromResult<CompletionList?>(new CompletionList());
        int offset = LspConvert.ToOffset(doc.Text, p.Position);
        var entries = doc.GetAnalysis(context.Cancellation).Complete(offset, context.Cancellation);
        return Task.FromResult<CompletionList?>(new CompletionList
        {
            Items = entries.Select(e => LspConvert.ToCompletionItem(doc.Text, e)).ToList(),
        });
    }
}
