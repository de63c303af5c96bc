// The plug-in point of a platform: a dialect turns a document and its context into an analysis with editor features.
using CodeNodeLsp.Analysis;

namespace CodeNodeLsp.Dialects;

/// <summary>A platform's checks and editor features. Implementations do no IO and never throw on user input.</summary>
public interface IDialect
{
    /// <summary>One of <see cref="DialectIds"/>.</summary>
    string Id { get; }

    DocumentAnalysis Analyze(AnalysisRequest request, CancellationToken cancellationToken);
}
