// The workspace model shared by the server and the CLI: folders, open documents, manifests, samples and settings.
using System.Collections.Concurrent;
using System.Text;
using CodeNodeLsp.Analysis;
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Workspace;

/// <summary>
/// Mutated only from one thread at a time (the server's ordered queue, or the CLI's main thread). Every
/// mutation returns the new snapshot so the caller can publish it.
/// </summary>
public sealed class CodeNodeWorkspace
{
    private readonly ConcurrentDictionary<string, SampleStore> _samples = new(StringComparer.Ordinal);
    private volatile string[] _folders = [];

    public ManifestCache Manifests { get; } = new();
    public DocumentStore Documents { get; } = new();
    /// <summary>
    /// The LSP workspace folders (absolute paths, no trailing separator); empty for the CLI. Replaced whole and never
    /// changed in place, so a run reading it on another thread never sees a half-changed list.
    /// </summary>
    public IReadOnlyList<string> Folders => _folders;
    public Settings Settings { get; set; } = Settings.Default;

    /// <summary>Raised (on the writer's thread) after a sample store recorded new values.</summary>
    public event Action<SampleStore>? SamplesChanged;

    /// <summary>
    /// The folder set after <paramref name="removed"/> left and <paramref name="added"/> came (initialize passes the
    /// first set as added). A folder already present is not added twice. The roots of open documents may change with
    /// it, so call <see cref="Refresh"/> afterwards.
    /// </summary>
    public void ChangeFolders(IEnumerable<string> added, IEnumerable<string> removed)
    {
        var next = new List<string>(_folders);
        foreach (string r in removed) next.RemoveAll(f => PathUtil.SamePath(f, NormalFolder(r)));
        foreach (string a in added)
        {
            string folder = NormalFolder(a);
            if (!next.Exists(f => PathUtil.SamePath(f, folder))) next.Add(folder);
        }
        _folders = [.. next];
    }

    private static string NormalFolder(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>The workspace root of a path: its LSP folder, else the nearest marked ancestor (see <see cref="WorkspaceRoot"/>).</summary>
    public string RootFor(string fullPath) => WorkspaceRoot.Containing(Folders, fullPath) ?? WorkspaceRoot.Find(fullPath);

    public SampleStore SamplesFor(string root) => _samples.GetOrAdd(Path.GetFullPath(root), r =>
    {
        var store = new SampleStore(r);
        store.Changed += () => SamplesChanged?.Invoke(store);
        return store;
    });

    /// <summary>Makes the snapshot of a document: classifies it and attaches its context, samples and settings.</summary>
    public Document Snapshot(string uri, string? path, SourceText text, int version, string languageId, ManifestNode? knownManifestNode = null, bool lookUpManifest = true)
    {
        string? root = path is null ? null : RootFor(path);
        var manifestNode = knownManifestNode ?? (path is not null && lookUpManifest ? CodeNodeLocator.FindManifestNode(path, root, Manifests) : null);
        var located = CodeNodeLocator.Classify(path, text.Text, manifestNode);
        var samples = located.Kind == DocumentKind.CodeNode && root is not null ? SamplesFor(root).Load() : SampleSet.Empty;
        return new Document
        {
            Uri = uri,
            Path = path,
            Text = text,
            Version = version,
            LanguageId = languageId,
            Located = located,
            ManifestNode = manifestNode,
            WorkspaceRoot = root,
            Samples = samples,
            Settings = AnalysisSettingsFor(path, root),
            Rules = path is null ? Settings.Rules : RuleConfig.Merge(Settings.Rules, ManifestRulesFor(path, root)),
        };
    }

    /// <summary>
    /// The "rules" of the nearest codenode.json at or above the file's folder (up to its workspace root): the
    /// project's rule configuration. The editor's settings win over it where both re-rate a rule.
    /// </summary>
    private RuleConfig ManifestRulesFor(string fullPath, string? root)
    {
        if (root is not null && !PathUtil.IsUnder(fullPath, root)) root = null;
        for (string? dir = Path.GetDirectoryName(fullPath); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Manifests.Get(Path.Combine(dir, Manifest.FileName)) is { } manifest) return manifest.Rules;
            if (root is not null && PathUtil.SamePath(Path.TrimEndingDirectorySeparator(dir), Path.TrimEndingDirectorySeparator(root))) break;
        }
        return RuleConfig.Empty;
    }

