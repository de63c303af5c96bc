// Keeps one started harness per interpreter waiting for its job, so a run pays no interpreter start-up.
namespace CodeNodeLsp.Run;

/// <summary>
/// One waiting process per <see cref="HarnessSpec.Key"/>. A process serves exactly one job; when it is taken a fresh
/// one is started in the background, so nothing a run leaves in memory (imports, globals, threads) reaches the next.
/// The caller starts that replacement with <see cref="Prestart"/> once its job has answered, so the interpreter's
/// start-up does not compete with the run for the CPU.
/// </summary>
internal sealed class WarmPool : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, HarnessProcess> _ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _starting = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>
    /// A process for <paramref name="spec"/>: the waiting one if there is one, else a new one. Throws when the
    /// program cannot start.
    /// </summary>
    public async Task<HarnessProcess> TakeAsync(HarnessSpec spec)
    {
        Task? starting;
        lock (_gate) _starting.TryGetValue(spec.Key, out starting);
        // A replacement that is being started is nearly ready; waiting for it beats a second start.
        if (starting != null) await starting.ConfigureAwait(false);

        HarnessProcess? process = null;
        lock (_gate)
        {
            if (_ready.Remove(spec.Key, out var waiting))
            {
                if (waiting.IsAlive) process = waiting;
                else waiting.Dispose();
            }
        }
        return process ?? HarnessProcess.Start(spec);
    }

    /// <summary>Starts a waiting process for <paramref name="spec"/> in the background unless one exists.</summary>
    public void Prestart(HarnessSpec spec)
    {
        lock (_gate)
        {
            if (_disposed || _starting.ContainsKey(spec.Key)) return;
            if (_ready.TryGetValue(spec.Key, out var existing) && existing.IsAlive) return;
            _starting[spec.Key] = Task.Run(() => StartWaiting(spec));
        }
    }

    private void StartWaiting(HarnessSpec spec)
    {
        HarnessProcess? process = null;
        try { process = HarnessProcess.Start(spec); }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            // The run that needs it will start one itself and report the failure properly.
        }
        lock (_gate)
        {
            _starting.Remove(spec.Key);
            if (process == null) return;
            if (_disposed || _ready.ContainsKey(spec.Key))
            {
                process.Dispose();
                return;
            }
            _ready[spec.Key] = process;
        }
    }

    /// <summary>Number of processes waiting (for tests and the benchmark).</summary>
    public int WaitingCount { get { lock (_gate) return _ready.Count; } }

    public void Dispose()
    {
        List<HarnessProcess> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _ready.Values];
            _ready.Clear();
        }
        foreach (var p in all) p.Dispose();
    }
}
