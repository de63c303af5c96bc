// Installs a node's declared dependencies once into a cached environment keyed by the dependency set.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CodeNodeLsp.Dialects.StackAi;
using Newtonsoft.Json.Linq;

namespace CodeNodeLsp.Run;

/// <summary>
/// A ready environment folder (for sys.path or the Node resolver), or why it could not be made. <see cref="Info"/>
/// is what the run result shows: the resolved versions, whether the environment was reused, the install time.
/// </summary>
internal sealed record DependencyEnv(string? Path, string? Error, JObject? Info = null);

/// <summary>
/// <c>pip install --target</c> (Python) and <c>npm install</c> (TypeScript) into
/// <c>CACHE/deps/&lt;py|npm&gt;-&lt;hash&gt;</c>, the hash of the installer, the index configuration of the workspace and
/// the sorted dependency set. An environment is built in a temporary folder next to it, under a cross-process lock
/// (<see cref="EnvLock"/>), and renamed into place only when complete, with its <c>.complete</c> record (resolved
/// versions, size, date) inside; every later run reuses it. Cancellation (and the caller's clock, which cancels too)
/// kills the installer's whole process tree and deletes the temporary folder, pip's and npm's temporary files
/// included (their TMPDIR is inside it). A failed install leaves a <c>.failed</c> note that answers again for
/// <see cref="FailureMemory"/>, so repeated runs do not hammer an unreachable index. docs/run.md describes it all.
/// </summary>
internal static partial class Dependencies
{
    public static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(60);

    /// <summary>A ceiling for one installer process when the caller's clock allows more (the clock still applies).</summary>
    private static readonly TimeSpan InstallCeiling = TimeSpan.FromHours(1);

    /// <summary>pip's socket timeout and npm's request timeout: an unreachable index fails in seconds, not minutes.</summary>
    public const int PipSocketTimeoutSeconds = 10;
    public const int NpmFetchTimeoutSeconds = 30;

    public const string FailurePrefix = "Dependency install failed: ";

    /// <summary>Stack AI's documented texts (PLATFORMS.md B, the Code Node page's "Error Handling").</summary>
    public const string PackageFailureText = "Dependency install failed: a declared package couldn't be installed. Check the package name/version.";
    public const string SandboxTimeoutText = "Sandbox timed out: the environment took too long to start. Try again.";

    public const string CompleteFile = ".complete";
    public const string LastUsedFile = ".last-used";

