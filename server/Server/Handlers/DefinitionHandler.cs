// textDocument/definition: asks the document's analysis where the thing under the cursor is defined.
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;
using CodeNodeLsp.Text;
using CodeNodeLsp.Workspace;

namespace CodeNodeLsp.Server.Handlers;

public sealed class DefinitionHandler : RequestHandler<TextDocumentPositionParams, List<Location>>
{
    public override string Method => Methods.Definition;
    public override bool Mutates => false;

    public override void Contribute(ServerCapabilities capabilities) => capabilities.DefinitionProvider = true;

    protected override Task<List<Location>?> Handle(TextDocumentPositionParams p, RequestContext context)
    {
        var doc = context.Document;
        var result = new List<Location>();
        if (doc is null) return Task.FromResult<List<Location>?>(result);
        int offset = LspConvert.ToOffset(doc.Text, p.Position);
        foreach (var target in doc.GetAnalysis(context.Cancellation).Definition(offset, context.Cancellation))
        {
            if (target.Path is null)
            {
                result.Add(new Location { Uri = doc.Uri, Range = LspConvert.ToRange(doc.Text, target.Span) });
                continue;
            }
            string full = Path.GetFullPath(target.Path, doc.Path is null ? Environment.CurrentDirectory : Path.GetDirectoryName(doc.Path)!);
            LspRange range = target.Start is { } start
                ? LspConvert.ToRange(start, target.End ?? start)
                : OtherText(context, full) is { } text ? LspConvert.ToRange(text, target.Span) : LspConvert.ToRange(new LinePosition(0, 0), new LinePosition(0, 0));
            result.Add(new Location { Uri = PathUtil.ToUri(full), Range = range });
        }
        return Task.FromResult<List<Location>?>(result);
    }

    private static SourceText? OtherText(RequestContext context, string path)
    {
        var open = context.Server.Workspace.Documents.FindByPath(path);
        if (open is not null) return open.Text;
        try
        {
            return SourceText.From(CodeNodeWorkspace.DecodeFile(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
