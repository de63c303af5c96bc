// textDocument/codeAction: turns the fixes carried in each diagnostic's data into quick fixes, without re-analysis.
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Protocol.Lsp;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

public sealed class CodeActionHandler : RequestHandler<CodeActionParams, List<CodeAction>>
{
    public override string Method => Methods.CodeAction;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) =>
        capabilities.CodeActionProvider = new JObject { ["codeActionKinds"] = new JArray("quickfix") };

    protected override Task<List<CodeAction>?> Handle(CodeActionParams p, RequestContext context)
    {
        var actions = new List<CodeAction>();
        if (p.Context.Only is { Count: > 0 } only && !only.Any(k => k == "quickfix" || "quickfix".StartsWith(k + ".", StringComparison.Ordinal)))
            return Task.FromResult<List<CodeAction>?>(actions);
        foreach (var diagnostic in p.Context.Diagnostics)
        {
            if (diagnostic.Data?["fixes"] is not JArray fixes) continue;
            foreach (var fix in fixes.OfType<JObject>())
            {
                var changes = fix["changes"]?.ToObject<Dictionary<string, List<LspTextEdit>>>(LspJson.Serializer);
                if (changes is null || changes.Count == 0) continue;
                actions.Add(new CodeAction
                {
                    Title = fix.Value<string>("title") ?? "Fix",
                    Kind = "quickfix",
                    Diagnostics = [diagnostic],
                    IsPreferred = fix.Value<bool?>("isPreferred") == true ? true : null,
                    Edit = new WorkspaceEdit { Changes = changes },
                });
            }
        }
        return Task.FromResult<List<CodeAction>?>(actions);
    }
}
