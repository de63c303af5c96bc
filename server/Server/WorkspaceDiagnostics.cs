// Pull diagnostics: reports for files the editor has not open (workspace/diagnostic, textDocument/diagnostic), cached.
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CodeNodeLsp.Protocol;
using CodeNodeLsp.Server.Convert;
using CodeNodeLsp.Workspace;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Server;

/// <summary>
/// Open documents are pushed (publishDiagnostics), so pull answers cover what push does not: code-node files that
/// are closed. A client that merges both (VS Code, Neovim) then shows each diagnostic once. A closed file is read
/// from disk and checked exactly as <c>codenode check</c> checks it (<see cref="CodeNodeFinder"/>,
/// <see cref="Document.AllDiagnostics"/>), so the Problems panel and the CLI agree. Reports are cached by the file's
/// size and time stamp and the workspace's <see cref="Generation"/> (settings, manifests, samples), so the editor's
/// repeated workspace pulls cost a directory walk and a stat per file; a report equal to the client's previous one
/// is answered "unchanged".
/// </summary>
public sealed class WorkspaceDiagnostics
{
    /// <summary>At most this many files are reported, so a huge folder opened by mistake cannot flood the editor.</summary>
    public const int MaxFiles = 5000;

    private sealed record Entry(DateTime Stamp, long Length, long Generation, string ResultId, JArray Items);

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Bumped whenever what an analysis reads besides the file itself may have changed.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>The report of one closed file: <c>(resultId, items)</c>, or null when it is not reported (not a code node, unreadable).</summary>
    public (string ResultId, JArray Items)? Report(CodeNodeWorkspace workspace, string path, CancellationToken ct)
    {
        FileInfo info;
        try { info = new FileInfo(path); }
        catch (Exception e) when (e is ArgumentException or PathTooLongException or NotSupportedException) { return null; }
        if (!info.Exists) { _cache.TryRemove(path, out _); return null; }
        long generation = Generation;
        if (_cache.TryGetValue(path, out var cached) && cached.Stamp == info.LastWriteTimeUtc && cached.Length == info.Length && cached.Generation == generation)
            return cached.Items.Count == 0 && cached.ResultId.Length == 0 ? null : (cached.ResultId, cached.Items);
        Document doc;
        try { doc = workspace.LoadFile(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        if (!CodeNodeFinder.IsReported(doc))
        {
            _cache[path] = new Entry(info.LastWriteTimeUtc, info.Length, generation, "", []);
            return null;
        }
        var items = new JArray(doc.AllDiagnostics(ct).Select(d => LspJson.ToToken(LspConvert.ToDiagnostic(doc.Text, doc.Uri, d))));
        string id = System.Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(items.ToString(Formatting.None))))[..16];
        _cache[path] = new Entry(info.LastWriteTimeUtc, info.Length, generation, id, items);
        return (id, items);
    }

    /// <summary>
    /// The <c>workspace/diagnostic</c> answer: every closed code-node file of the workspace folders (scope
    /// "workspace"), unchanged where the client already has the same report. With scope "openFiles", files the client
    /// still holds reports for get an empty report, so switching the scope back clears them.
    /// </summary>
    public JObject Pull(CodeNodeWorkspace workspace, IReadOnlyDictionary<string, string> previous, CancellationToken ct)
    {
        var items = new JArray();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        if (workspace.Settings.WorkspaceDiagnostics)
        {
            int count = 0;
            foreach (string folder in workspace.Folders)
            {
                foreach (string path in CodeNodeFinder.Candidates(folder))
                {
                    ct.ThrowIfCancellationRequested();
                    if (count >= MaxFiles) break;
                    string uri = PathUtil.ToUri(path);
                    if (workspace.Documents.Get(uri) is not null || !reported.Add(uri)) continue;
                    if (Report(workspace, path, ct) is not var (id, diagnostics)) continue;
                    count++;
                    items.Add(previous.TryGetValue(uri, out string? before) && before == id
                        ? new JObject { ["kind"] = "unchanged", ["uri"] = uri, ["version"] = null, ["resultId"] = id }
                        : new JObject { ["kind"] = "full", ["uri"] = uri, ["version"] = null, ["resultId"] = id, ["items"] = diagnostics });
                }
            }
        }
        // Reports the client holds for files no longer reported (opened, deleted, scope changed) are emptied.
        var inItems = new HashSet<string>(items.Select(i => i["uri"]!.Value<string>()!), StringComparer.Ordinal);
        foreach (string uri in previous.Keys)
            if (!inItems.Contains(uri) && workspace.Documents.Get(uri) is null)
                items.Add(new JObject { ["kind"] = "full", ["uri"] = uri, ["version"] = null, ["resultId"] = "", ["items"] = new JArray() });
        return new JObject { ["items"] = items };
    }
}
