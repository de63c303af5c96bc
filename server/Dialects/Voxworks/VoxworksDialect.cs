// The voxworks dialect's entry point: validates a Code Step and hands back its analysis with editor features.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.Voxworks;

/// <summary>Voxworks Code Steps (<c>def run():</c> files). The checks are <see cref="VoxworksValidator"/>'s, which the runner also uses.</summary>
public sealed class VoxworksDialect : IDialect
{
    public string Id => DialectIds.Voxworks;

    public DocumentAnalysis Analyze(AnalysisRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var validation = VoxworksValidator.Validate(request.Text.Text, request.Context, request.Samples);
        return new VoxworksAnalysis(request, validation);
    }
}
