// The watcher of the editor's process: reports a gone process once, never a live one, and its probe tells real processes apart.
using System.Diagnostics;
using CodeNodeLsp.Server;

namespace CodeNodeLsp.Tests.Server;

public sealed class ParentProcessWatcherTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void A_process_that_dies_is_reported_once_after_the_checks_that_saw_it_alive()
    {
        int checks = 0, reports = 0, checksAtReport = -1;
        using var gone = new ManualResetEventSlim();
        // Alive for three checks, then gone for good.
        using var watcher = new ParentProcessWatcher(() => Interlocked.Increment(ref checks) <= 3, Fast, () =>
        {
            checksAtReport = Volatile.Read(ref checks);
            Interlocked.Increment(ref reports);
            gone.Set();
        });
        Assert.True(gone.Wait(TimeSpan.FromSeconds(10)), "the dead process was never reported");
        Thread.Sleep(200);
        Assert.Equal(4, checksAtReport);
        Assert.Equal(1, Volatile.Read(ref reports));
        // After the report the watcher stops checking.
        Assert.Equal(4, Volatile.Read(ref checks));
    }

    [Fact]
    public void A_live_process_is_never_reported_and_dispose_stops_the_checks()
    {
        int checks = 0, reports = 0;
        var watcher = new ParentProcessWatcher(() => { Interlocked.Increment(ref checks); return true; }, Fast, () => Interlocked.Increment(ref reports));
        SpinWait.SpinUntil(() => Volatile.Read(ref checks) >= 5, TimeSpan.FromSeconds(10));
        Assert.True(Volatile.Read(ref checks) >= 5, "the watcher stopped checking a live process");
        watcher.Dispose();
        Thread.Sleep(100);
        int afterDispose = Volatile.Read(ref checks);
        Thread.Sleep(200);
        Assert.Equal(afterDispose, Volatile.Read(ref checks));
        Assert.Equal(0, Volatile.Read(ref reports));
    }

    [Fact]
    public void A_failing_check_counts_as_alive()
    {
        int checks = 0, reports = 0;
        using var watcher = new ParentProcessWatcher(() => Interlocked.Increment(ref checks) < 3 ? throw new IOException("unreadable") : true, Fast, () => Interlocked.Increment(ref reports));
        SpinWait.SpinUntil(() => Volatile.Read(ref checks) >= 5, TimeSpan.FromSeconds(10));
        Assert.True(Volatile.Read(ref checks) >= 5, "a throwing check stopped the watcher");
        Assert.Equal(0, Volatile.Read(ref reports));
    }

    [Fact]
    public void No_process_id_means_nothing_is_watched()
    {
        Assert.Null(ParentProcessWatcher.Start(null, () => { }));
        Assert.Null(ParentProcessWatcher.Start(0, () => { }));
        Assert.Null(ParentProcessWatcher.Start(-5, () => { }));
    }

    [Fact]
    public void A_process_that_cannot_be_seen_at_the_start_is_not_watched_but_a_live_one_is()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        int pid = sleeper.Id;
        using (var live = ParentProcessWatcher.Start(pid, () => { })) Assert.NotNull(live);
        sleeper.Kill();
        sleeper.WaitForExit();
        // As for a pid from another pid namespace: nothing to watch, rather than an exit three seconds after start.
        Assert.Null(ParentProcessWatcher.Start(pid, () => { }));
    }

    [Fact]
    public void The_probe_sees_a_real_process_alive_until_it_is_killed()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var probe = ParentProcessWatcher.AliveProbe(sleeper.Id);
        Assert.True(probe());
        Assert.True(ParentProcessWatcher.AliveProbe(Environment.ProcessId)());
        sleeper.Kill();
        sleeper.WaitForExit();
        Assert.False(probe());
        // A probe made after the process is gone never sees it alive either.
        Assert.False(ParentProcessWatcher.AliveProbe(sleeper.Id)());
    }

    [Fact]
    public void The_real_watcher_reports_a_killed_process()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        using var gone = new ManualResetEventSlim();
        using var watcher = new ParentProcessWatcher(ParentProcessWatcher.AliveProbe(sleeper.Id), Fast, gone.Set);
        Assert.False(gone.Wait(200), "a live process was reported gone");
        sleeper.Kill();
        Assert.True(gone.Wait(TimeSpan.FromSeconds(10)), "the killed process was never reported");
    }
}