    public static Task<DependencyEnv> EnsurePythonAsync(RunSettings settings, IReadOnlyList<string> deps, string workspaceRoot, CancellationToken ct)
    {
        var python = RunEnvironment.Python(settings);
        if (python.Path == null) return Task.FromResult(new DependencyEnv(null, python.Error));
        // A pip.conf in the workspace joins the user's configuration (PIP_CONFIG_FILE is read last and wins); a
        // PIP_CONFIG_FILE the user set is left alone.
        var extraEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        var workspaceConf = Path.Combine(workspaceRoot, "pip.conf");
        if (File.Exists(workspaceConf) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PIP_CONFIG_FILE")))
            extraEnv["PIP_CONFIG_FILE"] = workspaceConf;
        var config = ConfigKey(["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_FIND_LINKS", "PIP_CONFIG_FILE", "PIP_NO_INDEX"],
            extraEnv.TryGetValue("PIP_CONFIG_FILE", out var conf) ? conf : null);
        return EnsureAsync(settings, "py", python.Path, config, deps, PackageNames.ParsePip, async (work, env, token) =>
        {
            var log = Path.Combine(work, "pip.log");
            var args = new List<string>
            {
                "-m", "pip", "install", "--target", env, "--disable-pip-version-check", "--no-input", "--no-warn-script-location",
                "--progress-bar", "off", "--retries", "0", "--timeout", PipSocketTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                "--log", log,
            };
            args.AddRange(deps);
            var result = await ToolProcess.RunAsync(python.Path, args, work, InstallCeiling, token, extraEnv: WithTemp(extraEnv, work)).ConfigureAwait(false);
            return result.Succeeded ? null : InstallFailures.Pip(result, ReadQuietly(log));
        }, ct);
    }

    public static Task<DependencyEnv> EnsureNodeAsync(RunSettings settings, IReadOnlyList<string> deps, string workspaceRoot, CancellationToken ct)
    {
        var npm = RunEnvironment.FindProgram("npm");
        if (npm == null) return Task.FromResult(new DependencyEnv(null, FailurePrefix + "npm was not found on PATH."));
        // npm reads a project's .npmrc from the folder it installs in; the workspace's is copied there for the
        // install and removed before the environment is kept, so no token it holds stays in the cache.
        var npmrc = Path.Combine(workspaceRoot, ".npmrc");
        var hasNpmrc = File.Exists(npmrc);
        var config = ConfigKey(["npm_config_registry", "NPM_CONFIG_REGISTRY", "npm_config_userconfig", "NPM_CONFIG_USERCONFIG"], hasNpmrc ? npmrc : null);
        return EnsureAsync(settings, "npm", npm, config, deps, PackageNames.ParseNpm, async (work, env, token) =>
        {
            File.WriteAllText(Path.Combine(env, "package.json"), "{\"private\": true}\n");
            if (hasNpmrc) File.Copy(npmrc, Path.Combine(env, ".npmrc"), overwrite: true);
            var args = new List<string>
            {
                "install", "--no-audit", "--no-fund", "--save-exact", "--no-package-lock", "--loglevel", "error",
                "--fetch-retries=0", "--fetch-timeout=" + (NpmFetchTimeoutSeconds * 1000).ToString(CultureInfo.InvariantCulture),
                "--update-notifier=false",
            };
            args.AddRange(deps);
            var result = await ToolProcess.RunAsync(npm, args, env, InstallCeiling, token, extraEnv: WithTemp(new Dictionary<string, string>(), work)).ConfigureAwait(false);
            File.Delete(Path.Combine(env, ".npmrc"));
            return result.Succeeded ? null : InstallFailures.Npm(result);
        }, ct, "node_modules");
    }

    /// <summary>The installer's temporary files go into the work folder, so deleting it leaves nothing behind.</summary>
    private static Dictionary<string, string> WithTemp(Dictionary<string, string> env, string work)
    {
        var tmp = Path.Combine(work, "tmp");
        Directory.CreateDirectory(tmp);
        var copy = new Dictionary<string, string>(env, StringComparer.Ordinal) { ["TMPDIR"] = tmp, ["TEMP"] = tmp, ["TMP"] = tmp };
        return copy;
    }

    /// <summary>What of the installer's configuration changes which packages an index serves: some variables and a workspace file.</summary>
    private static string ConfigKey(string[] variables, string? workspaceFile)
    {
        var parts = variables.Select(v => v + "=" + Environment.GetEnvironmentVariable(v)).ToList();
        if (workspaceFile != null) parts.Add(workspaceFile + "\n" + ReadQuietly(workspaceFile));
        return string.Join("\n", parts);
    }

    private static string ReadQuietly(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path) : ""; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    /// <summary>
    /// Refuses entries the installer would take as options (<c>--index-url=…</c>, <c>-r file</c>): Stack AI installs
    /// each entry as a package; the index belongs in the installer's configuration (docs/run.md).
    /// </summary>
    public static string? OptionRefusal(IReadOnlyList<string> deps, Func<string, DependencySpec> parse)
    {
        foreach (var dep in deps)
        {
            if (PackageNames.IsInstallerOption(dep)) return FailurePrefix + parse(dep).Error;
        }
        return null;
    }

    private static async Task<DependencyEnv> EnsureAsync(RunSettings settings, string kind, string tool, string config, IReadOnlyList<string> deps,
        Func<string, DependencySpec> parse, Func<string, string, CancellationToken, Task<InstallFailure?>> install, CancellationToken ct, string? subfolder = null)
    {
        var sorted = deps.Select(d => d.Trim()).Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (OptionRefusal(sorted, parse) is { } refused) return new DependencyEnv(null, refused);
        var key = kind + "-" + RunEnvironment.Hash(tool + "\n" + config + "\n" + string.Join("\n", sorted));
        var root = DependencyCache.DepsRoot(settings);
        var dir = Path.Combine(root, key);
        string Ready() => subfolder == null ? dir : Path.Combine(dir, subfolder);
        bool pinned = sorted.All(d => kind == "py" ? IsPinnedPip(d) : IsPinnedNpm(d));

        var existing = DependencyCache.ReadRecord(dir);
        if (existing != null && !NeedsRefresh(existing, pinned, settings)) return Reuse(dir, Ready(), existing, null);
        if (existing == null && RecentFailure(root, key) is { } remembered) return new DependencyEnv(null, remembered);

        using var held = await EnvLock.AcquireAsync(root, key, ct).ConfigureAwait(false);
        // Another process may have finished (or failed) the same install while this one waited.
        existing = DependencyCache.ReadRecord(dir);
        if (existing != null && !NeedsRefresh(existing, pinned, settings)) return Reuse(dir, Ready(), existing, null);
        if (existing == null && RecentFailure(root, key) is { } again) return new DependencyEnv(null, again);

        DependencyCache.RemoveLeftovers(root, key, lockHeld: true);
        var work = Path.Combine(root, $"{key}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var watch = Stopwatch.StartNew();
        try
        {
            var env = Path.Combine(work, "env");
            Directory.CreateDirectory(env);
            var failure = await install(work, env, ct).ConfigureAwait(false);
            if (failure != null)
            {
                var message = failure.Message(sorted);
                // A refresh that fails (offline, say) keeps the versions resolved before, and says so.
                if (existing != null) return Reuse(dir, Ready(), existing, "re-resolving failed; the versions resolved before are used: " + failure.Line);
                Directory.CreateDirectory(root);
                File.WriteAllText(Path.Combine(root, key + ".failed"), message);
                return new DependencyEnv(null, message);
            }
            var record = new JObject
            {
                ["kind"] = kind,
                ["dependencies"] = new JArray(sorted.Select(d => (object)d).ToArray()),
                ["packages"] = kind == "py" ? DependencyCache.PipPackages(env) : DependencyCache.NpmPackages(Path.Combine(env, "node_modules")),
                ["resolvedAt"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                ["pinned"] = pinned,
                ["sizeBytes"] = DependencyCache.FolderSize(env),
            };
            File.WriteAllText(Path.Combine(env, CompleteFile), record.ToString(Newtonsoft.Json.Formatting.Indented));
            File.WriteAllText(Path.Combine(env, LastUsedFile), "");
            if (Directory.Exists(dir))
            {
                var old = Path.Combine(root, $"{key}.old-{Environment.ProcessId}-{Guid.NewGuid():N}");
                Directory.Move(dir, old);
                Directory.Move(env, dir);
                DependencyCache.DeleteFolder(old);
            }
            else
            {
                try { Directory.Move(env, dir); }
                catch (IOException) when (DependencyCache.ReadRecord(dir) is { } finished)
                {
                    // Where locks do not work, another process may have finished first: its environment is as good.
                    return Reuse(dir, Ready(), finished, null);
                }
            }
            TryDeleteFile(Path.Combine(root, key + ".failed"));
            var info = Info(record, cached: false);
            info["installMs"] = Math.Round(watch.Elapsed.TotalMilliseconds);
            var ready = new DependencyEnv(Ready(), null, info);
            held.Dispose();
            DependencyCache.Trim(settings, keep: key);
            return ready;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DependencyEnv(null, FailurePrefix + e.Message);
        }
        finally
        {
            DependencyCache.DeleteFolder(work);
        }
    }

    private static DependencyEnv Reuse(string dir, string ready, JObject record, string? note)
    {
        DependencyCache.Touch(dir);
        var info = Info(record, cached: true);
        if (note != null) info["note"] = note;
        return new DependencyEnv(ready, null, info);
    }

    private static JObject Info(JObject record, bool cached) => new()
    {
        ["packages"] = record["packages"]?.DeepClone() ?? new JObject(),
        ["cached"] = cached,
        ["resolvedAt"] = record["resolvedAt"]?.DeepClone(),
    };

    /// <summary>Unpinned sets are re-resolved on demand or once the schedule's hours have passed since they were resolved.</summary>
    private static bool NeedsRefresh(JObject record, bool pinned, RunSettings settings)
    {
        if (pinned) return false;
        if (settings.RefreshDependencies) return true;
        if (!DateTime.TryParse((string?)record["resolvedAt"], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)) return true;
        return DateTime.UtcNow - at.ToUniversalTime() > TimeSpan.FromHours(settings.RefreshUnpinnedHours);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\s*(\[[^\]]*\])?\s*===?\s*[A-Za-z0-9.+!_-]+\s*(;.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PinnedPip();

    [GeneratedRegex(@"^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9~][a-z0-9._~-]*@v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PinnedNpm();

    /// <summary><c>name==1.2.3</c> (no wildcard) or a URL: the same files every time.</summary>
    public static bool IsPinnedPip(string dep) => dep.Contains("://", StringComparison.Ordinal) || (PinnedPip().IsMatch(dep) && !dep.Contains('*'));

    /// <summary><c>name@1.2.3</c>: an exact version.</summary>
    public static bool IsPinnedNpm(string dep) => PinnedNpm().IsMatch(dep);

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

    private static void TryDeleteFile(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
