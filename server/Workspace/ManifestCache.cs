// Loads codenode.json manifests from disk (or from an open editor buffer) and keeps them until they change.
using System.Collections.Concurrent;

namespace CodeNodeLsp.Workspace;

/// <summary>
/// Caches parsed manifests by path, keyed by the file's timestamp and size, so locating a node costs a few
/// stat calls. An open editor buffer of a manifest takes precedence over the disk (the user sees its errors live).
/// </summary>
public sealed class ManifestCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _overlays = new(StringComparer.Ordinal);

    private sealed record Entry(DateTime Stamp, long Length, string? OverlayText, Manifest Manifest);

    /// <summary>Uses <paramref name="text"/> instead of the disk for this manifest until <see cref="ClearOverlay"/>.</summary>
    public void SetOverlay(string path, string text) => _overlays[Path.GetFullPath(path)] = text;

    public void ClearOverlay(string path) => _overlays.TryRemove(Path.GetFullPath(path), out _);

    /// <summary>Forgets everything cached (after a watched-file event).</summary>
    public void Invalidate() => _entries.Clear();

    /// <summary>The manifest at <paramref name="path"/>, or null when there is none.</summary>
    public Manifest? Get(string path)
    {
        string full = Path.GetFullPath(path);
        if (_overlays.TryGetValue(full, out string? overlay))
        {
            if (_entries.TryGetValue(full, out var cachedOverlay) && ReferenceEquals(cachedOverlay.OverlayText, overlay)) return cachedOverlay.Manifest;
            var parsed = ManifestReader.Read(full, overlay, File.Exists);
            _entries[full] = new Entry(default, -1, overlay, parsed);
            return parsed;
        }
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            _entries.TryRemove(full, out _);
            return null;
        }
        if (_entries.TryGetValue(full, out var e) && e.OverlayText is null && e.Stamp == info.LastWriteTimeUtc && e.Length == info.Length) return e.Manifest;
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            text = "";
        }
        var manifest = ManifestReader.Read(full, text, File.Exists);
        _entries[full] = new Entry(info.LastWriteTimeUtc, info.Length, null, manifest);
        return manifest;
    }
}
