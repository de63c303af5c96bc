// workspace/diagnostic: the closed code nodes of the workspace when codeNode.diagnostics.scope is "workspace".
using CodeNodeLsp.Protocol.Lsp;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

public sealed class WorkspaceDiagnosticHandler : RequestHandler<JObject, JObject>
{
    public override string Method => Methods.WorkspaceDiagnostic;
    public override bool Mutates => false;

    /// <summary>Not a document request: it reads the whole workspace, so no one document's edit cancels it.</summary>
    public override string? DocumentUri(JToken? parameters) => null;

    protected override Task<JObject?> Handle(JObject p, RequestContext context)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        if (p["previousResultIds"] is JArray ids)
            foreach (var id in ids.OfType<JObject>())
                if (id["uri"]?.Value<string>() is { } uri && id["value"]?.Value<string>() is { } value) previous[uri] = value;
        return Task.FromResult<JObject?>(context.Server.WorkspaceDiagnostics.Pull(context.Server.Workspace, previous, context.Cancellation));
    }
}
