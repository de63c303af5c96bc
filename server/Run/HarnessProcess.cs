// One run's process: started ahead of time, given one job on stdin, answered on a framed private channel, then killed.
using System.Diagnostics;
using System.Text;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>How to start a harness process. The environment is exactly <see cref="Environment"/>, nothing inherited.</summary>
internal sealed record HarnessSpec(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory)
{
    /// <summary>Identifies interchangeable processes in the warm pool.</summary>
    public string Key => FileName + "\0" + string.Join("\0", Arguments) + "\0" + WorkingDirectory;
}

/// <summary>What came back from one job: the harness's reply (null when none came) and what the process wrote besides.</summary>
internal sealed record HarnessOutcome(
    JObject? Reply,
    bool TimedOut,
    bool Cancelled,
    int? ExitCode,
    string ProcessStdout,
    string ProcessStderr,
    double DurationMs,
    int Pid);

/// <summary>
/// A started harness waiting for its job. The job goes to stdin, which is then closed, so a node that reads stdin
/// gets EOF. The reply is the one stdout line that starts with the run's random nonce; anything else on stdout or
/// stderr is output of the process itself (child processes, raw fd writes), captured up to a cap.
/// </summary>
internal sealed class HarnessProcess : IDisposable
{
    /// <summary>Most bytes kept from each of the process's own streams.</summary>
    public const int StreamCap = 1 << 20;

    private readonly Process _process;
    private readonly FrameReader _stdout = new();
    private readonly CappedBytes _stderr = new(StreamCap);
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _used;

    private HarnessProcess(Process process)
    {
        _process = process;
        Pid = process.Id;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _exited.TrySetResult();
        if (process.HasExited) _exited.TrySetResult();
        _stdoutPump = Pump(process.StandardOutput.BaseStream, _stdout.Add);
        _stderrPump = Pump(process.StandardError.BaseStream, _stderr.Add);
    }

    public int Pid { get; }
    public string Key { get; private init; } = "";
    public bool IsAlive => !_exited.Task.IsCompleted;

    /// <summary>Starts the process; throws what <see cref="Process.Start()"/> throws when the program is missing.</summary>
    public static HarnessProcess Start(HarnessSpec spec)
    {
        ProcessTree.BecomeSubreaper();
        var psi = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var a in spec.Arguments) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in spec.Environment) psi.Environment[k] = v;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("The process could not be started.");
        return new HarnessProcess(process) { Key = spec.Key };
    }

    /// <summary>
    /// Sends the job and waits for the reply, the process's exit, the timeout or cancellation, whichever comes
    /// first; then kills the process group and sweeps the session, so nothing the run started survives it.
    /// </summary>
    public async Task<HarnessOutcome> RunAsync(byte[] job, string nonce, TimeSpan timeout, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _used, 1) == 1) throw new InvalidOperationException("A harness process runs one job only.");
        var watch = Stopwatch.StartNew();
        _stdout.SetNonce(nonce);
        bool timedOut = false, cancelled = false;
        try
        {
            var stdin = _process.StandardInput.BaseStream;
            await stdin.WriteAsync(job, CancellationToken.None).ConfigureAwait(false);
            await stdin.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            stdin.Close();
        }
        catch (IOException)
        {
            // The process died before it read its job; the exit below reports it.
        }

        using (var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeoutCts.CancelAfter(timeout);
            var stop = Task.Delay(Timeout.Infinite, timeoutCts.Token);
            var first = await Task.WhenAny(_stdout.Completed, _exited.Task, stop).ConfigureAwait(false);
            if (first == stop)
            {
                cancelled = ct.IsCancellationRequested;
                timedOut = !cancelled;
            }
            else if (first == _exited.Task)
            {
                // The reply may still be in the pipe when the exit is noticed; the pump ends at EOF.
                await Task.WhenAny(_stdoutPump, Task.Delay(200, CancellationToken.None)).ConfigureAwait(false);
            }
        }
        var duration = watch.Elapsed.TotalMilliseconds;

        Terminate();
        // After the kill, every writer of the pipes is dead or about to be, so EOF comes quickly; an escaped
        // process that still holds them open is not waited for.
        await Task.WhenAny(Task.WhenAll(_stdoutPump, _stderrPump), Task.Delay(300, CancellationToken.None)).ConfigureAwait(false);

        int? exitCode = null;
        if (_exited.Task.IsCompleted)
        {
            try { exitCode = _process.ExitCode; }
            catch (InvalidOperationException) { }
        }
        var reply = timedOut || cancelled ? null : _stdout.Reply;
        return new HarnessOutcome(reply, timedOut, cancelled, exitCode, _stdout.RawText(), _stderr.Text(), duration, Pid);
    }

    /// <summary>
    /// Kills everything the run started, in the background (the walks read /proc; the result does not wait).
    /// First the harness's descendants while it is alive: it adopts their orphans (a child subreaper), so a process
    /// that started a session of its own is still found below it. Then the harness's group, then a sweep of its
    /// session, which also reaps what was handed to this process.
    /// </summary>
    private void Terminate()
    {
        int pid = Pid;
        bool alive = IsAlive;
        if (!alive)
        {
            // A harness that exited by itself had no child left (it waits for them first): only the sweep remains.
            Cleanup.Track(Task.Run(() => ProcessTree.SweepSession(pid)));
            return;
        }
        Cleanup.Track(Task.Run(() =>
        {
            var killed = ProcessTree.KillDescendants(pid);
            ProcessTree.KillGroup(pid);
            ProcessTree.SweepSession(pid, killed);
        }));
    }

    public void Dispose()
    {
        if (IsAlive) Terminate();
        _process.Dispose();
    }

    private static async Task Pump(Stream stream, Action<ReadOnlySpan<byte>> sink)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer).ConfigureAwait(false);
                if (n <= 0) return;
                sink(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException) { }
    }
}

