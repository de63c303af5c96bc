// Watches the editor's process (initialize's processId) so the server never outlives the editor that started it.
using System.Diagnostics;
using CodeNodeLsp.Run;

namespace CodeNodeLsp.Server;

/// <summary>
/// LSP: "If the parent process is not alive then the server should exit." The end of stdin usually stops the server
/// first, but an editor that dies without closing the pipe, or one that handed the pipe to a process that lives on,
/// would leave it running for good. A timer asks every few seconds whether the process is still there (on Linux
/// one small <c>/proc</c> read) and calls <c>onGone</c> once when it is not. Polling, because a process that is not
/// our parent cannot be waited for.
/// </summary>
public sealed class ParentProcessWatcher : IDisposable
{
    /// <summary>Often enough that a stray server dies within seconds, rarely enough to cost nothing.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(3);

    private readonly Func<bool> _isAlive;
    private readonly Action _onGone;
    private readonly TimeSpan _interval;
    private readonly Timer _timer;
    // 0 while watching; 1 once the process was found gone or the watcher was disposed.
    private int _done;

    public ParentProcessWatcher(Func<bool> isAlive, TimeSpan interval, Action onGone)
    {
        _isAlive = isAlive;
        _interval = interval;
        _onGone = onGone;
        // One-shot and re-armed after each check, so a slow check never overlaps the next one.
        _timer = new Timer(_ => Check(), null, interval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Watches <paramref name="processId"/> as LSP sends it. Null (nothing to watch) when it is null, as the spec
    /// allows for a client that has no process, when it is not a valid pid, and when no such process can be seen:
    /// the client has just sent <c>initialize</c>, so its process is alive, and a pid this server cannot see
    /// belongs to another pid namespace (a server started in a container by an editor outside it). Exiting on it
    /// would end every such server three seconds after it started.
    /// </summary>
    public static ParentProcessWatcher? Start(int? processId, Action onGone, TimeSpan? interval = null)
    {
        if (processId is not (> 0 and int pid)) return null;
        var probe = AliveProbe(pid);
        return probe() ? new ParentProcessWatcher(probe, interval ?? DefaultInterval, onGone) : null;
    }

    /// <summary>
    /// A check that says whether <paramref name="pid"/> is still the process it is now. On Linux the process's start
    /// time is remembered, so a pid that the system reuses for another process after the editor died does not
    /// count as alive, and a zombie (dead, not yet reaped) counts as gone. Elsewhere, <see cref="Process"/> is asked.
    /// </summary>
    public static Func<bool> AliveProbe(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string? identity = ProcessTree.LiveIdentity(pid);
            return () => identity is not null && ProcessTree.LiveIdentity(pid) == identity;
        }
        return () =>
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // The system will not say (e.g. no rights to the process); exiting on a guess would be worse.
                return true;
            }
        };
    }

    private void Check()
    {
        if (Volatile.Read(ref _done) != 0) return;
        bool alive;
        try { alive = _isAlive(); }
        catch (Exception) { alive = true; } // a failing check must neither crash the server nor end it on a guess
        if (alive)
        {
            try { _timer.Change(_interval, Timeout.InfiniteTimeSpan); }
            catch (ObjectDisposedException) { }
            return;
        }
        if (Interlocked.Exchange(ref _done, 1) == 0) _onGone();
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _done, 1);
        _timer.Dispose();
    }
}
