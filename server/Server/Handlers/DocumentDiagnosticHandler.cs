// textDocument/diagnostic: an open document's diagnostics are pushed, so its pull report is empty; a closed file's is read from disk.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server.Handlers;

public sealed class DocumentDiagnosticHandler : RequestHandler<JObject, JObject>
{
    public override string Method => Methods.DocumentDiagnostic;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) => capabilities.DiagnosticProvider = new JObject
    {
        ["identifier"] = "codenode",
        ["interFileDependencies"] = true,
        ["workspaceDiagnostics"] = true,
    };

    protected override Task<JObject?> Handle(JObject p, RequestContext context)
    {
        string? uri = p["textDocument"]?["uri"]?.Value<string>();
        // Pushed already (see WorkspaceDiagnostics): an empty report keeps a client that merges both from doubling them.
        if (context.Document is not null || uri is null || PathUtil.FromUri(uri) is not { } path)
            return Task.FromResult<JObject?>(new JObject { ["kind"] = "full", ["items"] = new JArray() });
        var report = context.Server.WorkspaceDiagnostics.Report(context.Server.Workspace, path, context.Cancellation);
        return Task.FromResult<JObject?>(report is var (id, items)
            ? (p["previousResultId"]?.Value<string>() == id ? new JObject { ["kind"] = "unchanged", ["resultId"] = id } : new JObject { ["kind"] = "full", ["resultId"] = id, ["items"] = items })
            : new JObject { ["kind"] = "full", ["items"] = new JArray() });
    }
}
