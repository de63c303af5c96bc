// The Stack AI Code Node dialect: main(args) in Python or TypeScript, JSON output, upstream ids, dependencies.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects.StackAi;

/// <summary>
/// Picks the checker by the node's language (from the file extension or the manifest's "language"): Python
/// files go through the Python parser, TypeScript/JavaScript through our tokenizer and outline parser.
/// </summary>
public sealed class StackAiDialect : IDialect
{
    public string Id => DialectIds.StackAi;

    public DocumentAnalysis Analyze(AnalysisRequest request, CancellationToken cancellationToken)
    {
        var options = StackAiOptions.From(request.Context, SharedChecks.Anchor(request));
        return request.Context.Language == NodeLanguage.TypeScript
            ? new TypeScriptChecks(request, options).Analyze()
            : new PythonChecks(request, options).Analyze();
    }
}
