// The pflow dialect's entry point: reads the workflow, runs pflow's checks and returns the analysis with features.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.Pflow;

public sealed class PflowDialect : IDialect
{
    public string Id => DialectIds.Pflow;

    public DocumentAnalysis Analyze(AnalysisRequest request, CancellationToken cancellationToken)
    {
        var workflow = WorkflowReader.Read(request.Text);
        var templates = WorkflowTemplates.Collect(workflow, request.Settings.PflowVersion == PflowVersion.Current);
        var samples = new WorkflowSamples(request, workflow);
        var diagnostics = new List<Diagnostic>(workflow.Diagnostics);
        WorkflowChecks.Run(workflow, templates, diagnostics, request.Settings);
        var codeSteps = CodeSteps.Analyze(workflow, templates, samples, request.Settings, diagnostics, cancellationToken);
        // Routing exists from pflow 0.9 on (PR #96); in 0.8 every step runs in document order.
        WorkflowRouting? routing = null;
        if (request.Settings.PflowVersion == PflowVersion.Current)
        {
            routing = WorkflowRouting.Build(workflow, codeSteps);
            routing.Check(workflow, diagnostics);
        }
        diagnostics.Sort((a, b) => a.Span.Start != b.Span.Start ? a.Span.Start.CompareTo(b.Span.Start) : string.CompareOrdinal(a.Code, b.Code));
        return new PflowAnalysis(request, diagnostics, workflow, templates, samples, codeSteps, routing);
    }
}
