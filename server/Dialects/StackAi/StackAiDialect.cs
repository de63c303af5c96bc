// The stackai dialect's entry point (its checks and features are being built under its own issue).
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.StackAi;

public sealed class StackAiDialect : IDialect
{
    public string Id => DialectIds.StackAi;

    public DocumentAnalysis Analyze(AnalysisRequest request, CancellationToken cancellationToken) =>
        new(request, []);
}
