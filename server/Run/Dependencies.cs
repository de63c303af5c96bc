// Installs a node's declared dependencies once into a cached environment keyed by the dependency set.
using System.Collections.Concurrent;

namespace CodeNodeLsp.Run;

/// <summary>A ready environment folder (for sys.path or NODE_PATH), or why it could not be made.</summary>
internal sealed record DependencyEnv(string? Path, string? Error);

/// <summary>
/// <c>pip install --target</c> (Python) and <c>npm install</c> (TypeScript) into
/// <c>CACHE/deps/&lt;py|npm&gt;-&lt;hash of interpreter and sorted dependencies&gt;</c>. A finished environment has a
/// <c>.complete</c> marker and is reused by every later run. A failed install leaves a <c>.failed</c> note that
/// answers again for <see cref="FailureMemory"/>, so repeated runs (or a lens clicked many times) do not hammer
/// an unreachable package index.
/// </summary>
internal static class Dependencies
{
    public static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallLimit = TimeSpan.FromMinutes(5);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);

    public const string FailurePrefix = "Dependency install failed: ";

    public static Task<DependencyEnv> EnsurePythonAsync(RunSettings settings, IReadOnlyList<string> deps, CancellationToken ct)
    {
        var python = RunEnvironment.Python(settings);
        if (python.Path == null) return Task.FromResult(new DependencyEnv(null, python.Error));
        return EnsureAsync(settings, "py", python.Path, deps, async (dir, token) =>
        {
            var args = new List<string> { "-m", "pip", "install", "--target", dir, "--disable-pip-version-check", "--no-input", "--retries", "0", "--timeout", "15", "--quiet" };
            args.AddRange(deps);
            return await ToolProcess.RunAsync(python.Path, args, dir, InstallLimit, token).ConfigureAwait(false);
        }, ct);
    }

    public static Task<DependencyEnv> EnsureNodeAsync(RunSettings settings, IReadOnlyList<string> deps, CancellationToken ct)
    {
        var npm = RunEnvironment.FindProgram("npm");
        if (npm == null) return Task.FromResult(new DependencyEnv(null, FailurePrefix + "npm was not found on PATH."));
        return EnsureAsync(settings, "npm", npm, deps, async (dir, token) =>
        {
            File.WriteAllText(Path.Combine(dir, "package.json"), "{\"private\": true}\n");
            var args = new List<string> { "install", "--no-audit", "--no-fund", "--save-exact", "--no-package-lock", "--loglevel", "error" };
            args.AddRange(deps);
            return await ToolProcess.RunAsync(npm, args, dir, InstallLimit, token).ConfigureAwait(false);
        }, ct, "node_modules");
    }

    private static async Task<DependencyEnv> EnsureAsync(RunSettings settings, string kind, string tool, IReadOnlyList<string> deps,
        Func<string, CancellationToken, Task<ToolResult>> install, CancellationToken ct, string? subfolder = null)
    {
        var sorted = deps.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var key = kind + "-" + RunEnvironment.Hash(tool + "\n" + string.Join("\n", sorted));
        var root = Path.Combine(RunEnvironment.CacheDir(settings), "deps");
        var dir = Path.Combine(root, key);
        string Ready() => subfolder == null ? dir : Path.Combine(dir, subfolder);
        if (File.Exists(Path.Combine(dir, ".complete"))) return new DependencyEnv(Ready(), null);
        if (RecentFailure(root, key) is { } remembered) return new DependencyEnv(null, remembered);

        var gate = Locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Another run may have finished (or failed) the same install while this one waited.
            if (File.Exists(Path.Combine(dir, ".complete"))) return new DependencyEnv(Ready(), null);
            if (RecentFailure(root, key) is { } again) return new DependencyEnv(null, again);

            var work = dir + ".tmp-" + Environment.ProcessId;
            TryDelete(work);
            Directory.CreateDirectory(work);
            var result = await install(work, ct).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                TryDelete(work);
                var reason = result.TimedOut ? $"the install took longer than {InstallLimit.TotalMinutes:0} minutes" : result.Tail();
                var message = FailurePrefix + string.Join(", ", sorted) + "\n" + reason;
                Directory.CreateDirectory(root);
                File.WriteAllText(Path.Combine(root, key + ".failed"), message);
                return new DependencyEnv(null, message);
            }
            File.WriteAllText(Path.Combine(work, ".complete"), string.Join("\n", sorted) + "\n");
            TryDelete(dir);
            Directory.Move(work, dir);
            return new DependencyEnv(Ready(), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DependencyEnv(null, FailurePrefix + e.Message);
        }
        finally
        {
            gate.Release();
        }
    }

    private static string? RecentFailure(string root, string key)
    {
        var note = Path.Combine(root, key + ".failed");
        try
        {
            if (!File.Exists(note)) return null;
            var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(note);
            if (age > FailureMemory) return null;
            var wait = Math.Max(1, (int)(FailureMemory - age).TotalSeconds);
            return File.ReadAllText(note) + $"\n(remembered from an attempt {(int)age.TotalSeconds} s ago; the install is retried in {wait} s)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
