// The result of analysing one document, and the editor features computed from it (completion, hover, ...).
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Analysis;

/// <summary>
/// One document's analysis. Dialects subclass it to keep their model (parse tree, workflow) and override the
/// feature methods; the server calls them on a snapshot, so they must not mutate anything.
/// </summary>
public class DocumentAnalysis
{
    public DocumentAnalysis(AnalysisRequest request, IReadOnlyList<Diagnostic> diagnostics)
    {
        Request = request;
        Diagnostics = diagnostics;
    }

    public AnalysisRequest Request { get; }
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    public virtual IReadOnlyList<CompletionEntry> Complete(int offset, CancellationToken ct) => [];
    public virtual HoverResult? Hover(int offset, CancellationToken ct) => null;
    public virtual IReadOnlyList<DefinitionTarget> Definition(int offset, CancellationToken ct) => [];
    public virtual IReadOnlyList<SymbolEntry> Symbols(CancellationToken ct) => [];
    public virtual IReadOnlyList<CodeLensEntry> CodeLenses(CancellationToken ct) => [];
    /// <summary>Tokens of the templates and placeholders (the parts the editor's grammars cannot know), in text order.</summary>
    public virtual IReadOnlyList<SemanticToken> SemanticTokens(CancellationToken ct) => [];
    /// <summary>Sample values of inputs where the code names them (shown only when the user enables inlay hints).</summary>
    public virtual IReadOnlyList<InlayHintEntry> InlayHints(CancellationToken ct) => [];
}

/// <summary>The parts of a template or placeholder: <c>${</c>/<c>{{</c> and their ends, the source, the keys of its path.</summary>
public enum TokenType
{
    /// <summary><c>${</c>, <c>}</c>, <c>{{</c>, <c>}}</c>.</summary>
    Delimiter,
    /// <summary>A pflow step id; a Voxworks namespace (<c>contact</c> in <c>{{contact.email}}</c>).</summary>
    Namespace,
    /// <summary>A pflow workflow input.</summary>
    Parameter,
    /// <summary>A Voxworks variable; a pflow batch item.</summary>
    Variable,
    /// <summary>An output key or a key of a path.</summary>
    Property,
}

[Flags]
public enum TokenModifiers
{
    None = 0,
    /// <summary>The part names nothing known: the analysis flags it (an unknown step, output or variable).</summary>
    Unresolved = 1,
}

/// <summary>One highlighted part, on one line.</summary>
public readonly record struct SemanticToken(TextSpan Span, TokenType Type, TokenModifiers Modifiers = TokenModifiers.None);

/// <summary>An inlay hint after <see cref="Offset"/>: a short value (<c>⟵ [3 items]</c>) and where it comes from.</summary>
public sealed record InlayHintEntry(int Offset, string Label, string? Tooltip = null);

public enum CompletionKind { Text, Method, Function, Field, Variable, Module, Property, Value, Keyword, Snippet, Reference }

/// <summary>
/// A completion item in editor terms. When Replace is set, accepting the item replaces that span with InsertText
/// (or Label); otherwise the client's word range is used.
/// </summary>
public sealed record CompletionEntry(
    string Label,
    CompletionKind Kind,
    string? Detail = null,
    string? Documentation = null,
    string? InsertText = null,
    TextSpan? Replace = null,
    string? SortText = null,
    string? FilterText = null,
    bool IsSnippet = false);

/// <summary>Markdown hover text for a span.</summary>
public sealed record HoverResult(string Markdown, TextSpan Span);

/// <summary>Where a definition lives: a span in this document (Path null) or a range in another file.</summary>
public sealed record DefinitionTarget(string? Path, TextSpan Span, LinePosition? Start = null, LinePosition? End = null);

public enum SymbolKind { File, Module, Namespace, Function, Variable, Field, Key, Event, Object, Property }

public sealed record SymbolEntry(string Name, SymbolKind Kind, TextSpan Span, TextSpan SelectionSpan, string? Detail = null, IReadOnlyList<SymbolEntry>? Children = null);

/// <summary>A CodeLens: a title over a span that runs a server command with JSON-able arguments.</summary>
public sealed record CodeLensEntry(TextSpan Span, string Title, string Command, IReadOnlyList<object?> Arguments);
