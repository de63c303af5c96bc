// The pflow dialect's entry point (its checks and features are being built under its own issue).
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.Pflow;

public sealed class PflowDialect : IDialect
{
    public string Id => DialectIds.Pflow;

    public DocumentAnalysis Analyze(AnalysisRequest request, CancellationToken cancellationToken) =>
        new(request, []);
}
