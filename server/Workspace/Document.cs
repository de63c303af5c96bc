// An immutable snapshot of one document: text, version, language, what it is (code node or not) and its cached analysis.
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Workspace;

/// <summary>
/// Snapshots never change; an edit makes a new one with a higher <see cref="Generation"/>. Readers take a snapshot
/// and work on it while edits go on. The analysis is computed at most once per snapshot (shared with snapshots
/// that differ only in runtime diagnostics).
/// </summary>
public sealed class Document
{
    private static long _generations;
    private readonly AnalysisCell _analysis;

    private sealed class AnalysisCell
    {
        public DocumentAnalysis? Value;
    }

    private Document(AnalysisCell cell) { _analysis = cell; Generation = Interlocked.Increment(ref _generations); }

    public Document() : this(new AnalysisCell()) { }

    public required string Uri { get; init; }
    /// <summary>The file-system path, or null for a document that is not a file (untitled:).</summary>
    public required string? Path { get; init; }
    public required SourceText Text { get; init; }
    /// <summary>The client's version; 0 for a file read from disk.</summary>
    public int Version { get; init; }
    public string LanguageId { get; init; } = "";
    public required Located Located { get; init; }
    public ManifestNode? ManifestNode { get; init; }
    public string? WorkspaceRoot { get; init; }
    public SampleSet Samples { get; init; } = SampleSet.Empty;
    public AnalysisSettings Settings { get; init; } = AnalysisSettings.Default;
    /// <summary>Rules turned off or re-rated for this document (settings, its codenode.json, CLI flags).</summary>
    public RuleConfig Rules { get; init; } = RuleConfig.Empty;
    /// <summary>Errors found by the last local run; the next edit makes a snapshot without them.</summary>
    public IReadOnlyList<Diagnostic> RuntimeDiagnostics { get; init; } = [];

    /// <summary>Grows with every snapshot of any document, so "newer" is well defined even for equal versions.</summary>
    public long Generation { get; }

    public DocumentKind Kind => Located.Kind;

    /// <summary>The same snapshot with other runtime diagnostics; the analysis is shared, not recomputed.</summary>
    public Document WithRuntimeDiagnostics(IReadOnlyList<Diagnostic> runtime) => new(_analysis)
    {
        Uri = Uri, Path = Path, Text = Text, Version = Version, LanguageId = LanguageId, Located = Located,
        ManifestNode = ManifestNode, WorkspaceRoot = WorkspaceRoot, Samples = Samples, Settings = Settings,
        Rules = Rules, RuntimeDiagnostics = runtime,
    };

    /// <summary>The analysis of this snapshot, computed on first use. Cancellation leaves nothing cached.</summary>
    public DocumentAnalysis GetAnalysis(CancellationToken ct)
    {
        var cached = Volatile.Read(ref _analysis.Value);
        if (cached is not null) return cached;
        var computed = AnalysisPipeline.Analyze(this, ct);
        return Interlocked.CompareExchange(ref _analysis.Value, computed, null) ?? computed;
    }

    /// <summary>True when the analysis is already computed (for tests and benchmarks).</summary>
    public bool IsAnalyzed => Volatile.Read(ref _analysis.Value) is not null;

    /// <summary>
    /// Everything to publish: the analysis, problems found while locating the node, runtime errors; without what
    /// suppression comments and the rule configuration silence, with configured severities. The editor and the
    /// CLI both report exactly this list.
    /// </summary>
    public IReadOnlyList<Diagnostic> AllDiagnostics(CancellationToken ct)
    {
        var analysis = GetAnalysis(ct).Diagnostics;
        IReadOnlyList<Diagnostic> all = Located.Diagnostics.Count == 0 && RuntimeDiagnostics.Count == 0
            ? analysis
            : [.. Located.Diagnostics, .. analysis, .. RuntimeDiagnostics];
        return Rules.Apply(Suppressions.Apply(Text, CommentStyle, all));
    }

    /// <summary>How suppression comments are written in this document.</summary>
    public CommentStyle CommentStyle => Kind switch
    {
        DocumentKind.Manifest or DocumentKind.Samples => CommentStyle.None,
        _ when Path is not null && PathUtil.IsPflowWorkflow(Path) => CommentStyle.PflowMarkdown,
        _ when Located.Context?.Language == NodeLanguage.TypeScript => CommentStyle.Slash,
        _ when Located.Context?.Language == NodeLanguage.Markdown => CommentStyle.PflowMarkdown,
        DocumentKind.CodeNode => CommentStyle.Hash,
        _ => CommentStyle.None,
    };
}
