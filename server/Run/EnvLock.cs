// A cross-process lock around creating one dependency environment: a lock file held with flock, plus its owner.
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>
/// Held while one process creates (or deletes) the environment <c>deps/KEY</c>. The lock is <c>KEY.lock</c> opened
/// exclusively (on Linux an advisory <c>flock</c>, which the kernel releases when its holder dies, so a crashed
/// holder never leaves a lock that has to be broken); the holder writes who it is to <c>KEY.owner</c> (pid, start
/// time, host, command, since when) so a waiting run can name the process it waits for. Staleness is then about
/// what a holder leaves behind, not the lock: a holder that was killed leaves its temporary folders
/// (<c>KEY.tmp-*</c>, <c>KEY.old-*</c>) and an owner note, and the next holder deletes them, since only a holder
/// creates them. On file systems without locks every process may build; the atomic rename that finishes an
/// environment keeps that correct (the first finished one wins, the others discard theirs).
/// </summary>
internal sealed class EnvLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _stream;
    private readonly string _ownerPath;
    private bool _disposed;

    private EnvLock(FileStream stream, string ownerPath)
    {
        _stream = stream;
        _ownerPath = ownerPath;
    }

    /// <summary>
    /// Waits (polling) until the lock is free, honouring <paramref name="ct"/>; the cancellation's message names the
    /// process that held it. <paramref name="onWait"/> is called once when the lock is found held.
    /// </summary>
    public static async Task<EnvLock> AcquireAsync(string root, string key, CancellationToken ct, Action<string>? onWait = null)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, key + ".lock");
        bool told = false;
        while (true)
        {
            var held = TryAcquire(root, key);
            if (held != null) return held;
            if (!told)
            {
                told = true;
                onWait?.Invoke(OwnerText(root, key));
            }
            try { await Task.Delay(Poll, ct).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                throw new OperationCanceledException($"{OwnerText(root, key)} was still creating the same environment ({path}).", ct);
            }
        }
    }

    /// <summary>The lock if it is free now, else null (never waits).</summary>
    public static EnvLock? TryAcquire(string root, string key)
    {
        var path = Path.Combine(root, key + ".lock");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        var ownerPath = Path.Combine(root, key + ".owner");
        try
        {
            var me = new JObject
            {
                ["pid"] = Environment.ProcessId,
                ["start"] = ProcessTree.LiveIdentity(Environment.ProcessId),
                ["host"] = Environment.MachineName,
                ["command"] = Environment.CommandLine.Length > 200 ? Environment.CommandLine[..200] : Environment.CommandLine,
                ["since"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            };
            File.WriteAllText(ownerPath, me.ToString(Newtonsoft.Json.Formatting.None));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The note is for messages only; the lock holds without it.
        }
        return new EnvLock(stream, ownerPath);
    }

    /// <summary>Who holds (or last held) the lock of <paramref name="key"/>, in words.</summary>
    public static string OwnerText(string root, string key)
    {
        try
        {
            var o = RunJson.ParseObject(File.ReadAllText(Path.Combine(root, key + ".owner")));
            var since = DateTime.TryParse((string?)o["since"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)
                ? $", since {(int)(DateTime.UtcNow - t.ToUniversalTime()).TotalSeconds} s" : "";
            return $"Another process (pid {(int?)o["pid"]} on {(string?)o["host"]}{since})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException)
        {
            return "Another process";
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { File.Delete(_ownerPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        _stream.Dispose();
    }
}