/// <summary>Background cleanups (session sweeps) that a short-lived caller such as the CLI waits for before exiting.</summary>
public static class Cleanup
{
    private static readonly List<Task> Pending = [];

    internal static void Track(Task task)
    {
        lock (Pending)
        {
            Pending.RemoveAll(t => t.IsCompleted);
            Pending.Add(task);
        }
    }

    /// <summary>Waits until every sweep started so far has finished (at most <paramref name="limit"/>).</summary>
    public static void WaitAll(TimeSpan limit)
    {
        Task[] tasks;
        lock (Pending) tasks = [.. Pending];
        try { Task.WaitAll(tasks, limit); }
        catch (AggregateException) { }
    }
}

/// <summary>Keeps the first bytes of a stream up to a cap and counts the rest.</summary>
internal sealed class CappedBytes(int cap)
{
    private readonly MemoryStream _kept = new();
    private long _dropped;
    private readonly object _gate = new();

    public void Add(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            int room = (int)Math.Max(0, cap - _kept.Length);
            int take = Math.Min(room, data.Length);
            if (take > 0) _kept.Write(data[..take]);
            _dropped += data.Length - take;
        }
    }

    public string Text()
    {
        lock (_gate)
        {
            var text = Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
            return _dropped > 0 ? text + Truncation.Marker(_dropped, "bytes") : text;
        }
    }
}

/// <summary>The one visible marker appended to captured output that hit its cap.</summary>
public static class Truncation
{
    public static string Marker(long dropped, string unit) =>
        $"\n[codenode: output truncated here; {dropped} more {unit} not shown]";
}

/// <summary>
/// Splits a process's stdout into the framed reply (<c>"\n@@codenode-result NONCE@@" + JSON + "\n"</c>) and
/// everything else. The nonce is random per job, so a print that imitates a reply cannot be taken for it.
/// </summary>
internal sealed class FrameReader
{
    private const int FrameCap = 256 << 20;
    private readonly object _gate = new();
    private readonly CappedBytes _raw = new(HarnessProcess.StreamCap);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _marker = [];
    private byte[] _pending = new byte[1024];
    private int _pendingLength;
    private MemoryStream? _frame;
    private JObject? _reply;

    public Task Completed => _done.Task;

    public JObject? Reply { get { lock (_gate) return _reply; } }

    public void SetNonce(string nonce)
    {
        lock (_gate) _marker = Encoding.ASCII.GetBytes("\n@@codenode-result " + nonce + "@@");
    }

    public string RawText() => _raw.Text();

    public void Add(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_reply != null || _marker.Length == 0)
            {
                _raw.Add(data);
                return;
            }
            if (_frame != null)
            {
                AddToFrame(data);
                return;
            }
            Append(data);
            int at = _pending.AsSpan(0, _pendingLength).IndexOf(_marker);
            if (at >= 0)
            {
                _raw.Add(_pending.AsSpan(0, at));
                _frame = new MemoryStream();
                var rest = _pending.AsSpan(at + _marker.Length, _pendingLength - at - _marker.Length).ToArray();
                _pendingLength = 0;
                AddToFrame(rest);
                return;
            }
            // Keep only a tail that could be the start of a marker split across reads.
            int keep = Math.Min(_pendingLength, _marker.Length - 1);
            _raw.Add(_pending.AsSpan(0, _pendingLength - keep));
            _pending.AsSpan(_pendingLength - keep, keep).CopyTo(_pending);
            _pendingLength = keep;
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_pendingLength + data.Length > _pending.Length)
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + data.Length));
        data.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += data.Length;
    }

    private void AddToFrame(ReadOnlySpan<byte> data)
    {
        int end = data.IndexOf((byte)'\n');
        var body = end >= 0 ? data[..end] : data;
        if (_frame!.Length + body.Length <= FrameCap) _frame.Write(body);
        if (end < 0) return;
        try
        {
            var json = Encoding.UTF8.GetString(_frame.GetBuffer(), 0, (int)_frame.Length);
            _reply = RunJson.ParseObject(json);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or ArgumentException)
        {
            _reply = new JObject { ["ok"] = false, ["error"] = "The run's reply could not be read: " + e.Message };
        }
        _frame = null;
        _raw.Add(data[(end + 1)..]);
        _done.TrySetResult();
    }
}
