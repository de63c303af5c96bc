// The analysis pipeline: document -> dialect (DialectRegistry) -> DocumentAnalysis; manifests are checked by ManifestReader.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Dialects;

namespace CodeNodeLsp.Workspace;

/// <summary>
/// Dialects report their own syntax errors (CN001) with their parse, since only they know which ranges are Python
/// (a pflow workflow is Markdown with Python blocks). This pipeline only routes and guards: a dialect that throws
/// yields an empty analysis and a log line, never a crashed server or CLI.
/// </summary>
public static class AnalysisPipeline
{
    /// <summary>Where pipeline failures are reported (the server points it at its logger; the CLI at stderr).</summary>
    public static Action<string, Exception>? OnFailure { get; set; }

    private static readonly NodeContext NoContext = NodeContext.ForDialect("");

    public static DocumentAnalysis Analyze(Document document, CancellationToken ct)
    {
        switch (document.Kind)
        {
            case DocumentKind.Manifest:
            {
                var manifest = ManifestReader.Read(document.Path ?? Manifest.FileName, document.Text.Text, File.Exists);
                return new DocumentAnalysis(Request(document, NoContext), manifest.Diagnostics);
            }
            case DocumentKind.Samples:
                return new DocumentAnalysis(Request(document, NoContext), SampleStore.Check(document.Text.Text));
            case DocumentKind.CodeNode when document.Located.Context is { } context:
            {
                var request = Request(document, context);
                var dialect = DialectRegistry.Find(context.Dialect);
                if (dialect is null) return new DocumentAnalysis(request, []);
                try
                {
                    return dialect.Analyze(request, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception e)
                {
                    OnFailure?.Invoke($"The {context.Dialect} dialect failed on {document.Path ?? document.Uri}", e);
                    return new DocumentAnalysis(request, []);
                }
            }
            default:
                return new DocumentAnalysis(Request(document, NoContext), []);
        }
    }

    private static AnalysisRequest Request(Document document, NodeContext context) => new()
    {
        Path = document.Path ?? document.Uri,
        Text = document.Text,
        Context = context,
        Samples = document.Samples,
        Settings = document.Settings,
        WorkspaceRoot = document.WorkspaceRoot,
    };
}
