// Pushes textDocument/publishDiagnostics: analyses the newest snapshot off the queue and never publishes a stale one.
using System.Collections.Concurrent;
using CodeNodeLsp.Protocol.Lsp;
using CodeNodeLsp.Server.Convert;
using CodeNodeLsp.Workspace;
using Microsoft.Extensions.Logging;

namespace CodeNodeLsp.Server;

/// <summary>
/// Documents are marked during edits and analysed once the edit queue runs dry. One worker per document at most. Each round takes the document's current snapshot, analyses it, and publishes
/// only if that snapshot is still current; otherwise a newer edit has marked the document dirty and the next round
/// analyses the newer one. A burst of edits therefore costs a few analyses, and a stale version is never
/// published after a newer one. Publishing happens under the document's lock, like clearing on close.
/// </summary>
public sealed class DiagnosticsPublisher
{
    private sealed class State
    {
        public bool Running;
        public bool Dirty;
        public bool LastNonEmpty;
    }

    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);
    private readonly LanguageServer _server;
    private readonly ILogger _log;

    public DiagnosticsPublisher(LanguageServer server, ILogger log)
    {
        _server = server;
        _log = log;
    }

    /// <summary>Counts analyses started by the publisher (benchmarks and the burst test read it).</summary>
    public long AnalysesRun => Interlocked.Read(ref _analysesRun);
    private long _analysesRun;

    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    /// <summary>
    /// With CODENODE_TIMING=1 every analysis logs its wall time, what it allocated and the collections that ran
    /// meanwhile (docs/BENCHMARKS.md was profiled this way: a fresh process spends its first changes compiling).
    /// </summary>
    private static readonly bool Timing = Environment.GetEnvironmentVariable("CODENODE_TIMING") == "1";

    /// <summary>
    /// Marks a document for analysis. Called on the dispatcher's queue; the work starts when the queue runs dry
    /// (<see cref="Flush"/>), so a burst of edits is analysed once, at its newest version.
    /// </summary>
    public void Schedule(string uri)
    {
        lock (_pending) _pending.Add(uri);
    }

    /// <summary>Starts analysing every document scheduled since the last flush.</summary>
    public void Flush()
    {
        string[] uris;
        lock (_pending)
        {
            if (_pending.Count == 0) return;
            uris = [.. _pending];
            _pending.Clear();
        }
        foreach (string uri in uris)
        {
            var state = _states.GetOrAdd(uri, _ => new State());
            lock (state)
            {
                state.Dirty = true;
                if (state.Running) continue;
                state.Running = true;
            }
            _ = Task.Run(() => Work(uri, state));
        }
    }

    /// <summary>
    /// Publishes an empty list for a closed document (it must already be gone from the store). A document that
    /// never had diagnostics and is not a code node gets nothing, as it got nothing while open.
    /// </summary>
    public void Clear(string uri, DocumentKind kind)
    {
        var state = _states.GetOrAdd(uri, _ => new State());
        lock (state)
        {
            if (kind == DocumentKind.Other && !state.LastNonEmpty) return;
            state.LastNonEmpty = false;
            _server.Connection.Notify(Methods.PublishDiagnostics, new PublishDiagnosticsParams { Uri = uri });
        }
    }

    /// <summary>The text a fix for another file was computed against: the manifest as the analysis read it.</summary>
    private static Text.SourceText? OtherText(Document document, string path)
    {
        var context = document.Located.Context;
        if (context?.ManifestPath is { } manifest && context.ManifestText is { } text && PathUtil.SamePath(Path.GetFullPath(path), manifest))
            return Text.SourceText.From(text);
        return null;
    }

    /// <summary>Young garbage tolerated before an analysis starts; more is collected first (see <see cref="CollectBeforeAnalysis"/>).</summary>
    private const long YoungGarbageLimit = 4 * 1024 * 1024;
    private static long _allocatedAtCollect;

    /// <summary>
    /// Collects the youngest generation before an analysis once more than <see cref="YoungGarbageLimit"/> was allocated
    /// since the last time. This is the cheapest moment: the previous version's analysis became garbage when its
    /// snapshot was replaced, and the new tree does not exist yet, so almost nothing survives. A collection in the
    /// middle of an analysis instead finds the half-built tree alive and copies it into older generations, which then
    /// need a full collection: that was about half of the time of a 10,000-line re-analysis. The server's first
    /// generation budget (codenode.csproj) is large enough for such an analysis to finish without one. Only the
    /// youngest generation is asked for: what survives there (pflow's cached trees of other versions) is copied once,
    /// and the collector still goes further on its own when the older generations' budgets are spent.
    /// </summary>
    private static void CollectBeforeAnalysis()
    {
        long allocated = GC.GetTotalAllocatedBytes();
        if (allocated - Interlocked.Read(ref _allocatedAtCollect) < YoungGarbageLimit) return;
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        Interlocked.Exchange(ref _allocatedAtCollect, GC.GetTotalAllocatedBytes());
    }

    private void Work(string uri, State state)
    {
        while (true)
        {
            lock (state)
            {
                if (!state.Dirty)
                {
                    state.Running = false;
                    return;
                }
                state.Dirty = false;
            }
            var document = _server.Workspace.Documents.Get(uri);
            if (document is null) continue;
            List<LspDiagnostic> diagnostics;
            try
            {
                Interlocked.Increment(ref _analysesRun);
                var probe = Timing ? AnalysisProbe.Start() : default;
                CollectBeforeAnalysis();
                diagnostics = document.AllDiagnostics(CancellationToken.None)
                    .Select(d => LspConvert.ToDiagnostic(document.Text, uri, d, path => OtherText(document, path))).ToList();
                if (Timing) _log.LogInformation("Analysed {Uri} version {Version} ({Chars} characters): {Probe}", uri, document.Version, document.Text.Length, probe.Stop());
            }
            catch (Exception e)
            {
                _log.LogError(e, "Analysing {Uri} failed.", uri);
                continue;
            }
            lock (state)
            {
                var current = _server.Workspace.Documents.Get(uri);
                if (current is null || current.Generation != document.Generation) continue;
                if (diagnostics.Count == 0 && !state.LastNonEmpty && document.Kind == DocumentKind.Other) continue;
                state.LastNonEmpty = diagnostics.Count > 0;
                _server.Connection.Notify(Methods.PublishDiagnostics, new PublishDiagnosticsParams
                {
                    Uri = uri,
                    Version = document.Version,
                    Diagnostics = diagnostics,
                });
            }
        }
    }
}

/// <summary>Wall time, bytes allocated on this thread and collections of one analysis, the collection before it included (for CODENODE_TIMING).</summary>
internal readonly record struct AnalysisProbe(long Ticks, long Bytes, int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    public static AnalysisProbe Start() => new(System.Diagnostics.Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread(),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public string Stop() =>
        $"{System.Diagnostics.Stopwatch.GetElapsedTime(Ticks).TotalMilliseconds:F2} ms, {(GC.GetAllocatedBytesForCurrentThread() - Bytes) / 1048576.0:F1} MB allocated, " +
        $"collections gen0 {GC.CollectionCount(0) - Gen0} gen1 {GC.CollectionCount(1) - Gen1} gen2 {GC.CollectionCount(2) - Gen2}, " +
        $"paused {(GC.GetTotalPauseDuration() - Pause).TotalMilliseconds:F2} ms";
}
