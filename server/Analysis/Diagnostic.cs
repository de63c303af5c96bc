// The analysis result types: a diagnostic with a stable code, a precise span, a severity and optional fixes.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Analysis;

/// <summary>Severities in LSP's order (1 = error .. 4 = hint), so conversion at the edge is a cast.</summary>
public enum Severity
{
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}

/// <summary>
/// A fix a user can accept: a title and the edits it makes, in offsets of the analysed document.
/// Fixes travel inside the diagnostic (LSP <c>Diagnostic.data</c>) so a code action needs no re-analysis.
/// When <see cref="Path"/> is set, the edits belong to that other file instead (for example "add this dependency"
/// edits <c>codenode.json</c>) and their offsets count in that file's text as the analysis saw it
/// (<see cref="NodeContext.ManifestText"/> for the manifest); the server turns them into a WorkspaceEdit entry
/// for that file's URI, converting offsets with that text.
/// <see cref="Safe"/> marks a fix that only completes what the code plainly means (an annotation pflow requires, the
/// <c>args</c> parameter, an <c>export</c>) and never guesses: <c>source.fixAll.codenode</c> applies exactly those.
/// </summary>
public sealed record Fix(string Title, IReadOnlyList<TextEdit> Edits, bool IsPreferred = false, string? Path = null, bool Safe = false);

/// <summary>Extra locations that explain a diagnostic (for example the step a template points to).</summary>
public sealed record RelatedInfo(TextSpan Span, string Message);

/// <summary>One finding. <see cref="Code"/> is stable and documented in <see cref="RuleCatalog"/>.</summary>
public sealed record Diagnostic(
    TextSpan Span,
    Severity Severity,
    string Code,
    string Message,
    IReadOnlyList<Fix>? Fixes = null,
    IReadOnlyList<RelatedInfo>? Related = null,
    bool Unnecessary = false)
{
    public IReadOnlyList<Fix> FixList => Fixes ?? Array.Empty<Fix>();

    /// <summary>Makes a diagnostic whose severity and code come from the rule's catalog entry.</summary>
    public static Diagnostic Of(RuleInfo rule, TextSpan span, string message, params Fix[] fixes) =>
        new(span, rule.Severity, rule.Code, message, fixes.Length == 0 ? null : fixes);
}
