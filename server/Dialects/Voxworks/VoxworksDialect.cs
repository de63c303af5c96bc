// The voxworks dialect's entry point (its checks and features are being built under its own issue).
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.Voxworks;

public sealed class VoxworksDialect : IDialect
{
    public string Id => DialectIds.Voxworks;

    public DocumentAnalysis Analyze(AnalysisRequest request, CancellationToken cancellationToken) =>
        new(request, []);
}
