// The open documents by URI: each entry is an immutable snapshot, replaced whole on every change.
using System.Collections.Concurrent;

namespace CodeNodeLsp.Workspace;

/// <summary>
/// Written only by the server's ordered queue; read from any thread. A reader gets a whole snapshot or none.
/// </summary>
public sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, Document> _documents = new(StringComparer.Ordinal);

    public Document? Get(string uri) => _documents.TryGetValue(uri, out var d) ? d : null;

    public Document? FindByPath(string fullPath)
    {
        foreach (var d in _documents.Values)
            if (d.Path is not null && PathUtil.SamePath(d.Path, fullPath)) return d;
        return null;
    }

    public IReadOnlyCollection<Document> All => _documents.Values.ToList();

    public int Count => _documents.Count;

    public void Set(Document document) => _documents[document.Uri] = document;

    public bool Remove(string uri) => _documents.TryRemove(uri, out _);
}
