// Decides which files are code nodes (SPEC §1): pflow workflows, files named by a codenode.json, and pragma files.
using System.Text.RegularExpressions;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Workspace;

/// <summary>What a document is to the server.</summary>
public enum DocumentKind
{
    /// <summary>Not a code node: it gets no diagnostics at all.</summary>
    Other,
    CodeNode,
    /// <summary>A <c>codenode.json</c>: its own problems are published on it.</summary>
    Manifest,
    /// <summary>The samples file <c>.codenode/samples.json</c>: a broken file is diagnosed on itself.</summary>
    Samples,
}

/// <summary>The verdict for one document: its kind, its node context, and problems found while locating it (a bad pragma).</summary>
public sealed record Located(DocumentKind Kind, NodeContext? Context, IReadOnlyList<Diagnostic> Diagnostics)
{
    public static Located Other { get; } = new(DocumentKind.Other, null, []);
}

public static partial class CodeNodeLocator
{
    /// <summary>A first-line pragma: <c># codenode: voxworks</c> in Python, <c>// codenode: stackai</c> in TypeScript. A suppression comment (<c>codenode: ignore[...]</c>, <c>ignore-file[...]</c>) is not one.</summary>
    [GeneratedRegex(@"^\uFEFF?[ \t]*(?<comment>#|//)[ \t]*codenode[ \t]*:[ \t]*(?!ignore(?:-file)?(?:\[|[ \t]*\r?$))(?<dialect>[^ \t\r\n]*)[ \t]*\r?$", RegexOptions.CultureInvariant)]
    private static partial Regex PragmaPattern();

    /// <summary>
    /// The manifest entry naming <paramref name="fullPath"/>: the file's folder is searched first, then each enclosing
    /// folder up to <paramref name="boundary"/> (the workspace root; the file-system root when null).
    /// </summary>
    public static ManifestNode? FindManifestNode(string fullPath, string? boundary, ManifestCache manifests)
    {
        if (!IsScriptFile(fullPath)) return null;
        if (boundary is not null && !PathUtil.IsUnder(fullPath, boundary)) boundary = null;
        for (string? dir = Path.GetDirectoryName(fullPath); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var manifest = manifests.Get(Path.Combine(dir, Manifest.FileName));
            var node = manifest?.FindByFile(fullPath);
            if (node is not null) return node;
            if (boundary is not null && PathUtil.SamePath(Path.TrimEndingDirectorySeparator(dir), Path.TrimEndingDirectorySeparator(boundary))) break;
        }
        return null;
    }

    /// <summary>
    /// The pflow version a codenode.json sets for <paramref name="fullPath"/>: the nearest manifest with a
    /// <c>"pflow"</c> version, from the file's folder up to the workspace root; null when none does.
    /// </summary>
    public static PflowVersion? FindPflowVersion(string fullPath, string? boundary, ManifestCache manifests)
    {
        if (boundary is not null && !PathUtil.IsUnder(fullPath, boundary)) boundary = null;
        int depth = 0;
        for (string? dir = Path.GetDirectoryName(fullPath); dir is not null && depth < 64; dir = Path.GetDirectoryName(dir), depth++)
        {
            if (manifests.Get(Path.Combine(dir, Manifest.FileName))?.PflowVersion is { } version) return version;
            if (boundary is not null && PathUtil.SamePath(Path.TrimEndingDirectorySeparator(dir), Path.TrimEndingDirectorySeparator(boundary))) break;
        }
        return null;
    }

    /// <summary>
    /// Classifies a document from its path, its text (for the pragma) and its manifest entry, if any.
    /// Pure: the manifest lookup is done by <see cref="FindManifestNode"/>.
    /// </summary>
    public static Located Classify(string? path, string text, ManifestNode? manifestNode)
    {
        if (path is null) return ClassifyByPragma(null, text);
        if (PathUtil.IsManifest(path)) return new Located(DocumentKind.Manifest, null, []);
        if (PathUtil.IsSamplesFile(path)) return new Located(DocumentKind.Samples, null, []);
        if (PathUtil.IsPflowWorkflow(path)) return new Located(DocumentKind.CodeNode, NodeContext.ForDialect(DialectIds.Pflow, NodeLanguage.Markdown), []);
        if (!IsScriptFile(path)) return Located.Other;
        if (manifestNode is not null) return new Located(DocumentKind.CodeNode, manifestNode.Context, []);
        return ClassifyByPragma(path, text);
    }

    private static Located ClassifyByPragma(string? path, string text)
    {
        var pragma = FindPragma(text);
        if (pragma is null) return Located.Other;
        var (dialect, span, comment) = pragma.Value;
        var language = path is not null ? ManifestReader.LanguageOf(path) : comment == "//" ? NodeLanguage.TypeScript : NodeLanguage.Python;
        if (!DialectIds.All.Contains(dialect))
        {
            string message = dialect.Length == 0
                ? $"The codenode pragma names no dialect; write one of: {string.Join(", ", DialectIds.All)}."
                : $"Unknown dialect \"{dialect}\" in the codenode pragma; expected one of: {string.Join(", ", DialectIds.All)}.{Suggestions.DidYouMean(dialect, DialectIds.All)}";
            return new Located(DocumentKind.Other, null, [Diagnostic.Of(ManifestRules.PragmaUnknownDialect, span, message)]);
        }
        return new Located(DocumentKind.CodeNode, new NodeContext { Dialect = dialect, Language = language, PragmaSpan = span }, []);
    }

    /// <summary>The pragma of the first line: its dialect word, the span of that word (or of the comment when empty).</summary>
    public static (string Dialect, TextSpan Span, string Comment)? FindPragma(string text)
    {
        int end = text.IndexOfAny(['\n', '\r']);
        // A pragma line is short; looking at a bounded prefix keeps a 10 MB single-line file cheap.
        string first = end < 0 ? (text.Length > 512 ? text[..512] : text) : text[..Math.Min(end, 512)];
        var m = PragmaPattern().Match(first);
        if (!m.Success) return null;
        var d = m.Groups["dialect"];
        var span = d.Length > 0 ? new TextSpan(d.Index, d.Length) : new TextSpan(m.Groups["comment"].Index, first.TrimEnd().Length - m.Groups["comment"].Index);
        return (d.Value, span, m.Groups["comment"].Value);
    }

    /// <summary>Python and TypeScript files can be code nodes through a manifest or a pragma.</summary>
    public static bool IsScriptFile(string path) =>
        path.EndsWith(".py", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ts", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".mts", StringComparison.OrdinalIgnoreCase);
}