    /// <summary>
    /// The analysis settings of one document: the workspace's, with the pflow version a codenode.json above a
    /// .pflow.md workflow sets (the manifest wins over the editor setting, since it travels with the files).
    /// </summary>
    private AnalysisSettings AnalysisSettingsFor(string? path, string? root)
    {
        if (path is null || !PathUtil.IsPflowWorkflow(path)) return Settings.Analysis;
        var version = CodeNodeLocator.FindPflowVersion(path, root, Manifests);
        return version is { } v && v != Settings.PflowVersion ? Settings.Analysis with { PflowVersion = v } : Settings.Analysis;
    }

    public Document Open(string uri, string languageId, int version, string text)
    {
        string? path = PathUtil.FromUri(uri);
        if (path is not null && PathUtil.IsManifest(path)) Manifests.SetOverlay(path, text);
        var doc = Snapshot(uri, path, SourceText.From(text), version, languageId);
        Documents.Set(doc);
        return doc;
    }

    /// <summary>
    /// Replaces a document's text. The manifest entry found at open is kept (a text edit cannot change it); the
    /// pragma is re-read since the first line may have changed. Runtime diagnostics are dropped.
    /// </summary>
    public Document? Change(string uri, int version, SourceText newText)
    {
        var old = Documents.Get(uri);
        if (old is null) return null;
        if (old.Path is not null && PathUtil.IsManifest(old.Path)) Manifests.SetOverlay(old.Path, newText.Text);
        var located = CodeNodeLocator.Classify(old.Path, newText.Text, old.ManifestNode);
        var samples = located.Kind == DocumentKind.CodeNode && old.Kind != DocumentKind.CodeNode && old.WorkspaceRoot is not null
            ? SamplesFor(old.WorkspaceRoot).Load()
            : old.Samples;
        var doc = new Document
        {
            Uri = uri,
            Path = old.Path,
            Text = newText,
            Version = version,
            LanguageId = old.LanguageId,
            Located = located,
            ManifestNode = old.ManifestNode,
            WorkspaceRoot = old.WorkspaceRoot,
            Samples = samples,
            Settings = AnalysisSettingsFor(old.Path, old.WorkspaceRoot),
            Rules = old.Rules,
        };
        Documents.Set(doc);
        return doc;
    }

    public Document? Close(string uri)
    {
        var old = Documents.Get(uri);
        if (old is null) return null;
        Documents.Remove(uri);
        if (old.Path is not null && PathUtil.IsManifest(old.Path)) Manifests.ClearOverlay(old.Path);
        return old;
    }

    /// <summary>
    /// Re-reads manifests, samples and settings for every open document (after a manifest, samples or settings
    /// change) and returns the new snapshots. Text and version stay; runtime diagnostics stay too.
    /// </summary>
    public IReadOnlyList<Document> Refresh()
    {
        Manifests.Invalidate();
        var result = new List<Document>();
        foreach (var old in Documents.All)
        {
            var doc = Snapshot(old.Uri, old.Path, old.Text, old.Version, old.LanguageId);
            if (old.RuntimeDiagnostics.Count > 0) doc = doc.WithRuntimeDiagnostics(old.RuntimeDiagnostics);
            Documents.Set(doc);
            result.Add(doc);
        }
        return result;
    }

    /// <summary>Sets the runtime diagnostics of an open document; null when it is closed or already at another version.</summary>
    public Document? SetRuntimeDiagnostics(string uri, IReadOnlyList<Diagnostic> diagnostics, int? expectedVersion)
    {
        var old = Documents.Get(uri);
        if (old is null || (expectedVersion is not null && old.Version != expectedVersion)) return null;
        var doc = old.WithRuntimeDiagnostics(diagnostics);
        Documents.Set(doc);
        return doc;
    }

    /// <summary>A snapshot of a file on disk (CLI); throws IOException or UnauthorizedAccessException when unreadable.</summary>
    public Document LoadFile(string path)
    {
        string full = Path.GetFullPath(path);
        var open = Documents.FindByPath(full);
        if (open is not null) return open;
        string text = DecodeFile(File.ReadAllBytes(full));
        return Snapshot(PathUtil.ToUri(full), full, SourceText.From(text), 0, "");
    }

    /// <summary>Decodes file bytes as UTF-8 (BOM dropped); invalid bytes become U+FFFD instead of failing.</summary>
    public static string DecodeFile(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        return Encoding.UTF8.GetString(span);
    }
}
