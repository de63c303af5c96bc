// Kills everything a run started: its session (the harness leads one), orphans included, and reaps what it adopted.
using System.Runtime.InteropServices;

namespace CodeNodeLsp.Run;

/// <summary>
/// Process-tree control on Linux and other POSIX systems. Each run's harness calls <c>setsid()</c>, so the run is
/// one session and one process group whose id is the harness's pid. Killing the group reaches every child that
/// stayed in it; a sweep of <c>/proc</c> also reaches children that moved to another group of the same session.
/// A child that starts a session of its own is reached through the tree: the Python harness is a child subreaper
/// (its descendants' orphans become its children) and stays alive until its children are gone, so every process
/// of the run is a descendant of the harness when <see cref="KillDescendants"/> walks the parent links.
/// This process makes itself a child subreaper too, so orphans of a run become its children instead of init's;
/// the sweep reaps them, so no zombie stays behind even where init does not reap (as in some containers).
/// </summary>
internal static class ProcessTree
{
    private const int SigKill = 9;
    private const int PrSetChildSubreaper = 36;
    private const int WNoHang = 1;

    private static int _subreaperSet;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int sig);

    [DllImport("libc", SetLastError = true, EntryPoint = "prctl")]
    private static extern int SysPrctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc", SetLastError = true, EntryPoint = "waitpid")]
    private static extern int SysWaitPid(int pid, out int status, int options);

    private static bool IsLinux => OperatingSystem.IsLinux();

    /// <summary>Makes orphans of runs come to this process (Linux only; once per process).</summary>
    public static void BecomeSubreaper()
    {
        if (!IsLinux || Interlocked.Exchange(ref _subreaperSet, 1) == 1) return;
        try { SysPrctl(PrSetChildSubreaper, 1, 0, 0, 0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    /// <summary>
    /// SIGKILL to the process and to its process group (the harness leads its own group). Windows has neither signals
    /// nor groups: there the process and its live descendants are killed through .NET's tree kill (untested here;
    /// docs/run.md, "Portability").
    /// </summary>
    public static void KillGroup(int leader)
    {
        if (leader <= 0) return;
        if (OperatingSystem.IsWindows())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(leader);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException) { }
            return;
        }
        try
        {
            SysKill(-leader, SigKill);
            SysKill(leader, SigKill);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    /// <summary>
    /// SIGKILL to every descendant of <paramref name="root"/> (not the root), found through the parent links of
    /// <c>/proc</c>, whatever their group or session. Repeats briefly because a process may fork while it is being
    /// killed. Returns the pids it killed, so that the sweep can reap those handed to this process. Never throws.
    /// </summary>
    public static IReadOnlySet<int> KillDescendants(int root)
    {
        var killed = new HashSet<int>();
        if (!IsLinux || root <= 0) return killed;
        var deadline = DateTime.UtcNow.AddMilliseconds(500);
        try
        {
            while (true)
            {
                var children = new Dictionary<int, List<int>>();
                var states = new Dictionary<int, char>();
                foreach (var (pid, ppid, _, state) in EnumerateProcesses())
                {
                    states[pid] = state;
                    if (!children.TryGetValue(ppid, out var list)) children[ppid] = list = [];
                    list.Add(pid);
                }
                bool anyLive = false;
                var pending = new Stack<int>();
                pending.Push(root);
                while (pending.Count > 0)
                {
                    if (!children.TryGetValue(pending.Pop(), out var list)) continue;
                    foreach (var child in list)
                    {
                        pending.Push(child);
                        if (states[child] == 'Z') continue;
                        anyLive = true;
                        killed.Add(child);
                        SysKill(child, SigKill);
                    }
                }
                if (!anyLive || DateTime.UtcNow > deadline) return killed;
                Thread.Sleep(5);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return killed;
        }
    }

    /// <summary>
    /// Kills every process of the session <paramref name="sid"/> and reaps the ones this process adopted, among
    /// them the already killed <paramref name="killed"/> of other sessions once their parents are gone.
    /// Repeats briefly because a process may fork while it is being killed. Never throws.
    /// </summary>
    public static void SweepSession(int sid, IReadOnlySet<int>? killed = null)
    {
        if (!IsLinux || sid <= 0) return;
        int self = Environment.ProcessId;
        var deadline = DateTime.UtcNow.AddMilliseconds(500);
        try
        {
            while (true)
            {
                bool anyLive = false;
                foreach (var (pid, ppid, session, state) in EnumerateProcesses())
                {
                    // The harness itself belongs to .NET's Process object, which reaps it; never wait on it here.
                    if (pid == sid) continue;
                    if (session != sid)
                    {
                        // A killed process of another session is reaped here once it is handed to this process.
                        if (killed is null || !killed.Contains(pid) || state != 'Z') continue;
                        if (ppid == self) SysWaitPid(pid, out _, WNoHang);
                        else anyLive = true;
                        continue;
                    }
                    if (state == 'Z')
                    {
                        if (ppid == self) SysWaitPid(pid, out _, WNoHang);
                        else anyLive = true; // its parent (a child of the run) is about to die and hand it to us
                        continue;
                    }
                    anyLive = true;
                    SysKill(pid, SigKill);
                }
                if (!anyLive || DateTime.UtcNow > deadline) return;
                Thread.Sleep(5);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException) { }
    }

    /// <summary>Pids of live (non-zombie) processes in a session; used by tests to prove nothing is left.</summary>
    public static IReadOnlyList<int> LiveInSession(int sid) =>
        EnumerateProcesses().Where(p => p.Session == sid && p.State != 'Z').Select(p => p.Pid).ToList();

    /// <summary>Reads pid, parent, session and state of every process from <c>/proc/PID/stat</c>.</summary>
    public static IEnumerable<(int Pid, int Ppid, int Session, char State)> EnumerateProcesses()
    {
        if (!IsLinux) yield break;
        string[] dirs;
        try { dirs = Directory.GetDirectories("/proc"); }
        catch (IOException) { yield break; }
        foreach (var dir in dirs)
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]) || !int.TryParse(name, out int pid)) continue;
            var fields = StatFields(pid);
            if (fields is null || fields.Length < 4 || !int.TryParse(fields[1], out int ppid) || !int.TryParse(fields[3], out int session)) continue;
            yield return (pid, ppid, session, fields[0].Length > 0 ? fields[0][0] : '?');
        }
    }

    /// <summary>
    /// Who <paramref name="pid"/> is, as a string that changes when the pid is reused: its start time in clock ticks
    /// since boot. Null when no such process lives (absent, or a zombie: dead but not yet reaped). Linux only.
    /// </summary>
    public static string? LiveIdentity(int pid)
    {
        var fields = StatFields(pid);
        // starttime is field 22 of stat; the fields here start at field 3 (state).
        if (fields is null || fields.Length < 20 || fields[0] is "Z" or "X" or "x") return null;
        return fields[19];
    }

    /// <summary>The fields of <c>/proc/PID/stat</c> after the command name (state first), or null when unreadable.</summary>
    private static string[]? StatFields(int pid)
    {
        string stat;
        try { stat = File.ReadAllText("/proc/" + pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/stat"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        // Format: pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses, so split after the last ')'.
        int close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length) return null;
        return stat[(close + 2)..].Split(' ');
    }
}
