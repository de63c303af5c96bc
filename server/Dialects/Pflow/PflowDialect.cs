// The pflow dialect's entry point: reads the workflow, runs pflow's checks and returns the analysis with features.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.Pflow;

public sealed class PflowDialect : IDialect
{
    public string Id => DialectIds.Pflow;

    public DocumentAnalysis Analyze(AnalysisRequest request, CancellationToken cancellationToken)
    {
        var workflow = WorkflowReader.Read(request.Text);
        var templates = WorkflowTemplates.Collect(workflow);
        var samples = new WorkflowSamples(request, workflow);
        var diagnostics = new List<Diagnostic>(workflow.Diagnostics);
        WorkflowChecks.Run(workflow, templates, diagnostics);
        var codeSteps = CodeSteps.Analyze(workflow, templates, samples, request.Settings, diagnostics, cancellationToken);
        diagnostics.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : string.CompareOrdinal(a.Code, b.Code));
        return new PflowAnalysis(request, diagnostics, workflow, templates, samples, codeSteps);
    }
}
